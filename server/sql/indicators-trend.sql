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
-- The status records of the area up to the end of the year of $1 (those after it neither count nor come first),
-- grouped in one pass by kind, value, the year each starts and the year each ends by $1 (null: in force at $1);
-- `started` leaves out those starting after $1. For an area, read commune by commune through the status index
-- (OFFSET 0 keeps the planner from a join over every record of the country); for the whole country, one pass (statuses
-- belong to existing communes: no join, a selection a filter). Only one branch is planned: $2 is known to the plan.
spans AS (
  SELECT r.kind, r.value, extract(year FROM r.valid_from)::int AS start_year,
    CASE WHEN r.valid_to <= $1::date THEN extract(year FROM r.valid_to)::int END AS end_year,
    count(*) FILTER (WHERE r.valid_from <= $1::date)::int AS started, count(*)::int AS n
  FROM (
    SELECT x.kind, x.value, x.valid_from, x.valid_to
    FROM area a
    CROSS JOIN LATERAL (SELECT cs.kind, cs.value, cs.valid_from, cs.valid_to FROM commune_status cs
                        WHERE cs.commune_code = a.code AND cs.valid_from <= make_date(extract(year FROM $1::date)::int, 12, 31) OFFSET 0) x
    WHERE $2::text[] IS NOT NULL
    UNION ALL
    SELECT cs.kind, cs.value, cs.valid_from, cs.valid_to
    FROM commune_status cs
    WHERE $2::text[] IS NULL AND ($3::text[] IS NULL OR cs.commune_code = ANY ($3::text[]))
      AND cs.valid_from <= make_date(extract(year FROM $1::date)::int, 12, 31)
  ) r
  GROUP BY 1, 2, 3, 4
),
first_year AS (
  SELECT min(y)::int AS y
  FROM (
    SELECT min(start_year) AS y FROM spans
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
-- The status of each commune's HQ in force at each year's day (the first by id when there are several, as on the
-- map): the HQ records in force on the day, joined by date range (a few per HQ) rather than read per year.
hq AS (
  SELECT DISTINCT ON (y.year, h.commune_code) y.year, h.commune_code, s.status
  FROM years y
  JOIN police_hq_status s ON s.valid_from <= y.on_day AND (s.valid_to IS NULL OR s.valid_to > y.on_day)
  JOIN police_hq h ON h.id = s.hq_id
  JOIN area a ON a.code = h.commune_code
  ORDER BY y.year, h.commune_code, h.id
),
-- The records in force at each year's day, counted by value: at most one per commune and kind at a date
-- (constraint commune_status_no_overlap), so this counts what commune_status_at would return. Counted from events
-- instead of one grouping of every commune per year: a record is in force on a year's day from the year it starts
-- (valid_from ≤ 31 December, or ≤ $1 in the year of $1) up to the year it ends (valid_to ≤ that day), so the count
-- of a year is the records started by then minus those ended by then (a record ending by $1 started before it).
events AS (
  SELECT start_year AS year, kind, value, started AS step FROM spans
  UNION ALL
  SELECT end_year, kind, value, -n FROM spans WHERE end_year IS NOT NULL
),
recorded AS (
  SELECT y.year, e.kind, e.value, sum(e.step)::int AS n
  FROM years y
  JOIN events e ON e.year <= y.year
  GROUP BY y.year, e.kind, e.value
  HAVING sum(e.step) > 0
),
-- A commune with no record of a kind in force counts under the kind's "absent" value, as in commune_status_at.
absent AS (
  SELECT y.year, d.kind, d.value, (SELECT count(*) FROM area)::int - coalesce(sum(r.n), 0)::int AS n
  FROM years y
  CROSS JOIN (VALUES ('key_complex', 'not_key'), ('drug_key_area', 'not_key'), ('transformation', 'none'),
    ('drug_free', 'not_started'), ('safe_standard', 'not_assessed')) AS d (kind, value)
  LEFT JOIN recorded r ON r.year = y.year AND r.kind = d.kind
  GROUP BY y.year, d.kind, d.value
),
hq_counts AS (
  SELECT year, 'hq' AS kind, status AS value, count(*)::int AS n FROM hq GROUP BY year, status
  UNION ALL
  SELECT y.year, 'hq', 'none', (SELECT count(*) FROM area)::int - (SELECT count(*) FROM hq WHERE hq.year = y.year)::int
  FROM years y
),
counts AS (
  SELECT year, kind, value, sum(n)::int AS n
  FROM (SELECT * FROM recorded UNION ALL SELECT * FROM absent UNION ALL SELECT * FROM hq_counts) x
  GROUP BY year, kind, value
)
SELECT y.year, v.kind, v.value, coalesce(c.n, 0) AS count
FROM years y
CROSS JOIN status_legend_value v
LEFT JOIN counts c ON c.year = y.year AND c.kind = v.kind AND c.value = v.value
ORDER BY y.year,
  array_position(ARRAY['key_complex', 'drug_key_area', 'transformation', 'drug_free', 'safe_standard', 'hq'], v.kind),
  v.ordinal, v.value
