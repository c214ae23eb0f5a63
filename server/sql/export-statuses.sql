-- Every status record of the communes in the caller's scope $1, for export (with the commune's centroid so a
-- GeoJSON export can place it on a map).
SELECT s.commune_code AS "communeCode", c.name AS "communeName", s.kind, s.value, s.valid_from AS "validFrom",
  s.valid_to AS "validTo", s.decision_no AS "decisionNo", s.decision_date AS "decisionDate", s.note, s.provenance,
  ST_AsGeoJSON(ST_PointOnSurface(c.geom), 6)::json AS geometry
FROM commune_status s JOIN commune c ON c.code = s.commune_code
WHERE ($1::text[] IS NULL OR s.commune_code = ANY ($1::text[]))
ORDER BY s.commune_code, s.kind, s.valid_from
