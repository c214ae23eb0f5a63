-- One meaning per status value.
--
-- transformation 'challenge' is the trial period after success (thời gian thử thách), as the demo notes, the stage
-- order and the campaign stage of that name mean it; a commune that became complex again after transformation is
-- 'relapsed', a value of its own. Campaign stages that wrote another stage's value get their own:
--   transformation: plan_approved (wrote 'designated'), challenge (wrote 'transformed'), reassessed (wrote 'maintained')
--   drug_free:      designated, plan_approved (wrote 'building'), maintained, challenge, reassessed (wrote 'certified')
-- The records those steps wrote are relabelled through the step that links them (campaign_stage_change.status_id),
-- so each keeps what it meant: the step's stage. Records entered or imported directly keep their value.

INSERT INTO status_value (kind, value, ordinal) VALUES
  ('transformation', 'plan_approved', 2),
  ('transformation', 'reassessed', 7),
  ('transformation', 'relapsed', 8),
  ('drug_free', 'designated', 2),
  ('drug_free', 'plan_approved', 3),
  ('drug_free', 'challenge', 6),
  ('drug_free', 'maintained', 7),
  ('drug_free', 'reassessed', 8);

-- Legend order follows the path of the work (server/domain.ts lists the same order).
UPDATE status_value SET ordinal = x.ordinal
FROM (VALUES ('transformation', 'designated', 1), ('transformation', 'transforming', 3), ('transformation', 'transformed', 4),
             ('transformation', 'challenge', 5), ('transformation', 'maintained', 6),
             ('drug_free', 'not_started', 1), ('drug_free', 'building', 4), ('drug_free', 'certified', 5),
             ('drug_free', 'revoked', 9)) AS x (kind, value, ordinal)
WHERE status_value.kind = x.kind AND status_value.value = x.value;

UPDATE commune_status s SET value = x.value, version = s.version + 1
FROM campaign_stage_change c
JOIN (VALUES ('transformation', 'plan_approved', 'plan_approved'), ('transformation', 'challenge', 'challenge'),
             ('transformation', 'reassessed', 'reassessed'),
             ('drug_free', 'designated', 'designated'), ('drug_free', 'plan_approved', 'plan_approved'),
             ('drug_free', 'maintained', 'maintained'), ('drug_free', 'challenge', 'challenge'),
             ('drug_free', 'reassessed', 'reassessed')) AS x (kind, stage, value) ON x.stage = c.stage
WHERE c.status_id = s.id AND s.kind = x.kind AND s.value <> x.value;
