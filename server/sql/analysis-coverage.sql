-- Coverage of the communes $1 (codes) by the commune police HQs whose status as of $4 is one of $5, inside the
-- caller's scope $6 (commune codes, NULL = all): each HQ's reach is a geography buffer of $2 metres ($3: buffer
-- style, 'quad_segs=16' is the 64-gon the Turf circles use), the buffers meeting a commune are united and
-- overlaid with it. Areas are geodesic (ST_Area of geography). $7 is a margin in degrees around the communes'
-- extent within which an HQ may reach them (a prefilter only: the buffers' own boxes decide).
-- A commune whose row is missing from the answer was not computed (see analysis-coverage.ts).
WITH chunk AS MATERIALIZED (
  SELECT c.code, c.name, c.geom, c.area_km2 FROM commune c WHERE c.code = ANY ($1::text[])
),
reach AS MATERIALIZED (
  SELECT ST_Buffer(h.geom::geography, $2::float8, $3::text)::geometry AS g
  FROM police_hq h
  JOIN police_hq_status_at($4::date) hs ON hs.hq_id = h.id
  WHERE hs.status = ANY ($5::text[])
    AND ($6::text[] IS NULL OR h.commune_code = ANY ($6::text[]))
    AND h.geom && (SELECT ST_Expand(ST_Extent(geom)::geometry, $7::float8) FROM chunk)
),
parts AS (
  SELECT c.code, c.name, c.area_km2,
    CASE WHEN u.g IS NULL THEN NULL ELSE ST_CollectionExtract(ST_Intersection(c.geom, u.g), 3) END AS covered,
    CASE WHEN u.g IS NULL THEN c.geom ELSE ST_CollectionExtract(ST_Difference(c.geom, u.g), 3) END AS gap
  FROM chunk c
  LEFT JOIN LATERAL (SELECT ST_Union(r.g) AS g FROM reach r WHERE r.g && c.geom) u ON true
)
-- area_km2 is the commune's ST_Area(geography), kept by the table's trigger.
SELECT p.code, p.name, p.area_km2 AS "areaKm2",
  COALESCE(ST_Area(p.covered::geography) / 1e6, 0) AS "coveredKm2",
  COALESCE(ST_Area(p.gap::geography) / 1e6, 0) AS "gapKm2",
  CASE WHEN p.covered IS NULL OR ST_IsEmpty(p.covered) THEN NULL ELSE ST_AsGeoJSON(p.covered, 6)::json END AS covered,
  CASE WHEN p.gap IS NULL OR ST_IsEmpty(p.gap) THEN NULL ELSE ST_AsGeoJSON(p.gap, 6)::json END AS gap
FROM parts p
ORDER BY p.code
