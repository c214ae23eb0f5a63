-- Grassroots security teams per year and self-governing models of one commune ($1), as JSON arrays.
SELECT
  (SELECT coalesce(json_agg(json_build_object('year', t.year, 'teamCount', t.team_count, 'memberCount', t.member_count)
     ORDER BY t.year), '[]'::json)
   FROM security_team_count t WHERE t.commune_code = $1) AS teams,
  (SELECT coalesce(json_agg(json_build_object('name', m.name, 'establishedOn', m.established_on, 'endedOn', m.ended_on,
       'pointCount', (SELECT count(*)::int FROM model_activity_point p WHERE p.model_id = m.id))
     ORDER BY m.established_on, m.id), '[]'::json)
   FROM self_governing_model m WHERE m.commune_code = $1) AS models
