-- OGC API collection "commune-statuses": every dated status record of the communes of the caller's scope $1 (NULL =
-- all), with the commune's polygon, so that a GIS can play the history over time. valid_to is exclusive (NULL: still
-- in force); t_start/t_end are the period for the `datetime` filter.
SELECT r.id, r.commune_code AS "communeCode", c.name AS "communeName", r.kind, r.value,
  r.valid_from::text AS "validFrom", r.valid_to::text AS "validTo",
  r.decision_no AS "decisionNo", r.decision_date::text AS "decisionDate", r.provenance, r.campaign_id AS "campaignId",
  r.valid_from AS t_start, r.valid_to AS t_end,
  c.geom
FROM commune_status r
JOIN commune c ON c.code = r.commune_code
WHERE $1::text[] IS NULL OR r.commune_code = ANY ($1::text[])
