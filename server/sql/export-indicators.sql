-- Yearly province indicators of the provinces the caller's scope $1 (NULL = everywhere) covers entirely (they are
-- province totals: a partial area gets none), in the columns of the indicators import. No geometry.
SELECT pi.province_code AS "provinceCode", p.name AS "provinceName", pi.year, pi.indicator, pi.value, i.unit,
  NULL::json AS geometry
FROM province_indicator pi
JOIN province p ON p.code = pi.province_code
JOIN indicator i ON i.code = pi.indicator
WHERE EXISTS (SELECT 1 FROM commune c WHERE c.province_code = pi.province_code
              AND ($1::text[] IS NULL OR c.code = ANY ($1::text[])))
  AND NOT EXISTS (SELECT 1 FROM commune c WHERE c.province_code = pi.province_code
                  AND $1::text[] IS NOT NULL AND NOT (c.code = ANY ($1::text[])))
ORDER BY pi.province_code, pi.year,
  array_position(ARRAY['social_order_cases', 'drug_cases', 'drug_arrests', 'investigation_rate'], pi.indicator), pi.indicator
