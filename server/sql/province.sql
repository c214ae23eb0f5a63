-- What the caller's view ($1 = commune codes, NULL = all) is about: its province when it lies in one, or the
-- whole of its provinces ("national": code and name empty, the client names it) — commune count, bounding box,
-- demo flag (true only when every commune of the view is demo). No row when the view holds no commune.
WITH visible AS (
  SELECT c.province_code, count(*)::int AS n, ST_Extent(c.geom) AS e
  FROM commune c
  WHERE $1::text[] IS NULL OR c.code = ANY ($1::text[])
  GROUP BY c.province_code
),
summary AS (
  SELECT count(*)::int AS provinces, sum(v.n)::int AS n, ST_Extent(v.e) AS e, bool_and(p.is_demo) AS demo,
    min(p.code) AS code
  FROM visible v JOIN province p ON p.code = v.province_code
)
SELECT CASE WHEN s.provinces = 1 THEN p.code ELSE '' END AS code,
  CASE WHEN s.provinces = 1 THEN p.name ELSE '' END AS name,
  s.demo AS "isDemo",
  CASE WHEN s.provinces = 1 THEN p.source ELSE '' END AS source,
  s.n AS "communeCount", s.provinces AS "provinceCount", s.provinces > 1 AS national,
  ST_XMin(s.e) AS west, ST_YMin(s.e) AS south, ST_XMax(s.e) AS east, ST_YMax(s.e) AS north
FROM summary s
JOIN province p ON p.code = s.code
