-- Border communes in tile $1/$2/$3 (z/x/y), inside the caller's scope $4 (NULL = all): countries faced
-- (comma-separated), distance to the border (m) and whether they touch it.
-- The feature id is the code as a number; geom is in tile coordinates, from the outlines prepared for tiles
-- (migration 019), generalised as the commune tiles are (tile-communes.sql).
SELECT c.code::integer AS id, c.code, c.name, c.kind, c.province_code AS "provinceCode",
  array_to_string(b.countries, ',') AS countries, round(b.distance_m)::integer AS "distanceM", b.touches,
  posture_tile_geom(CASE WHEN $1 >= 6 THEN g.geom WHEN $1 = 5 THEN g.geom_z5 WHEN $1 = 4 THEN g.geom_z4 WHEN $1 = 3 THEN g.geom_z3 ELSE g.geom_z2 END, $1, $2, $3) AS geom
FROM border_commune b
JOIN commune c ON c.code = b.commune_code
JOIN commune_tile_geom g ON g.commune_code = b.commune_code
WHERE g.geom && ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096)
  AND ($4::text[] IS NULL OR c.code = ANY ($4::text[]))
ORDER BY c.code
