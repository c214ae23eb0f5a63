-- OGC API collection "border-lines": the national border line per neighbouring country with its geodesic length.
-- For a caller limited to some communes ($1), only the stretches near them (within ~5 km of their extent), exactly
-- as GET /api/borders (borders.sql).
WITH area AS (
  SELECT ST_SetSRID(ST_Expand(ST_Extent(c.geom)::geometry, 0.05), 4326) AS g FROM commune c WHERE c.code = ANY ($1::text[])
),
lines AS (
  SELECT b.id, b.country_code, b.name,
    CASE WHEN $1::text[] IS NULL THEN b.geom
         ELSE ST_Multi(ST_CollectionExtract(ST_Intersection(b.geom, (SELECT g FROM area)), 2)) END AS geom
  FROM national_border b
)
SELECT l.id, l.country_code AS "countryCode", l.name,
  round((ST_Length(l.geom::geography) / 1000)::numeric, 1)::float8 AS "lengthKm", l.geom
FROM lines l
WHERE l.geom IS NOT NULL AND NOT ST_IsEmpty(l.geom)
