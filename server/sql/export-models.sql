-- Self-governing models in the caller's scope $1 (NULL = everywhere), one row per point of activity and one row
-- with empty point cells for a model without points: the rows of the models import. A point without coordinates
-- has no geometry.
SELECT m.commune_code AS "communeCode", c.name AS "communeName", m.name AS "modelName",
  m.established_on AS "establishedOn", m.ended_on AS "endedOn", p.name AS "pointName",
  round(ST_X(p.geom)::numeric, 6)::float8 AS lon, round(ST_Y(p.geom)::numeric, 6)::float8 AS lat,
  ST_AsGeoJSON(p.geom, 6)::json AS geometry
FROM self_governing_model m
JOIN commune c ON c.code = m.commune_code
LEFT JOIN model_activity_point p ON p.model_id = m.id
WHERE ($1::text[] IS NULL OR m.commune_code = ANY ($1::text[]))
ORDER BY m.commune_code, m.name, m.id, p.id
