-- OGC API collection "villages": villages of the caller's scope $1 (NULL = all) with their population.
SELECT v.id, v.name, v.commune_code AS "communeCode", v.population, v.geom
FROM village v
WHERE $1::text[] IS NULL OR v.commune_code = ANY ($1::text[])
