-- Area (km², geodesic) each candidate site $1 ([{"i", "lon", "lat"}]) would newly bring within $2 metres: the
-- part of the communes of the caller's scope $6 (commune codes, NULL = all) inside the candidate's buffer and
-- outside the buffers of the HQs whose status as of $4 is one of $5 and of the sites already picked $7
-- ([{"lon", "lat"}]). $3: buffer style ('quad_segs=16', the 64-gon of the Turf circles); $8: a margin in degrees
-- within which an HQ may reach the candidates (a prefilter only).
-- A candidate whose row is missing from the answer was not computed (see best-sites-db.ts).
WITH cand AS MATERIALIZED (
  SELECT x.i, ST_Buffer(ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326)::geography, $2::float8, $3::text)::geometry AS g
  FROM json_to_recordset($1::json) AS x(i integer, lon float8, lat float8)
),
sites AS (
  SELECT h.geom
  FROM police_hq h
  JOIN police_hq_status_at($4::date) hs ON hs.hq_id = h.id
  WHERE hs.status = ANY ($5::text[])
    AND ($6::text[] IS NULL OR h.commune_code = ANY ($6::text[]))
    AND h.geom && (SELECT ST_Expand(ST_Extent(g)::geometry, $8::float8) FROM cand)
  UNION ALL
  SELECT ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326) FROM json_to_recordset($7::json) AS p(lon float8, lat float8)
),
reach AS MATERIALIZED (
  SELECT ST_Buffer(s.geom::geography, $2::float8, $3::text)::geometry AS g FROM sites s
),
-- The part of each candidate's buffer no HQ or pick reaches, then its overlap with each commune: one difference
-- per candidate, however many communes it meets.
fresh AS (
  SELECT cand.i,
    CASE WHEN u.g IS NULL THEN cand.g ELSE ST_CollectionExtract(ST_Difference(cand.g, u.g), 3) END AS g
  FROM cand
  LEFT JOIN LATERAL (SELECT ST_Union(r.g) AS g FROM reach r WHERE r.g && cand.g) u ON true
)
SELECT x.i,
  COALESCE((
    SELECT sum(ST_Area(ST_CollectionExtract(ST_Intersection(x.g, c.geom), 3)::geography))
    FROM commune c
    WHERE c.geom && x.g AND ($6::text[] IS NULL OR c.code = ANY ($6::text[]))
  ), 0) / 1e6 AS km2
FROM fresh x
ORDER BY x.i
