-- Communes of the caller's area with the facts the selection filters and the priority score use, as of $1.
-- $2 area scope (NULL = all), $3 GeoJSON polygon to intersect (NULL = no shape), $4 only these codes (NULL = any),
-- $5 with geometry (for GeoJSON exports).
-- Border distance: the stored derivation when the commune is a border commune, otherwise measured to the border
-- lines within 0.5° (≥ 45 km at these latitudes, beyond the largest distance a filter may ask for); NULL beyond.
WITH shape AS (
  SELECT ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON($3::text), 4326)) AS g WHERE $3::text IS NOT NULL
),
st AS (SELECT * FROM commune_status_at($1::date)),
-- An HQ of the demo is never the nearest HQ of a real commune, nor the other way round (the demo province lies
-- over a real one).
independent_hq AS (
  SELECT h.id, h.commune_code, h.geom, hp.is_demo
  FROM police_hq h JOIN police_hq_status_at($1::date) s ON s.hq_id = h.id
  JOIN commune hc ON hc.code = h.commune_code JOIN province hp ON hp.code = hc.province_code
  WHERE s.status = 'independent'
)
SELECT c.code, c.name, p.is_demo AS "isDemo",
  st.key_complex = 'key_complex' AS "keyComplex",
  st.drug_key_area = 'drug_key_area' AS "drugKeyArea",
  st.transformation, st.drug_free AS "drugFree",
  EXISTS (SELECT 1 FROM independent_hq h WHERE h.commune_code = c.code) AS "hasIndependentHq",
  (SELECT round((min(ST_Distance(c.geom::geography, h.geom::geography)) / 1000)::numeric, 2)::float8
     FROM independent_hq h WHERE h.is_demo = p.is_demo) AS "nearestHqKm",
  round((coalesce(
    (SELECT bc.distance_m FROM border_commune bc WHERE bc.commune_code = c.code),
    (SELECT min(ST_Distance(c.geom::geography, ST_ClipByBox2D(b.geom, ST_Expand(c.geom, 0.5))::geography))
       FROM national_border b WHERE b.geom && ST_Expand(c.geom, 0.5))
  ) / 1000)::numeric, 2)::float8 AS "borderKm",
  EXISTS (SELECT 1 FROM border_commune bc WHERE bc.commune_code = c.code) AS "border",
  (SELECT floor(($1::date - min(s.valid_from)) / 365.25)::int FROM commune_status s
     WHERE s.commune_code = c.code AND s.kind IN ('key_complex', 'drug_key_area')
       AND s.valid_from <= $1::date AND (s.valid_to IS NULL OR s.valid_to > $1::date)) AS "yearsDesignated",
  CASE WHEN $5::boolean THEN ST_AsGeoJSON(c.geom, 6)::json END AS geometry
FROM commune c
JOIN province p ON p.code = c.province_code
JOIN st ON st.commune_code = c.code
WHERE ($2::text[] IS NULL OR c.code = ANY ($2::text[]))
  AND ($4::text[] IS NULL OR c.code = ANY ($4::text[]))
  AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM shape WHERE ST_Intersects(c.geom, shape.g)))
ORDER BY c.code
