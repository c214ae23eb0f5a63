-- The provinces of the caller's area ($1 = commune codes, NULL = all) with the number of their communes in it and
-- the bounding box of those; real provinces first, then the demo. A province without a commune in the area is not
-- listed.
WITH visible AS (
  SELECT c.province_code, count(*)::int AS n, ST_Extent(c.geom) AS e
  FROM commune c
  WHERE $1::text[] IS NULL OR c.code = ANY ($1::text[])
  GROUP BY c.province_code
)
SELECT p.code, p.name, p.is_demo AS "isDemo", p.source, v.n AS "communeCount",
  (SELECT count(*)::int FROM commune c WHERE c.province_code = p.code) AS "provinceCommuneCount",
  ST_XMin(v.e) AS west, ST_YMin(v.e) AS south, ST_XMax(v.e) AS east, ST_YMax(v.e) AS north
FROM province p
JOIN visible v ON v.province_code = p.code
ORDER BY p.is_demo, p.code
