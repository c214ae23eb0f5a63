-- Writes the imported communes $1 (JSON array of {code, province, name, kind, population, geometry}), each into
-- its province, in one statement (statement-level triggers, such as the border derivation, then run once for all
-- the provinces of the file): new codes are
-- inserted, existing ones of the same province get the new name and geometry (the commune trigger repairs and
-- records geom_repair). On conflict EXCLUDED holds the geometry already repaired by the INSERT trigger, so its
-- reason is passed along with it (migration 008: the UPDATE keeps a reason it is given). A code held by another
-- province is left alone and missing from the result.
INSERT INTO commune AS c (code, province_code, name, kind, population, geom)
SELECT f->>'code', f->>'province', f->>'name', f->>'kind', (f->>'population')::int,
  ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->'geometry'), 4326))
FROM json_array_elements($1::json) AS f
ON CONFLICT (code) DO UPDATE
  SET name = EXCLUDED.name, kind = EXCLUDED.kind, population = coalesce(EXCLUDED.population, c.population),
    geom = EXCLUDED.geom, geom_repair = EXCLUDED.geom_repair, version = c.version + 1, updated_at = now()
  WHERE c.province_code = EXCLUDED.province_code
RETURNING c.code, c.province_code AS "provinceCode", (xmax = 0) AS created, c.geom_repair AS "geomRepair"
