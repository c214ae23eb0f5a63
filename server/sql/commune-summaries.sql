-- The communes of /api/communes without their geometry, each with its bounding box (west, south, east, north): what
-- the map's lists, legend counts and zoom-to need, the map itself drawing from the vector tiles. $1 is the date, $2
-- the caller's scope (commune codes, NULL = all).
SELECT c.code, c.name, c.kind, c.population, c.area_km2 AS "areaKm2",
  s.key_complex, s.drug_key_area, s.transformation, s.drug_free, s.safe_standard,
  (SELECT hs.status FROM police_hq h JOIN police_hq_status_at($1::date) hs ON hs.hq_id = h.id
    WHERE h.commune_code = c.code ORDER BY h.id LIMIT 1) AS "hqStatus",
  round(ST_XMin(c.geom)::numeric, 5)::float8 AS west, round(ST_YMin(c.geom)::numeric, 5)::float8 AS south,
  round(ST_XMax(c.geom)::numeric, 5)::float8 AS east, round(ST_YMax(c.geom)::numeric, 5)::float8 AS north
FROM commune c
JOIN commune_status_at($1::date) s ON s.commune_code = c.code
WHERE ($2::text[] IS NULL OR c.code = ANY ($2::text[]))
ORDER BY c.code
