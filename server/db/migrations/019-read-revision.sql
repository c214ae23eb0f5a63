-- A revision of the data the map page's cached reads depend on (communes, HQs, indicators, border communes, search;
-- see server/response-cache.ts): like the data revision of 003, a row of app_meta updated by statement-level
-- triggers inside the writing transaction, over a wider set of tables: the analyses' ones, and the dated statuses,
-- the provinces' names, the derived border communes and their distance setting, the teams, models and yearly
-- indicators of the dashboard, the status vocabulary and the countries. A separate counter, so that recording a
-- status does not throw away the analyses' cached results, which do not read statuses.
INSERT INTO app_meta (key, value) VALUES ('read_revision', '1') ON CONFLICT (key) DO NOTHING;

CREATE FUNCTION posture_bump_read_revision() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE app_meta SET value = (value::bigint + 1)::text WHERE key = 'read_revision';
  RETURN NULL;
END $$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['commune', 'police_hq', 'police_hq_status', 'village', 'national_border', 'border_gate',
    'commune_status', 'province', 'border_commune', 'border_commune_country', 'border_setting',
    'security_team_count', 'self_governing_model', 'model_activity_point', 'province_indicator', 'indicator',
    'status_value', 'country'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION posture_bump_read_revision()', t || '_read_revision', t);
  END LOOP;
END $$;
