-- Communes in tile $1/$2/$3 (z/x/y) with their statuses and HQ status as of $4, inside the caller's scope $5
-- (commune codes, NULL = all). The feature id is the code as a number; geom is in tile coordinates, from the
-- outlines kept in Web Mercator for tiles, generalised at the small zooms (migration 020).
-- MATERIALIZED: the tile's frame and each geometry are computed once, not once per row or reference.
WITH frame AS MATERIALIZED (SELECT posture_outline_frame($1, $2, $3) AS f),
hit AS MATERIALIZED (
  SELECT g.commune_code AS code, posture_tile_fit(g.geom, frame.f) AS geom
  FROM frame, commune_tile_geom g
  WHERE g.geom && (frame.f).box
    AND ($5::text[] IS NULL OR g.commune_code = ANY ($5::text[]))
)
SELECT c.code::integer AS id, c.code, c.name, c.kind, c.province_code AS "provinceCode",
  s.key_complex, s.drug_key_area, s.transformation, s.drug_free, s.safe_standard,
  (SELECT hs.status FROM police_hq q JOIN police_hq_status_at($4::date) hs ON hs.hq_id = q.id
    WHERE q.commune_code = c.code ORDER BY q.id LIMIT 1) AS "hqStatus",
  h.geom
FROM hit h
JOIN commune c ON c.code = h.code
CROSS JOIN LATERAL commune_status_of($4::date, c.code) s
WHERE NOT ST_IsEmpty(h.geom)
ORDER BY c.code
