-- Border communes in tile $1/$2/$3 (z/x/y), inside the caller's scope $4 (NULL = all): countries faced
-- (comma-separated), distance to the border (m) and whether they touch it.
-- The feature id is the code as a number; geom is in tile coordinates.
SELECT c.code::integer AS id, c.code, c.name, c.kind, c.province_code AS "provinceCode",
  array_to_string(b.countries, ',') AS countries, round(b.distance_m)::integer AS "distanceM", b.touches,
  posture_tile_geom(c.geom, $1, $2, $3) AS geom
FROM border_commune b
JOIN commune c ON c.code = b.commune_code
WHERE c.geom && posture_tile_box($1, $2, $3)
  AND ($4::text[] IS NULL OR c.code = ANY ($4::text[]))
ORDER BY c.code
