-- OGC API collection "border-communes": the border communes of the caller's scope $2 (NULL = all): countries faced
-- (comma-separated), distance to the border (m), touching it or not, and their statuses as of $1.
SELECT c.code AS id, c.code, c.name, c.kind, c.province_code AS "provinceCode",
  array_to_string(bc.countries, ',') AS countries, round(bc.distance_m)::integer AS "distanceM", bc.touches,
  s.key_complex, s.drug_key_area, s.transformation, s.drug_free, s.safe_standard,
  $1::date::text AS "asOf", c.geom
FROM border_commune bc
JOIN commune c ON c.code = bc.commune_code
JOIN commune_status_at($1::date) s ON s.commune_code = c.code
WHERE $2::text[] IS NULL OR c.code = ANY ($2::text[])
