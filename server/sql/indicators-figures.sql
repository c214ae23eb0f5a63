-- The report-style indicators as of $1 over the communes of the caller's area ($2, NULL = all) and of the
-- selection ($3, NULL = no selection); $4 lists the border communes (indicators-border.sql). One row per indicator: `value`, `total`, the communes behind `value`, and
-- `recorded`: whether anything the indicator is computed from had been recorded by $1 in these communes (so a
-- comparison date before any record reads "nothing recorded", not zero).
--
-- Definitions (statuses are read through commune_status_at / police_hq_status_at, the single "as of"):
--   key_complex              communes key and complex for security and order / communes computed over
--   key_complex_transformed  communes whose transformation stage is transformed or later (trial period, maintained,
--                            re-assessed: ACHIEVED_VALUES in server/domain.ts; a relapse is not) / communes with a
--                            transformation stage in force (every commune ever designated key and complex; the
--                            key-and-complex record itself ends when the commune is transformed)
--   drug_key_area            communes that are key areas for drug-related social evils / communes computed over
--   border_drug_free         border communes (table border_commune) certified drug-free (or later: trial period,
--                            maintained, re-assessed) / border communes
--   inland_drug_free         other communes certified drug-free / other communes
--   safe_standard            communes meeting the "safe for security and order" standard / communes computed over
--   hq_independent           communes with an HQ in force whose status is independent / communes with an HQ in
--                            force (any status: the commune police unit exists)
--   officers                 staff of the HQs in force (police_hq.staff_count, the latest figure: it is not
--                            dated) / communes with an HQ in force (units); the communes are those units
--   security_teams           teams / members, each commune counted with its latest year ≤ the year of $1;
--                            the communes are those with such a year
--   self_governing_models    models established on or before $1 and not ended / their points of activity;
--                            the communes are those with such a model
WITH area AS (
  SELECT c.code
  FROM commune c
  WHERE ($2::text[] IS NULL OR c.code = ANY ($2::text[]))
    AND ($3::text[] IS NULL OR c.code = ANY ($3::text[]))
),
st AS (
  SELECT s.*, (s.commune_code = ANY ($4::text[])) AS is_border
  FROM commune_status_in($1::date, $2::text[]) s
  JOIN area a ON a.code = s.commune_code
),
-- Kinds with at least one record in force on or before $1 in these communes.
-- For an area, read commune by commune through the status index (OFFSET 0 keeps the planner from turning the
-- lateral subquery into a join that scans every record of the country for one province); for the whole country,
-- one probe per kind. Only one branch is planned: $2 is known to the plan.
kinds_recorded AS (
  SELECT DISTINCT k.kind
  FROM area a
  CROSS JOIN LATERAL (SELECT cs.kind FROM commune_status cs WHERE cs.commune_code = a.code AND cs.valid_from <= $1::date OFFSET 0) k
  WHERE $2::text[] IS NOT NULL
  UNION
  -- Whole country: one probe per kind, ending at its first record (statuses belong to existing communes).
  SELECT k.kind
  FROM (SELECT DISTINCT kind FROM status_value) k
  WHERE $2::text[] IS NULL AND EXISTS (
    SELECT 1 FROM commune_status cs
    WHERE cs.kind = k.kind AND cs.valid_from <= $1::date AND ($3::text[] IS NULL OR cs.commune_code = ANY ($3::text[])))
),
hq AS (
  SELECT h.id, h.commune_code, h.staff_count, hs.status
  FROM police_hq h
  JOIN area a ON a.code = h.commune_code
  JOIN police_hq_status_at($1::date) hs ON hs.hq_id = h.id
  WHERE hs.status IS NOT NULL
),
hq_recorded AS (
  SELECT EXISTS (
    SELECT 1 FROM police_hq_status s JOIN police_hq h ON h.id = s.hq_id JOIN area a ON a.code = h.commune_code
    WHERE s.valid_from <= $1::date
  ) AS found
),
teams AS (
  SELECT DISTINCT ON (t.commune_code) t.commune_code, t.team_count, t.member_count
  FROM security_team_count t
  JOIN area a ON a.code = t.commune_code
  WHERE t.year <= extract(year FROM $1::date)
  ORDER BY t.commune_code, t.year DESC
),
models_recorded AS (
  SELECT EXISTS (
    SELECT 1 FROM self_governing_model m JOIN area a ON a.code = m.commune_code WHERE m.established_on <= $1::date
  ) AS found
),
models AS (
  SELECT m.id, m.commune_code, (SELECT count(*) FROM model_activity_point p WHERE p.model_id = m.id) AS points
  FROM self_governing_model m
  JOIN area a ON a.code = m.commune_code
  WHERE m.established_on <= $1::date AND (m.ended_on IS NULL OR m.ended_on > $1::date)
),
figures AS (
  SELECT 1 AS ord, 'key_complex' AS id,
    count(*) FILTER (WHERE key_complex = 'key_complex') AS value, count(*) AS total,
    json_agg(commune_code ORDER BY commune_code) FILTER (WHERE key_complex = 'key_complex') AS communes,
    'key_complex' IN (SELECT kind FROM kinds_recorded) AS recorded
  FROM st
  UNION ALL
  SELECT 2, 'key_complex_transformed',
    count(*) FILTER (WHERE transformation IN ('transformed', 'challenge', 'maintained', 'reassessed')), count(*) FILTER (WHERE transformation <> 'none'),
    json_agg(commune_code ORDER BY commune_code) FILTER (WHERE transformation IN ('transformed', 'challenge', 'maintained', 'reassessed')),
    'transformation' IN (SELECT kind FROM kinds_recorded)
  FROM st
  UNION ALL
  SELECT 3, 'drug_key_area',
    count(*) FILTER (WHERE drug_key_area = 'drug_key_area'), count(*),
    json_agg(commune_code ORDER BY commune_code) FILTER (WHERE drug_key_area = 'drug_key_area'),
    'drug_key_area' IN (SELECT kind FROM kinds_recorded)
  FROM st
  UNION ALL
  SELECT 4, 'border_drug_free',
    count(*) FILTER (WHERE is_border AND drug_free IN ('certified', 'challenge', 'maintained', 'reassessed')), count(*) FILTER (WHERE is_border),
    json_agg(commune_code ORDER BY commune_code) FILTER (WHERE is_border AND drug_free IN ('certified', 'challenge', 'maintained', 'reassessed')),
    'drug_free' IN (SELECT kind FROM kinds_recorded)
  FROM st
  UNION ALL
  SELECT 5, 'inland_drug_free',
    count(*) FILTER (WHERE NOT is_border AND drug_free IN ('certified', 'challenge', 'maintained', 'reassessed')), count(*) FILTER (WHERE NOT is_border),
    json_agg(commune_code ORDER BY commune_code) FILTER (WHERE NOT is_border AND drug_free IN ('certified', 'challenge', 'maintained', 'reassessed')),
    'drug_free' IN (SELECT kind FROM kinds_recorded)
  FROM st
  UNION ALL
  SELECT 6, 'safe_standard',
    count(*) FILTER (WHERE safe_standard = 'met'), count(*),
    json_agg(commune_code ORDER BY commune_code) FILTER (WHERE safe_standard = 'met'),
    'safe_standard' IN (SELECT kind FROM kinds_recorded)
  FROM st
  UNION ALL
  SELECT 7, 'hq_independent',
    count(DISTINCT commune_code) FILTER (WHERE status = 'independent'), count(DISTINCT commune_code),
    json_agg(DISTINCT commune_code ORDER BY commune_code) FILTER (WHERE status = 'independent'),
    (SELECT found FROM hq_recorded)
  FROM hq
  UNION ALL
  SELECT 8, 'officers',
    coalesce(sum(staff_count), 0), count(DISTINCT commune_code),
    json_agg(DISTINCT commune_code ORDER BY commune_code),
    (SELECT found FROM hq_recorded)
  FROM hq
  UNION ALL
  SELECT 9, 'security_teams',
    coalesce(sum(team_count), 0), coalesce(sum(member_count), 0),
    json_agg(commune_code ORDER BY commune_code),
    count(*) > 0
  FROM teams
  UNION ALL
  SELECT 10, 'self_governing_models',
    count(*), coalesce(sum(points), 0),
    json_agg(DISTINCT commune_code ORDER BY commune_code),
    (SELECT found FROM models_recorded)
  FROM models
)
SELECT id, value::float8 AS value, total::float8 AS total, coalesce(communes, '[]'::json) AS communes, recorded
FROM figures
ORDER BY ord
