-- The border with each neighbouring country within reach of the border communes in the caller's scope $1
-- (commune codes, NULL = all): the country's line clipped to the union of those communes' reaches, with its
-- geodesic length. The union is taken over the reach polygons, not the clipped lines, whose overlaps do not always
-- dissolve exactly.
WITH visible AS (
  SELECT x.country_code, bc.commune_code, bc.reach_area
  FROM border_commune bc
  JOIN border_commune_country x ON x.commune_code = bc.commune_code
  WHERE $1::text[] IS NULL OR bc.commune_code = ANY ($1::text[])
),
per_country AS (
  SELECT v.country_code, count(DISTINCT v.commune_code)::int AS commune_count,
    ST_Multi(ST_CollectionExtract(ST_Intersection(
      (SELECT ST_Union(b.geom) FROM national_border b WHERE b.country_code = v.country_code), ST_Union(v.reach_area)), 2)) AS geom
  FROM visible v
  GROUP BY v.country_code
)
SELECT p.country_code AS "countryCode", k.name_vi AS "nameVi", k.name_en AS "nameEn", p.commune_count AS "communeCount",
  round((coalesce(ST_Length(p.geom::geography), 0) / 1000)::numeric, 2) AS "lengthKm",
  ST_AsGeoJSON(p.geom, 6)::json AS geometry
FROM per_country p
JOIN country k ON k.code = p.country_code
ORDER BY p.country_code
