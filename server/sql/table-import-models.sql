-- Self-governing models of the communes $1 (text[]) with their points of activity, for the model import.
SELECT m.id, m.commune_code AS "communeCode", m.name, m.established_on AS "establishedOn", m.ended_on AS "endedOn",
  coalesce((SELECT json_agg(json_build_object('name', p.name, 'lon', ST_X(p.geom), 'lat', ST_Y(p.geom)) ORDER BY p.id)
            FROM model_activity_point p WHERE p.model_id = m.id), '[]'::json) AS points
FROM self_governing_model m
WHERE m.commune_code = ANY ($1::text[])
ORDER BY m.id
