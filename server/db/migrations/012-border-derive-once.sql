-- The border derivation does each piece of work once per statement:
-- - each commune's distance to each nearby piece of line is one geodesic distance (before: a geodesic ST_DWithin,
--   then ST_Distance again, and ST_Intersects three times);
-- - the per-province totals are computed once. Referenced once, their CTE was inlined into a nested loop and
--   evaluated again for every border commune (each time a union of the reach areas of the whole province and of
--   the line within their extent): 21 times for Nghệ An, 251 times for the country, where a national derivation
--   took over 30 s on PostgreSQL. MATERIALIZED keeps the plan as written.

CREATE OR REPLACE FUNCTION border_derive(only_provinces text[] DEFAULT NULL) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  d double precision := (SELECT distance_m FROM border_setting);
BEGIN
  IF only_provinces IS NOT NULL AND cardinality(only_provinces) = 0 THEN RETURN; END IF;
  LOCK TABLE border_commune IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM border_commune bc
  WHERE only_provinces IS NULL
     OR bc.commune_code IN (SELECT code FROM commune WHERE province_code = ANY (only_provinces));

  WITH near AS MATERIALIZED (
    -- Each commune beside each piece of line within a planar distance that exceeds the reach anywhere in Vietnam
    -- (d / 50,000 degrees: 2.2 d), with the one geodesic distance that decides.
    SELECT c.code AS commune_code, c.province_code, b.country_code, b.geom AS piece, c.geom AS commune_geom, t.touches,
      CASE WHEN t.touches THEN 0 ELSE ST_Distance(c.geom::geography, b.geom::geography) END AS distance_m
    FROM commune c
    JOIN national_border_piece b ON b.geom && ST_Expand(c.geom, d / 50000.0) AND ST_DWithin(c.geom, b.geom, d / 50000.0)
    CROSS JOIN LATERAL (SELECT ST_Intersects(c.geom, b.geom) AS touches) t
    WHERE only_provinces IS NULL OR c.province_code = ANY (only_provinces)
  ),
  pair AS (
    SELECT n.commune_code, n.province_code, n.country_code, min(n.distance_m) AS distance_m, bool_or(n.touches) AS touches,
      ST_Union(ST_ClipByBox2D(n.piece, ST_Expand(n.commune_geom, 0.21))) AS line
    FROM near n
    WHERE n.distance_m <= d
    GROUP BY n.commune_code, n.province_code, n.country_code
  ),
  reach AS (
    SELECT p.*, CASE WHEN d > 0 THEN ST_Buffer(c.geom::geography, d)::geometry ELSE c.geom END AS area
    FROM pair p JOIN commune c ON c.code = p.commune_code
  ),
  measured AS (
    SELECT r.*, CASE WHEN r.touches THEN 0 ELSE r.distance_m END AS dist_m,
      ST_Multi(ST_CollectionExtract(ST_Intersection(r.line, r.area), 2)) AS reach_line
    FROM reach r
  ),
  province_total AS MATERIALIZED (
    SELECT r.province_code, r.country_code,
      coalesce(ST_Length(ST_CollectionExtract(ST_Intersection(
        (SELECT ST_Union(ST_ClipByBox2D(b.geom, ST_Extent(r.area)::box2d)) FROM national_border b WHERE b.country_code = r.country_code),
        ST_Union(r.area)), 2)::geography), 0) AS total_m
    FROM reach r GROUP BY r.province_code, r.country_code
  ),
  communes AS (
    INSERT INTO border_commune (commune_code, countries, distance_m, touches, reach_area)
    SELECT commune_code, array_agg(country_code ORDER BY country_code), min(dist_m), bool_or(touches),
      ST_Multi(ST_CollectionExtract((array_agg(area))[1], 3))
    FROM measured GROUP BY commune_code
    RETURNING commune_code
  )
  INSERT INTO border_commune_country (commune_code, country_code, distance_m, reach_geom, border_length_m, border_share)
  SELECT m.commune_code, m.country_code, m.dist_m,
    CASE WHEN ST_IsEmpty(m.reach_line) THEN NULL ELSE m.reach_line END,
    coalesce(ST_Length(m.reach_line::geography), 0),
    CASE WHEN t.total_m > 0 THEN least(1, coalesce(ST_Length(m.reach_line::geography), 0) / t.total_m) ELSE 0 END
  FROM measured m
  JOIN province_total t ON t.province_code = m.province_code AND t.country_code = m.country_code
  WHERE m.commune_code IN (SELECT commune_code FROM communes);
END $$;
