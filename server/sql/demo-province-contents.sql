-- What removing province $1 takes with it, table by table: its communes and everything tied to them or to the
-- province. Campaign rows of other provinces' campaigns that name one of its communes are counted too (they go).
WITH c AS (SELECT code FROM commune WHERE province_code = $1),
k AS (SELECT id FROM campaign WHERE province_code = $1),
h AS (SELECT id FROM police_hq WHERE commune_code IN (SELECT code FROM c)),
m AS (SELECT id FROM self_governing_model WHERE commune_code IN (SELECT code FROM c)),
x AS (SELECT old_code FROM commune_crosswalk WHERE new_code IN (SELECT code FROM c)),
f AS (SELECT id FROM former_commune_status WHERE old_code IN (SELECT old_code FROM x))
SELECT
  (SELECT count(*)::int FROM c) AS communes,
  (SELECT count(*)::int FROM commune_status WHERE commune_code IN (SELECT code FROM c)) AS statuses,
  (SELECT count(*)::int FROM x) AS crosswalk,
  (SELECT count(*)::int FROM f) AS "formerStatuses",
  (SELECT count(*)::int FROM commune_status_source WHERE former_status_id IN (SELECT id FROM f)
     OR status_id IN (SELECT id FROM commune_status WHERE commune_code IN (SELECT code FROM c))) AS "inheritanceLinks",
  (SELECT count(*)::int FROM h) AS hqs,
  (SELECT count(*)::int FROM police_hq_status WHERE hq_id IN (SELECT id FROM h)) AS "hqStatuses",
  (SELECT count(*)::int FROM security_team_count WHERE commune_code IN (SELECT code FROM c)) AS teams,
  (SELECT count(*)::int FROM m) AS models,
  (SELECT count(*)::int FROM model_activity_point WHERE model_id IN (SELECT id FROM m)) AS "modelPoints",
  (SELECT count(*)::int FROM village WHERE commune_code IN (SELECT code FROM c)) AS villages,
  (SELECT count(*)::int FROM border_gate WHERE commune_code IN (SELECT code FROM c)) AS "borderGates",
  (SELECT count(*)::int FROM border_commune WHERE commune_code IN (SELECT code FROM c)) AS "borderCommunes",
  (SELECT count(*)::int FROM k) AS campaigns,
  (SELECT count(*)::int FROM campaign_commune WHERE campaign_id IN (SELECT id FROM k) OR commune_code IN (SELECT code FROM c)) AS "campaignCommunes",
  (SELECT count(*)::int FROM campaign_milestone WHERE campaign_id IN (SELECT id FROM k)) AS "campaignMilestones",
  (SELECT count(*)::int FROM campaign_stage_change WHERE campaign_id IN (SELECT id FROM k) OR commune_code IN (SELECT code FROM c)) AS "campaignSteps",
  (SELECT count(*)::int FROM province_indicator WHERE province_code = $1) AS indicators,
  (SELECT count(*)::int FROM user_scope_province WHERE province_code = $1) AS "userScopeProvinces",
  (SELECT count(*)::int FROM user_scope_commune WHERE commune_code IN (SELECT code FROM c)) AS "userScopeCommunes"
