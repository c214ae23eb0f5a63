-- Border communes in tile $1/$2/$3 (z/x/y), inside the caller's scope $4 (NULL = all): countries faced
-- (comma-separated), distance to the border (m) and whether they touch it.
-- The feature id is the code as a number; geom is in tile coordinates, generalised as the commune tiles are
-- (migration 020).
WITH frame AS MATERIALIZED (SELECT posture_outline_frame($1, $2, $3) AS f)
SELECT c.code::integer AS id, c.code, c.name, c.kind, c.province_code AS "provinceCode",
  array_to_string(b.countries, ',') AS countries, round(b.distance_m)::integer AS "distanceM", b.touches,
  posture_tile_fit(g.geom, frame.f) AS geom
FROM frame, border_commune b
JOIN commune c ON c.code = b.commune_code
JOIN commune_tile_geom g ON g.commune_code = b.commune_code
WHERE g.geom && (frame.f).box
  AND ($4::text[] IS NULL OR c.code = ANY ($4::text[]))
ORDER BY c.code
