-- OGC API collection "campaign-communes": each commune of a campaign, within the caller's scope $1 (NULL = all), with
-- its current stage and the commune's polygon. A campaign shows only the communes of the area, as GET /api/campaigns.
SELECT cc.campaign_id::text || '-' || cc.commune_code AS id, cc.campaign_id AS "campaignId", k.name AS "campaignName",
  k.kind AS "campaignKind", k.period_start::text AS "periodStart", k.period_end::text AS "periodEnd",
  cc.commune_code AS "communeCode", c.name AS "communeName", cc.stage, c.geom
FROM campaign_commune cc
JOIN campaign k ON k.id = cc.campaign_id
JOIN commune c ON c.code = cc.commune_code
WHERE $1::text[] IS NULL OR cc.commune_code = ANY ($1::text[])
