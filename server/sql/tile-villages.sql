-- Villages in tile $1/$2/$3 (z/x/y) with their population (omitted when unknown), inside the caller's scope $4
-- (NULL = all). geom is in tile coordinates.
SELECT v.id, v.name, v.commune_code AS "communeCode", v.population,
  posture_tile_geom(v.geom, $1, $2, $3) AS geom
FROM village v
WHERE v.geom && posture_tile_box($1, $2, $3)
  AND ($4::text[] IS NULL OR v.commune_code = ANY ($4::text[]))
ORDER BY v.id
