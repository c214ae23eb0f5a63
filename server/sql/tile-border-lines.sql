-- The national border lines in tile $1/$2/$3 (z/x/y). For a caller limited to some communes ($4), only the
-- stretches near them (within ~5 km of their extent), as borders.sql (clipped to that box by ST_ClipByBox2D, which
-- the embedded GEOS always answers). geom is in tile coordinates.
WITH area AS (
  SELECT ST_SetSRID(ST_Expand(ST_Extent(c.geom)::geometry, 0.05), 4326) AS g FROM commune c WHERE c.code = ANY ($4::text[])
),
lines AS (
  SELECT b.id, b.country_code, b.name,
    CASE WHEN $4::text[] IS NULL THEN b.geom ELSE ST_ClipByBox2D(b.geom, (SELECT g FROM area)) END AS geom
  FROM national_border b
  WHERE b.geom && posture_tile_box($1, $2, $3)
    AND ($4::text[] IS NULL OR b.geom && (SELECT g FROM area))
)
SELECT l.id, l.country_code AS "countryCode", l.name, posture_tile_geom(l.geom, $1, $2, $3) AS geom
FROM lines l
WHERE NOT ST_IsEmpty(l.geom)
ORDER BY l.id
