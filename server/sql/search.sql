-- Communes, police HQs and border gates whose folded name contains $1 (already folded), or whose commune code
-- starts with $2 (digits only, NULL when the query has none); inside the caller's scope $3. Up to $4 rows, best
-- first: prefix matches of the name (or of a word in it) before other substring matches. The caller re-ranks by
-- exact tones.
WITH hits AS (
  SELECT 'commune' AS kind, c.code AS id, c.name, c.code AS "communeCode", c.name AS "communeName",
    posture_fold(c.name) AS folded, ST_AsGeoJSON(ST_Envelope(c.geom), 6)::json AS geometry
  FROM commune c
  WHERE (posture_fold(c.name) LIKE '%' || $1 || '%' OR ($2::text IS NOT NULL AND c.code LIKE $2 || '%'))
    AND ($3::text[] IS NULL OR c.code = ANY ($3::text[]))
  UNION ALL
  SELECT 'hq', h.id::text, h.name, h.commune_code, c.name, posture_fold(h.name), ST_AsGeoJSON(h.geom, 6)::json
  FROM police_hq h JOIN commune c ON c.code = h.commune_code
  WHERE posture_fold(h.name) LIKE '%' || $1 || '%'
    AND ($3::text[] IS NULL OR h.commune_code = ANY ($3::text[]))
  UNION ALL
  SELECT 'border_gate', g.id::text, g.name, g.commune_code, c.name, posture_fold(g.name), ST_AsGeoJSON(g.geom, 6)::json
  FROM border_gate g LEFT JOIN commune c ON c.code = g.commune_code
  WHERE posture_fold(g.name) LIKE '%' || $1 || '%'
    AND ($3::text[] IS NULL OR g.commune_code = ANY ($3::text[]))
)
SELECT kind, id, name, "communeCode", "communeName", geometry
FROM hits
ORDER BY (folded LIKE $1 || '%' OR folded LIKE '% ' || $1 || '%') DESC, kind = 'commune' DESC, name, id
LIMIT $4
