-- Commune outlines for the analyses, inside the caller's scope $1 (commune codes, NULL = all).
SELECT c.code, c.name, ST_AsGeoJSON(c.geom, 6)::json AS geometry
FROM commune c
WHERE ($1::text[] IS NULL OR c.code = ANY ($1::text[]))
ORDER BY c.code
