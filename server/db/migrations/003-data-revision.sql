-- A revision number of the data the analyses read: communes, police HQs and their statuses, villages, the
-- national border and border gates. Cached analysis results are keyed by it, so any committed change to those
-- tables makes every older cache entry unreachable.
--
-- The counter is a row of app_meta updated inside the writing transaction (not a sequence): it becomes visible
-- exactly when the data does, so a reader can never pair the new version with the old data. The price is that
-- writers of these tables queue on that one row, which their low rate of edits allows. (The 'data_version' key
-- holds the time of the last dataset import; this number also moves on every edit.)
INSERT INTO app_meta (key, value) VALUES ('data_revision', '1') ON CONFLICT (key) DO NOTHING;

CREATE FUNCTION posture_bump_data_revision() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE app_meta SET value = (value::bigint + 1)::text WHERE key = 'data_revision';
  RETURN NULL;
END $$;

-- Statement-level: one bump per statement however many rows it touches (bulk imports stay cheap).
CREATE TRIGGER commune_data_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON commune
  FOR EACH STATEMENT EXECUTE FUNCTION posture_bump_data_revision();
CREATE TRIGGER police_hq_data_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON police_hq
  FOR EACH STATEMENT EXECUTE FUNCTION posture_bump_data_revision();
CREATE TRIGGER police_hq_status_data_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON police_hq_status
  FOR EACH STATEMENT EXECUTE FUNCTION posture_bump_data_revision();
CREATE TRIGGER village_data_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON village
  FOR EACH STATEMENT EXECUTE FUNCTION posture_bump_data_revision();
CREATE TRIGGER national_border_data_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON national_border
  FOR EACH STATEMENT EXECUTE FUNCTION posture_bump_data_revision();
CREATE TRIGGER border_gate_data_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON border_gate
  FOR EACH STATEMENT EXECUTE FUNCTION posture_bump_data_revision();
