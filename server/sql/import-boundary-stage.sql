-- Stages and checks imported communes: $1 is a JSON array of {n, code, province, name, kind, population,
-- geometry}, $2 the import's id. Each geometry is parsed, checked and repaired once (as in
-- import-boundary-check.sql, whose answer this one gives too), and kept in import_stage with its repair reason and
-- geodesic area, which the import's write copies (import-boundary-write.sql) without checking again. `json`, not
-- `jsonb`: the text is read once, where jsonb would first build its binary form of the whole payload.
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
m AS MATERIALIZED (SELECT r.*, ST_Multi(ST_CollectionExtract(ST_Force2D(r.fixed), 3)) AS area FROM r),
staged AS (
  INSERT INTO import_stage (import_id, n, code, province, name, kind, population, geom, reason, area_km2)
  SELECT $2, m.n, m.code, m.province, m.name, m.kind, m.population, m.area, m.reason,
    CASE WHEN ST_IsEmpty(m.area) THEN NULL ELSE ST_Area(m.area::geography) / 1e6 END
  FROM m
)
SELECT m.n, m.valid, m.reason,
  CASE WHEN m.valid THEN NULL ELSE GeometryType(m.fixed) END AS "repairedType",
  ST_IsEmpty(m.area) AS "noArea",
  (SELECT ST_Intersects(p.geom, m.fixed) FROM province p WHERE p.code = m.province AND p.geom IS NOT NULL) AS "inProvince",
  (SELECT c.province_code FROM commune c WHERE c.code = m.code) AS "existingProvince"
FROM m
ORDER BY m.n
