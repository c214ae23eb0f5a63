-- Yearly province indicators up to the year of $1, for the provinces the caller's area ($2, NULL = all) covers
-- entirely: they are province totals, not broken down by commune, so a partial area gets none of them.
SELECT pi.province_code AS "provinceCode", pi.year, pi.indicator, pi.value, i.unit
FROM province_indicator pi
JOIN indicator i ON i.code = pi.indicator
WHERE pi.year <= extract(year FROM $1::date)
  AND EXISTS (SELECT 1 FROM commune c WHERE c.province_code = pi.province_code
              AND ($2::text[] IS NULL OR c.code = ANY ($2::text[])))
  AND NOT EXISTS (SELECT 1 FROM commune c WHERE c.province_code = pi.province_code
                  AND $2::text[] IS NOT NULL AND NOT (c.code = ANY ($2::text[])))
ORDER BY pi.province_code, pi.year,
  array_position(ARRAY['social_order_cases', 'drug_cases', 'drug_arrests', 'investigation_rate'], pi.indicator), pi.indicator
