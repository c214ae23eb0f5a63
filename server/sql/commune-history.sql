-- Every dated status record of one commune, oldest first.
SELECT id, kind, value, valid_from AS "validFrom", valid_to AS "validTo",
  decision_no AS "decisionNo", decision_date AS "decisionDate", note
FROM commune_status
WHERE commune_code = $1
ORDER BY valid_from, kind, id
