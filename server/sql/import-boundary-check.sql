-- Checks imported commune geometries: $1 is a JSON array of {n, code, province, geometry} (GeoJSON, WGS 84), one
-- row per feature with its number `n`: validity as PostGIS sees it, the repair the commit would make
-- (posture_make_valid, migration 008: ST_MakeValid, or its snap-rounded equivalent on the embedded database) and
-- whether any area survives it, whether it touches its province's current outline (NULL when the province has
-- none), and the province of a commune already holding the code. A feature PostGIS cannot parse fails the whole
-- statement, and the embedded database may answer a statement with fewer rows than features (see migration 008):
-- the caller then checks that batch's features one at a time. The CTEs are MATERIALIZED: inlined, each reference
-- to `g`, `valid` or `fixed` would parse, check or repair the geometry again.
WITH f AS MATERIALIZED (
  SELECT (x->>'n')::int AS n, x->>'code' AS code, x->>'province' AS province,
    ST_SetSRID(ST_GeomFromGeoJSON(x->'geometry'), 4326) AS g
  FROM json_array_elements($1::json) AS x
),
v AS MATERIALIZED (SELECT f.*, ST_IsValid(f.g) AS valid FROM f),
r AS MATERIALIZED (SELECT v.*, CASE WHEN v.valid THEN v.g ELSE posture_make_valid(v.g) END AS fixed FROM v)
SELECT r.n, r.valid,
  CASE WHEN r.valid THEN NULL ELSE ST_IsValidReason(r.g) END AS reason,
  CASE WHEN r.valid THEN NULL ELSE GeometryType(r.fixed) END AS "repairedType",
  ST_IsEmpty(ST_CollectionExtract(r.fixed, 3)) AS "noArea",
  (SELECT ST_Intersects(p.geom, r.fixed) FROM province p WHERE p.code = r.province AND p.geom IS NOT NULL) AS "inProvince",
  (SELECT c.province_code FROM commune c WHERE c.code = r.code) AS "existingProvince"
FROM r
ORDER BY r.n
