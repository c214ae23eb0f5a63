-- Communes in tile $1/$2/$3 (z/x/y) with their statuses and HQ status as of $4, inside the caller's scope $5
-- (commune codes, NULL = all). The feature id is the code as a number; geom is in tile coordinates.
-- MATERIALIZED: each geometry is computed once, not once per row of the joins below.
WITH hit AS MATERIALIZED (
  SELECT c.code, c.name, c.kind, c.province_code, posture_tile_geom(c.geom, $1, $2, $3) AS geom
  FROM commune c
  WHERE c.geom && posture_tile_box($1, $2, $3)
    AND ($5::text[] IS NULL OR c.code = ANY ($5::text[]))
)
SELECT h.code::integer AS id, h.code, h.name, h.kind, h.province_code AS "provinceCode",
  s.key_complex, s.drug_key_area, s.transformation, s.drug_free, s.safe_standard,
  (SELECT hs.status FROM police_hq q JOIN police_hq_status_at($4::date) hs ON hs.hq_id = q.id
    WHERE q.commune_code = h.code ORDER BY q.id LIMIT 1) AS "hqStatus",
  h.geom
FROM hit h
-- The condition on s.commune_code is pushed into commune_status_at: statuses are read for these communes only.
JOIN commune_status_at($4::date) s ON s.commune_code = h.code AND s.commune_code = ANY (ARRAY(SELECT code FROM hit))
ORDER BY h.code
