-- Border gates open as of $1, inside the caller's scope $2.
SELECT g.id, g.name, g.level, g.country_code AS "countryCode", g.commune_code AS "communeCode", g.version,
  ST_AsGeoJSON(g.geom, 6)::json AS geometry
FROM border_gate g
WHERE (g.opened_on IS NULL OR g.opened_on <= $1::date) AND (g.closed_on IS NULL OR g.closed_on > $1::date)
  AND ($2::text[] IS NULL OR g.commune_code = ANY ($2::text[]))
ORDER BY g.id
