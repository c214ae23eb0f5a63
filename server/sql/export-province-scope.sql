-- The communes of one province ($1) that the caller's scope ($2, NULL = everywhere) holds: an export narrowed
-- to a province never widens what the caller may see.
SELECT c.code
FROM commune c
WHERE c.province_code = $1
  AND ($2::text[] IS NULL OR c.code = ANY ($2::text[]))
ORDER BY c.code
