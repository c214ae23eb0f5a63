-- Provinces, communes, police HQs and border gates whose folded name contains $1 (already folded), or communes
-- whose code starts with $2 (digits only, NULL when the query has none); inside the caller's scope $3. Up to $4
-- rows, best first: prefix matches of the name (or of a word in it) before other substring matches. Each commune,
-- HQ and gate names its province. The caller re-ranks by exact tones.
WITH scoped AS (
  SELECT c.* FROM commune c WHERE $3::text[] IS NULL OR c.code = ANY ($3::text[])
),
hits AS (
  SELECT 'province' AS kind, p.code AS id, p.name, NULL::text AS "communeCode", NULL::text AS "communeName",
    p.code AS "provinceCode", p.name AS "provinceName",
    posture_fold(p.name) AS folded, ST_AsGeoJSON(ST_Envelope(ST_Extent(c.geom)::geometry), 6)::json AS geometry
  FROM province p JOIN scoped c ON c.province_code = p.code
  WHERE posture_fold(p.name) LIKE '%' || $1 || '%' OR ($2::text IS NOT NULL AND p.code = $2)
  GROUP BY p.code, p.name
  UNION ALL
  SELECT 'commune', c.code, c.name, c.code, c.name, c.province_code, p.name,
    posture_fold(c.name), ST_AsGeoJSON(ST_Envelope(c.geom), 6)::json
  FROM scoped c JOIN province p ON p.code = c.province_code
  WHERE posture_fold(c.name) LIKE '%' || $1 || '%' OR ($2::text IS NOT NULL AND c.code LIKE $2 || '%')
  UNION ALL
  SELECT 'hq', h.id::text, h.name, h.commune_code, c.name, c.province_code, p.name, posture_fold(h.name), ST_AsGeoJSON(h.geom, 6)::json
  FROM police_hq h JOIN scoped c ON c.code = h.commune_code JOIN province p ON p.code = c.province_code
  WHERE posture_fold(h.name) LIKE '%' || $1 || '%'
  UNION ALL
  SELECT 'border_gate', g.id::text, g.name, g.commune_code, c.name, c.province_code, p.name, posture_fold(g.name), ST_AsGeoJSON(g.geom, 6)::json
  FROM border_gate g LEFT JOIN commune c ON c.code = g.commune_code LEFT JOIN province p ON p.code = c.province_code
  WHERE posture_fold(g.name) LIKE '%' || $1 || '%'
    AND ($3::text[] IS NULL OR g.commune_code = ANY ($3::text[]))
)
SELECT kind, id, name, "communeCode", "communeName", "provinceCode", "provinceName", geometry
FROM hits
ORDER BY (folded LIKE $1 || '%' OR folded LIKE '% ' || $1 || '%') DESC, kind = 'province' DESC, kind = 'commune' DESC, name, id
LIMIT $4
