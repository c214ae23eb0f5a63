-- Every dated status record of one commune, oldest first; an inherited record lists the former communes (and
-- their records) it was derived from.
SELECT s.id, s.kind, s.value, s.valid_from AS "validFrom", s.valid_to AS "validTo",
  s.decision_no AS "decisionNo", s.decision_date AS "decisionDate", s.note,
  coalesce((
    SELECT json_agg(json_build_object('oldCode', x.old_code, 'oldName', x.old_name, 'value', f.value, 'validFrom', f.valid_from, 'validTo', f.valid_to) ORDER BY x.old_code)
    FROM commune_status_source src
    JOIN former_commune_status f ON f.id = src.former_status_id
    JOIN commune_crosswalk x ON x.old_code = f.old_code
    WHERE src.status_id = s.id
  ), '[]'::json) AS "inheritedFrom"
FROM commune_status s
WHERE s.commune_code = $1
ORDER BY s.valid_from, s.kind, s.id
