-- Checks one imported commune geometry $1 (GeoJSON, WGS 84) for code $2 against province $3: validity as
-- PostGIS sees it, the repair the commit would make (posture_make_valid, migration 008: ST_MakeValid, or its
-- snap-rounded equivalent on the embedded database) and whether any area survives it, whether it touches the
-- province's current outline (NULL when the province has none), and the province of a commune already holding
-- the code.
WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g),
v AS (SELECT g, ST_IsValid(g) AS valid FROM g),
r AS (SELECT g, valid, CASE WHEN valid THEN g ELSE posture_make_valid(g) END AS fixed FROM v)
SELECT r.valid,
  CASE WHEN r.valid THEN NULL ELSE ST_IsValidReason(r.g) END AS reason,
  CASE WHEN r.valid THEN NULL ELSE GeometryType(r.fixed) END AS "repairedType",
  ST_IsEmpty(ST_CollectionExtract(r.fixed, 3)) AS "noArea",
  (SELECT ST_Intersects(p.geom, r.fixed) FROM province p WHERE p.code = $3 AND p.geom IS NOT NULL) AS "inProvince",
  (SELECT c.province_code FROM commune c WHERE c.code = $2) AS "existingProvince"
FROM r
