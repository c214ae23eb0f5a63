-- Communes per value of each status kind as of $1, over the caller's area ($2, NULL = all) and the selection ($3,
-- NULL = none). Every value of every kind is listed, zero counts included, in legend order (view
-- status_legend_value).
-- Kind 'hq' is the status of the commune's HQ in force (the first by id when there are several, as on the map):
-- independent, under_construction, planned, shared, or none.
WITH area AS (
  SELECT c.code
  FROM commune c
  WHERE ($2::text[] IS NULL OR c.code = ANY ($2::text[]))
    AND ($3::text[] IS NULL OR c.code = ANY ($3::text[]))
),
hq AS (
  SELECT DISTINCT ON (h.commune_code) h.commune_code, hs.status
  FROM police_hq h
  JOIN area a ON a.code = h.commune_code
  JOIN police_hq_status_at($1::date) hs ON hs.hq_id = h.id
  WHERE hs.status IS NOT NULL
  ORDER BY h.commune_code, h.id
),
pairs AS (
  SELECT s.commune_code, k.kind, k.value
  FROM commune_status_in($1::date, $2::text[]) s
  JOIN area a ON a.code = s.commune_code
  CROSS JOIN LATERAL (VALUES ('key_complex', s.key_complex), ('drug_key_area', s.drug_key_area),
    ('transformation', s.transformation), ('drug_free', s.drug_free), ('safe_standard', s.safe_standard)) AS k (kind, value)
  UNION ALL
  SELECT a.code, 'hq', coalesce(hq.status, 'none')
  FROM area a LEFT JOIN hq ON hq.commune_code = a.code
)
SELECT v.kind, v.value, count(p.commune_code)::int AS count,
  coalesce(json_agg(p.commune_code ORDER BY p.commune_code) FILTER (WHERE p.commune_code IS NOT NULL), '[]'::json) AS communes
FROM status_legend_value v
LEFT JOIN pairs p ON p.kind = v.kind AND p.value = v.value
GROUP BY v.kind, v.value, v.ordinal
ORDER BY array_position(ARRAY['key_complex', 'drug_key_area', 'transformation', 'drug_free', 'safe_standard', 'hq'], v.kind),
  v.ordinal, v.value
