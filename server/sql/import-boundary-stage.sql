-- Stages and checks imported communes inside the import's own transaction: $1 is a JSON array of {n, code,
-- province, name, kind, population, geometry}. Each geometry is parsed, checked and repaired once (as in
-- import-boundary-check.sql, whose answer this one gives too), and kept in import_stage, which the write copies
-- from (import-boundary-write.sql) without checking again. `json`, not `jsonb`: the text is read once, where jsonb
-- would first build its binary form of the whole payload.
WITH f AS MATERIALIZED (
  SELECT (x->>'n')::int AS n, x->>'code' AS code, x->>'province' AS province, x->>'name' AS name, x->>'kind' AS kind,
    (x->>'population')::int AS population, ST_SetSRID(ST_GeomFromGeoJSON(x->'geometry'), 4326) AS g
  FROM json_array_elements($1::json) AS x
),
v AS MATERIALIZED (SELECT f.*, ST_IsValid(f.g) AS valid FROM f),
r AS MATERIALIZED (
  SELECT v.*, CASE WHEN v.valid THEN NULL ELSE ST_IsValidReason(v.g) END AS reason,
    CASE WHEN v.valid THEN v.g ELSE posture_make_valid(v.g) END AS fixed
  FROM v
),
staged AS (
  INSERT INTO import_stage (n, code, province, name, kind, population, geom, reason)
  SELECT r.n, r.code, r.province, r.name, r.kind, r.population, ST_Multi(ST_CollectionExtract(r.fixed, 3)), r.reason FROM r
)
SELECT r.n, r.valid, r.reason,
  CASE WHEN r.valid THEN NULL ELSE GeometryType(r.fixed) END AS "repairedType",
  ST_IsEmpty(ST_CollectionExtract(r.fixed, 3)) AS "noArea",
  (SELECT ST_Intersects(p.geom, r.fixed) FROM province p WHERE p.code = r.province AND p.geom IS NOT NULL) AS "inProvince",
  (SELECT c.province_code FROM commune c WHERE c.code = r.code) AS "existingProvince"
FROM r
ORDER BY r.n
