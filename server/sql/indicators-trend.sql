-- Communes per value of each status kind at the end of every year, over the caller's area ($2, NULL = all) and the
-- selection ($3, NULL = none): from the first year with a status or HQ record in these communes to the year of $1;
-- a year is read on 31 December, the year of $1 on $1 itself. Kinds, values and order as in
-- indicators-status-breakdown.sql, zero counts included.
WITH area AS (
  SELECT c.code
  FROM commune c
  WHERE ($2::text[] IS NULL OR c.code = ANY ($2::text[]))
    AND ($3::text[] IS NULL OR c.code = ANY ($3::text[]))
),
first_year AS (
  SELECT min(y)::int AS y
  FROM (
    SELECT extract(year FROM cs.valid_from) AS y FROM commune_status cs JOIN area a ON a.code = cs.commune_code
    UNION ALL
    SELECT extract(year FROM s.valid_from) FROM police_hq_status s JOIN police_hq h ON h.id = s.hq_id
      JOIN area a ON a.code = h.commune_code
  ) r
),
-- Constant series bounds, filtered, rather than generate_series(first year, as-of year): the planner guesses 1000
-- rows for a series with computed bounds, and the plan then looks costly enough for JIT compilation (≈ 0.5 s).
years AS (
  SELECT g.y AS year, least(make_date(g.y, 12, 31), $1::date) AS on_day
  FROM first_year f, generate_series(1900, 2200) AS g (y)
  WHERE g.y BETWEEN f.y AND extract(year FROM $1::date)
),
hq AS (
  SELECT DISTINCT ON (y.year, h.commune_code) y.year, h.commune_code, hs.status
  FROM years y
  CROSS JOIN LATERAL police_hq_status_at(y.on_day) hs
  JOIN police_hq h ON h.id = hs.hq_id
  JOIN area a ON a.code = h.commune_code
  WHERE hs.status IS NOT NULL
  ORDER BY y.year, h.commune_code, h.id
),
pairs AS (
  SELECT y.year, k.kind, k.value
  FROM years y
  CROSS JOIN LATERAL commune_status_at(y.on_day) s
  JOIN area a ON a.code = s.commune_code
  CROSS JOIN LATERAL (VALUES ('key_complex', s.key_complex), ('drug_key_area', s.drug_key_area),
    ('transformation', s.transformation), ('drug_free', s.drug_free), ('safe_standard', s.safe_standard)) AS k (kind, value)
  UNION ALL
  SELECT y.year, 'hq', coalesce(hq.status, 'none')
  FROM years y CROSS JOIN area a LEFT JOIN hq ON hq.year = y.year AND hq.commune_code = a.code
),
counts AS (
  SELECT year, kind, value, count(*)::int AS n FROM pairs GROUP BY year, kind, value
)
SELECT y.year, v.kind, v.value, coalesce(c.n, 0) AS count
FROM years y
CROSS JOIN status_legend_value v
LEFT JOIN counts c ON c.year = y.year AND c.kind = v.kind AND c.value = v.value
ORDER BY y.year,
  array_position(ARRAY['key_complex', 'drug_key_area', 'transformation', 'drug_free', 'safe_standard', 'hq'], v.kind),
  v.ordinal, v.value
