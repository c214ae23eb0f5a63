-- OGC API collection "communes": the communes of the caller's scope $2 (commune codes, NULL = all) with the value of
-- each status kind and their HQ status as of $1. `id` orders the items and is the feature id; `geom` is EPSG:4326.
SELECT c.code AS id, c.code, c.name, c.kind, c.province_code AS "provinceCode", c.population,
  round(c.area_km2::numeric, 3)::float8 AS "areaKm2",
  s.key_complex, s.drug_key_area, s.transformation, s.drug_free, s.safe_standard,
  (SELECT hs.status FROM police_hq h JOIN police_hq_status_at($1::date) hs ON hs.hq_id = h.id
    WHERE h.commune_code = c.code ORDER BY h.id LIMIT 1) AS "hqStatus",
  $1::date::text AS "asOf",
  c.geom
FROM commune c
JOIN commune_status_at($1::date) s ON s.commune_code = c.code
WHERE $2::text[] IS NULL OR c.code = ANY ($2::text[])
