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

-- The statuses as of a date of the communes `codes` (NULL = every commune, as commune_status_at). For a list, each
-- commune's records are read through the status index (a lateral subquery per commune), so that a province's
-- dashboard reads its own communes' records instead of every record of the country; for the whole country one
-- grouping pass is cheaper. Only one of the two branches is planned: `codes` is a parameter known to the plan.
CREATE FUNCTION commune_status_in(as_of date, codes text[])
RETURNS TABLE (commune_code text, key_complex text, drug_key_area text, transformation text, drug_free text, safe_standard text)
LANGUAGE sql STABLE AS $$
  SELECT * FROM commune_status_at(as_of) WHERE codes IS NULL
  UNION ALL
  SELECT c.code,
    coalesce(x.key_complex, 'not_key'), coalesce(x.drug_key_area, 'not_key'), coalesce(x.transformation, 'none'),
    coalesce(x.drug_free, 'not_started'), coalesce(x.safe_standard, 'not_assessed')
  FROM commune c
  CROSS JOIN LATERAL (
    SELECT max(s.value) FILTER (WHERE s.kind = 'key_complex') AS key_complex,
      max(s.value) FILTER (WHERE s.kind = 'drug_key_area') AS drug_key_area,
      max(s.value) FILTER (WHERE s.kind = 'transformation') AS transformation,
      max(s.value) FILTER (WHERE s.kind = 'drug_free') AS drug_free,
      max(s.value) FILTER (WHERE s.kind = 'safe_standard') AS safe_standard
    FROM commune_status s
    WHERE s.commune_code = c.code AND s.valid_from <= as_of AND (s.valid_to IS NULL OR s.valid_to > as_of)
  ) x
  WHERE codes IS NOT NULL AND c.code = ANY (codes)
$$;
