-- The province of this installation with its bounding box (of the communes when it has no outline).
SELECT p.code, p.name, p.is_demo AS "isDemo", p.source,
  (SELECT count(*)::int FROM commune c WHERE c.province_code = p.code) AS "communeCount",
  ST_XMin(e) AS west, ST_YMin(e) AS south, ST_XMax(e) AS east, ST_YMax(e) AS north
FROM province p,
  LATERAL (SELECT coalesce(p.geom, (SELECT ST_Collect(c.geom) FROM commune c WHERE c.province_code = p.code))::box2d AS e) b
ORDER BY p.code
LIMIT 1
