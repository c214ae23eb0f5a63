-- Writes the communes of import $1, staged and checked by import-boundary-stage.sql, each into its province, in
-- one statement (statement-level triggers, such as the border derivation, run once for all the provinces of the
-- file). The caller sets posture.geom_checked around it (migration 014): the geometries are already valid, and
-- geom_repair and area_km2 come with them. New codes are inserted, existing ones of the same province get the new
-- name and geometry; a code held by another province is left alone and missing from the result.
INSERT INTO commune AS c (code, province_code, name, kind, population, geom, geom_repair, area_km2)
SELECT s.code, s.province, s.name, s.kind, s.population, s.geom, s.reason, s.area_km2
FROM import_stage s WHERE s.import_id = $1 ORDER BY s.n
ON CONFLICT (code) DO UPDATE
  SET name = EXCLUDED.name, kind = EXCLUDED.kind, population = coalesce(EXCLUDED.population, c.population),
    geom = EXCLUDED.geom, geom_repair = EXCLUDED.geom_repair, area_km2 = EXCLUDED.area_km2,
    version = c.version + 1, updated_at = now()
  WHERE c.province_code = EXCLUDED.province_code
RETURNING c.code, c.province_code AS "provinceCode", (xmax = 0) AS created, c.geom_repair AS "geomRepair"
