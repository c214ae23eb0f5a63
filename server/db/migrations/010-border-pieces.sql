-- The border derivation at national scale. border_derive (002) joined every commune to each country's whole line:
-- one row per country, so the spatial index could not prune (every commune's box meets the box of the line with
-- China) and each distance was measured against thousands of kilometres of line — 43 s for the 3,321 communes of
-- the country with the national lines on PostgreSQL. The lines are now also kept cut into short pieces (at most 64
-- vertices each, indexed), which the derivation joins instead; the stored rows of national_border are unchanged.

CREATE TABLE national_border_piece (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  border_id    integer NOT NULL REFERENCES national_border (id) ON DELETE CASCADE,
  country_code text NOT NULL REFERENCES country (code),
  geom         geometry(LineString, 4326) NOT NULL
);
CREATE INDEX national_border_piece_geom_idx ON national_border_piece USING gist (geom);

CREATE FUNCTION national_border_pieces_rebuild() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM national_border_piece;
  INSERT INTO national_border_piece (border_id, country_code, geom)
  SELECT b.id, b.country_code, (ST_Dump(s.geom)).geom
  FROM national_border b, ST_Subdivide(b.geom, 64) AS s(geom);
  RETURN NULL;
END $$;

-- Statement triggers fire in name order: the pieces are rebuilt before national_border_derive (002) derives.
CREATE TRIGGER national_border_0_pieces AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON national_border
  FOR EACH STATEMENT EXECUTE FUNCTION national_border_pieces_rebuild();

INSERT INTO national_border_piece (border_id, country_code, geom)
SELECT b.id, b.country_code, (ST_Dump(s.geom)).geom
FROM national_border b, ST_Subdivide(b.geom, 64) AS s(geom);

-- As in 002, with the pieces in place of the whole lines for finding and measuring each commune's neighbourhood.
-- The line within a commune's reach is the union of the pieces near it, clipped to its surroundings; a piece
-- farther than the distance has no part within the reach, so leaving it out changes nothing.
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

  WITH pair AS (
    SELECT c.code AS commune_code, c.province_code, b.country_code,
      min(CASE WHEN ST_Intersects(c.geom, b.geom) THEN 0 ELSE ST_Distance(c.geom::geography, b.geom::geography) END) AS distance_m,
      bool_or(ST_Intersects(c.geom, b.geom)) AS touches,
      ST_Union(ST_ClipByBox2D(b.geom, ST_Expand(c.geom, 0.21))) AS line
    FROM commune c
    JOIN national_border_piece b
      ON b.geom && ST_Expand(c.geom, 0.2)
     AND ST_DWithin(c.geom, b.geom, d / 50000.0)
     AND (ST_Intersects(c.geom, b.geom) OR ST_DWithin(c.geom::geography, b.geom::geography, d))
    WHERE only_provinces IS NULL OR c.province_code = ANY (only_provinces)
    GROUP BY c.code, c.province_code, b.country_code
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
  province_total AS (
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

SELECT border_derive();
