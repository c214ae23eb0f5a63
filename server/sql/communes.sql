-- Communes with their statuses and HQ status as of $1; $2 restricts to one commune; $3 is the caller's scope
-- (commune codes, NULL = all).
SELECT c.code, c.name, c.kind, c.population, c.area_km2 AS "areaKm2",
  s.key_complex, s.drug_key_area, s.transformation, s.drug_free, s.safe_standard,
  (SELECT hs.status FROM police_hq h JOIN police_hq_status_at($1::date) hs ON hs.hq_id = h.id
    WHERE h.commune_code = c.code ORDER BY h.id LIMIT 1) AS "hqStatus",
  ST_AsGeoJSON(c.geom, 6)::json AS geometry
FROM commune c
JOIN commune_status_at($1::date) s ON s.commune_code = c.code
WHERE ($2::text IS NULL OR c.code = $2)
  AND ($3::text[] IS NULL OR c.code = ANY ($3::text[]))
ORDER BY c.code
