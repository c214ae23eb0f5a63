-- Border communes (view border_commune: within 1 km of the national border) of the caller's area ($1, NULL = all).
-- The view measures geodesic distances from every commune; communes farther than 0.02° from the line in plain
-- coordinates (more than 1 km anywhere below 63° of latitude) are left out first, so that only the few near the line are measured.
SELECT b.commune_code AS code
FROM border_commune b
WHERE b.commune_code = ANY (ARRAY(
    SELECT c.code FROM commune c
    WHERE ($1::text[] IS NULL OR c.code = ANY ($1::text[]))
      AND EXISTS (SELECT 1 FROM national_border n WHERE ST_DWithin(c.geom, n.geom, 0.02))))
ORDER BY 1
