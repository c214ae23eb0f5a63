-- Status history of the HQs of one commune, oldest first.
SELECT s.hq_id AS "hqId", s.status, s.valid_from AS "validFrom", s.valid_to AS "validTo",
  s.decision_no AS "decisionNo", s.decision_date AS "decisionDate", s.note
FROM police_hq_status s
JOIN police_hq h ON h.id = s.hq_id
WHERE h.commune_code = $1
ORDER BY s.hq_id, s.valid_from
