-- Campaign tracking: who created a campaign, and the dated history of each target commune's stage.
--
-- campaign_commune.stage holds the current stage; campaign_stage_change keeps every step with its decision, so
-- that a commune's path through a campaign can be read back and exported. A step that changes the commune's
-- status (most do) links the dated commune_status record it wrote, so the map, the commune history and the
-- dashboard read the campaign's decisions from the one place they already read statuses from.
ALTER TABLE campaign ADD COLUMN created_by integer REFERENCES app_user (id);

CREATE TABLE campaign_stage_change (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id    integer NOT NULL,
  commune_code   text NOT NULL,
  from_stage     text NOT NULL,
  stage          text NOT NULL,
  effective_on   date NOT NULL,
  decision_no    text,
  decision_date  date,
  note           text,
  -- A re-import that replaces status records must not be blocked by the steps that once wrote them.
  status_id      integer REFERENCES commune_status (id) ON DELETE SET NULL,
  changed_by     integer REFERENCES app_user (id),
  changed_at     timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (campaign_id, commune_code) REFERENCES campaign_commune (campaign_id, commune_code) ON DELETE CASCADE
);
CREATE INDEX campaign_stage_change_commune_idx ON campaign_stage_change (campaign_id, commune_code, effective_on);
