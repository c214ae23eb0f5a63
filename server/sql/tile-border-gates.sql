-- Border gates open as of $4 in tile $1/$2/$3 (z/x/y), inside the caller's scope $5 (NULL = all). geom is in tile
-- coordinates.
SELECT g.id, g.name, g.level, g.country_code AS "countryCode", g.commune_code AS "communeCode",
  posture_tile_geom(g.geom, $1, $2, $3) AS geom
FROM border_gate g
WHERE g.geom && posture_tile_box($1, $2, $3)
  AND (g.opened_on IS NULL OR g.opened_on <= $4::date) AND (g.closed_on IS NULL OR g.closed_on > $4::date)
  AND ($5::text[] IS NULL OR g.commune_code = ANY ($5::text[]))
ORDER BY g.id
