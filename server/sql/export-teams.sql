-- Grassroots security team counts per commune and year, in the caller's scope $1 (NULL = everywhere), in the
-- columns of the teams import; placed at a point inside the commune for a GeoJSON export.
SELECT t.commune_code AS "communeCode", c.name AS "communeName", t.year, t.team_count AS "teamCount",
  t.member_count AS "memberCount", ST_AsGeoJSON(ST_PointOnSurface(c.geom), 6)::json AS geometry
FROM security_team_count t JOIN commune c ON c.code = t.commune_code
WHERE ($1::text[] IS NULL OR t.commune_code = ANY ($1::text[]))
ORDER BY t.commune_code, t.year
