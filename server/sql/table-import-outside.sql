-- Points of an import ($1: JSON array of {row, communeCode, lon, lat}) lying more than $2 metres outside their
-- commune, with that distance. Points inside are settled by ST_Intersects before any geodesic distance is computed.
SELECT x.row, round(ST_Distance(c.geom::geography, p.geom::geography))::int AS metres
FROM jsonb_to_recordset($1::jsonb) AS x("row" int, "communeCode" text, lon float8, lat float8)
JOIN commune c ON c.code = x."communeCode"
CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326) AS geom) p
WHERE NOT ST_Intersects(c.geom, p.geom)
  AND NOT ST_DWithin(c.geom::geography, p.geom::geography, $2)
ORDER BY x.row
