-- Villages with their population, inside the caller's scope $1. An unknown population counts as 0: coverage
-- figures then understate rather than invent people.
SELECT v.id, v.name, v.commune_code AS "communeCode", coalesce(v.population, 0) AS population,
  ST_AsGeoJSON(v.geom, 6)::json AS geometry
FROM village v
WHERE ($1::text[] IS NULL OR v.commune_code = ANY ($1::text[]))
ORDER BY v.id
