-- HQs of the communes $1 (text[]) with their location and whole status history (oldest first), for the HQ import
-- to match file rows against.
SELECT h.id, h.commune_code AS "communeCode", h.name, h.staff_count AS "staffCount", ST_X(h.geom) AS lon, ST_Y(h.geom) AS lat,
  coalesce((SELECT json_agg(json_build_object('id', s.id, 'status', s.status, 'validFrom', s.valid_from, 'validTo', s.valid_to,
                 'decisionNo', s.decision_no, 'decisionDate', s.decision_date, 'note', s.note) ORDER BY s.valid_from)
            FROM police_hq_status s WHERE s.hq_id = h.id), '[]'::json) AS history
FROM police_hq h
WHERE h.commune_code = ANY ($1::text[])
ORDER BY h.id
