-- Commune police HQs in tile $1/$2/$3 (z/x/y) with their status as of $4 (omitted when none is in force), inside
-- the caller's scope $5 (NULL = all). geom is in tile coordinates.
SELECT h.id, h.name, h.commune_code AS "communeCode", hs.status, h.staff_count AS "staffCount",
  posture_tile_geom(h.geom, $1, $2, $3) AS geom
FROM police_hq h
JOIN police_hq_status_at($4::date) hs ON hs.hq_id = h.id
WHERE h.geom && posture_tile_box($1, $2, $3)
  AND ($5::text[] IS NULL OR h.commune_code = ANY ($5::text[]))
ORDER BY h.id
