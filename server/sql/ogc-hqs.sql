-- OGC API collection "hqs": commune police HQs of the caller's scope $2 (NULL = all) with their status as of $1
-- (NULL when no record is in force that day).
SELECT h.id, h.name, h.commune_code AS "communeCode", c.name AS "communeName", hs.status,
  h.staff_count AS "staffCount", $1::date::text AS "asOf", h.geom
FROM police_hq h
JOIN commune c ON c.code = h.commune_code
JOIN police_hq_status_at($1::date) hs ON hs.hq_id = h.id
WHERE $2::text[] IS NULL OR h.commune_code = ANY ($2::text[])
