-- Commune police HQs with their status as of $1; $2 restricts to one commune; $3 is the caller's scope.
SELECT h.id, h.name, h.commune_code AS "communeCode", c.name AS "communeName", hs.status,
  h.staff_count AS "staffCount", h.version, ST_AsGeoJSON(h.geom, 6)::json AS geometry
FROM police_hq h
JOIN commune c ON c.code = h.commune_code
JOIN police_hq_status_at($1::date) hs ON hs.hq_id = h.id
WHERE ($2::text IS NULL OR h.commune_code = $2)
  AND ($3::text[] IS NULL OR h.commune_code = ANY ($3::text[]))
ORDER BY h.commune_code, h.id
