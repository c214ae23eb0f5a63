-- Every status record of the communes in the caller's scope $1, for export (with the commune's centroid so a
-- GeoJSON export can place it on a map): the communes' own records, an inherited one naming the former communes it
-- came from (inheritedFrom), and the records of the former communes merged into them, under their old codes.
SELECT s.commune_code AS "communeCode", c.name AS "communeName", s.kind, s.value, s.valid_from AS "validFrom",
  s.valid_to AS "validTo", s.decision_no AS "decisionNo", s.decision_date AS "decisionDate", s.note, s.provenance,
  (SELECT string_agg(DISTINCT f.old_code, ', ') FROM commune_status_source src JOIN former_commune_status f ON f.id = src.former_status_id
   WHERE src.status_id = s.id) AS "inheritedFrom",
  ST_AsGeoJSON(ST_PointOnSurface(c.geom), 6)::json AS geometry
FROM commune_status s JOIN commune c ON c.code = s.commune_code
WHERE ($1::text[] IS NULL OR s.commune_code = ANY ($1::text[]))
UNION ALL
SELECT f.old_code, x.old_name, f.kind, f.value, f.valid_from, f.valid_to, f.decision_no, f.decision_date, f.note, f.provenance,
  NULL, ST_AsGeoJSON(ST_PointOnSurface(c.geom), 6)::json
FROM former_commune_status f JOIN commune_crosswalk x ON x.old_code = f.old_code JOIN commune c ON c.code = x.new_code
WHERE ($1::text[] IS NULL OR x.new_code = ANY ($1::text[]))
ORDER BY 1, 3, 5
