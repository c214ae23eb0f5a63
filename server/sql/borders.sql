-- National border lines per neighbouring country, with their geodesic length.
SELECT b.country_code AS "countryCode", b.name,
  round((ST_Length(b.geom::geography) / 1000)::numeric, 1) AS "lengthKm",
  ST_AsGeoJSON(b.geom, 6)::json AS geometry
FROM national_border b
ORDER BY b.country_code, b.id
