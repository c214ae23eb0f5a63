-- Border communes (table border_commune, derived from geometry and kept up to date by triggers) of the caller's
-- area ($1, NULL = all).
SELECT b.commune_code AS code
FROM border_commune b
WHERE $1::text[] IS NULL OR b.commune_code = ANY ($1::text[])
ORDER BY 1
