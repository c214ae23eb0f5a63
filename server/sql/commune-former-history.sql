-- The status records of the former (pre-merger) communes that became commune $1, oldest first.
SELECT f.id, f.old_code AS "oldCode", x.old_name AS "oldName", f.kind, f.value, f.valid_from AS "validFrom", f.valid_to AS "validTo",
  f.decision_no AS "decisionNo", f.decision_date AS "decisionDate", f.note
FROM former_commune_status f JOIN commune_crosswalk x ON x.old_code = f.old_code
WHERE x.new_code = $1
ORDER BY f.valid_from, f.old_code, f.kind, f.id
