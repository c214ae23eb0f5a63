-- The whole national border line per neighbouring country. Analyses only report distances to it, never its
-- shape, so it is not clipped to the caller's area: a clipped line would make distances too long.
SELECT b.country_code AS "countryCode", ST_AsGeoJSON(b.geom, 6)::json AS geometry
FROM national_border b
ORDER BY b.country_code, b.id
