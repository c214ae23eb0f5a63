-- The report figures as of $1 per province of the caller's area ($2, NULL = all), for the national table: the
-- same definitions as indicators-figures.sql (value / total), one row per province and figure. $3 lists the
-- border communes (indicators-border.sql). Only when no selection is made.
WITH area AS (
  SELECT c.code, c.province_code FROM commune c WHERE $2::text[] IS NULL OR c.code = ANY ($2::text[])
),
st AS (
  SELECT a.province_code, s.*, (s.commune_code = ANY ($3::text[])) AS is_border
  FROM commune_status_in($1::date, $2::text[]) s JOIN area a ON a.code = s.commune_code
),
hq AS (
  SELECT a.province_code, h.commune_code, h.staff_count, hs.status
  FROM police_hq h JOIN area a ON a.code = h.commune_code
  JOIN police_hq_status_at($1::date) hs ON hs.hq_id = h.id
  WHERE hs.status IS NOT NULL
),
by_status AS (
  SELECT province_code,
    count(*) FILTER (WHERE key_complex = 'key_complex') AS key_complex,
    count(*) AS communes,
    count(*) FILTER (WHERE transformation IN ('transformed', 'challenge', 'maintained', 'reassessed')) AS transformed,
    count(*) FILTER (WHERE transformation <> 'none') AS transformation_any,
    count(*) FILTER (WHERE drug_key_area = 'drug_key_area') AS drug_key_area,
    count(*) FILTER (WHERE is_border AND drug_free IN ('certified', 'challenge', 'maintained', 'reassessed')) AS border_drug_free,
    count(*) FILTER (WHERE is_border) AS border,
    count(*) FILTER (WHERE NOT is_border AND drug_free IN ('certified', 'challenge', 'maintained', 'reassessed')) AS inland_drug_free,
    count(*) FILTER (WHERE NOT is_border) AS inland,
    count(*) FILTER (WHERE safe_standard = 'met') AS safe_standard
  FROM st GROUP BY province_code
),
by_hq AS (
  SELECT province_code,
    count(DISTINCT commune_code) FILTER (WHERE status = 'independent') AS independent,
    count(DISTINCT commune_code) AS with_hq,
    coalesce(sum(staff_count), 0) AS officers
  FROM hq GROUP BY province_code
)
SELECT p.code AS "provinceCode", p.name, p.is_demo AS "isDemo", s.communes::int AS "communeCount",
  json_build_object(
    'key_complex', json_build_array(s.key_complex, s.communes),
    'key_complex_transformed', json_build_array(s.transformed, s.transformation_any),
    'drug_key_area', json_build_array(s.drug_key_area, s.communes),
    'border_drug_free', json_build_array(s.border_drug_free, s.border),
    'inland_drug_free', json_build_array(s.inland_drug_free, s.inland),
    'safe_standard', json_build_array(s.safe_standard, s.communes),
    'hq_independent', json_build_array(coalesce(h.independent, 0), coalesce(h.with_hq, 0)),
    'officers', json_build_array(coalesce(h.officers, 0), coalesce(h.with_hq, 0))
  ) AS figures
FROM by_status s
JOIN province p ON p.code = s.province_code
LEFT JOIN by_hq h ON h.province_code = s.province_code
ORDER BY p.code
