-- The province of this installation as the caller ($1 = scope) sees it: commune count and bounding box of the
-- communes in scope. No row when the scope holds none of its communes. A real province comes before a demo one,
-- so that an imported province replaces the demo in the header and on the map even before the demo is removed.
WITH visible AS (
  SELECT c.province_code, count(*)::int AS n, ST_Extent(c.geom) AS e
  FROM commune c
  WHERE $1::text[] IS NULL OR c.code = ANY ($1::text[])
  GROUP BY c.province_code
)
SELECT p.code, p.name, p.is_demo AS "isDemo", p.source, v.n AS "communeCount",
  ST_XMin(v.e) AS west, ST_YMin(v.e) AS south, ST_XMax(v.e) AS east, ST_YMax(v.e) AS north
FROM province p
JOIN visible v ON v.province_code = p.code
ORDER BY p.is_demo, p.code
LIMIT 1
