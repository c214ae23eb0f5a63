-- Commune police HQs whose status as of $1 is one of $2, inside the caller's scope $3.
SELECT h.id, h.name, h.commune_code AS "communeCode", hs.status, ST_AsGeoJSON(h.geom, 6)::json AS geometry
FROM police_hq h
JOIN police_hq_status_at($1::date) hs ON hs.hq_id = h.id
WHERE hs.status = ANY ($2::text[])
  AND ($3::text[] IS NULL OR h.commune_code = ANY ($3::text[]))
ORDER BY h.id
