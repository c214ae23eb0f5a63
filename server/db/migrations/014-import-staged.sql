-- The boundary import parses, checks and repairs each feature once. Its check stages every feature in
-- import_stage (server/sql/import-boundary-stage.sql), several batches at once on a PostgreSQL server (one per
-- connection), and the import's transaction writes the communes from there (import-boundary-write.sql), then
-- deletes its rows. UNLOGGED: rows that live for one import need no write-ahead log (after a crash PostgreSQL
-- empties the table, which is what an interrupted import leaves anyway); rows a stopped process left behind are
-- deleted by the next import after a day.
CREATE UNLOGGED TABLE import_stage (
  import_id  text NOT NULL,
  n          integer NOT NULL,
  code       text,
  province   text,
  name       text,
  kind       text,
  population integer,
  geom       geometry(MultiPolygon, 4326),
  reason     text,
  area_km2   double precision,
  staged_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (import_id, n)
);

-- The commune trigger need not check what the import checked: the import sets posture.geom_checked for its write,
-- and the trigger then takes each geometry as valid and keeps the repair reason and area written with it. The
-- setting is local to the transaction and cleared by the import right after its write; any other write still
-- checks, repairs and measures.
CREATE OR REPLACE FUNCTION posture_polygon_on_write() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  raw geometry := NEW.geom;
  given boolean := coalesce(current_setting('posture.geom_repair_given', true), '') = 'on';
  checked boolean := coalesce(current_setting('posture.geom_checked', true), '') = 'on';
  valid boolean;
BEGIN
  IF given THEN PERFORM set_config('posture.geom_repair_given', '', true); END IF;
  IF TG_OP = 'UPDATE' AND NEW.geom IS NOT DISTINCT FROM OLD.geom THEN RETURN NEW; END IF;
  IF raw IS NULL THEN
    NEW.geom_repair := NULL;
    NEW.area_km2 := NULL;
    RETURN NEW;
  END IF;
  IF checked AND NEW.area_km2 IS NOT NULL THEN
    RETURN NEW;
  END IF;
  valid := ST_IsValid(ST_Force2D(raw));
  IF NOT valid THEN
    NEW.geom_repair := ST_IsValidReason(ST_Force2D(raw));
  ELSIF NOT given THEN
    NEW.geom_repair := NULL;
  END IF;
  NEW.geom := posture_clean_multipolygon(raw, valid);
  NEW.area_km2 := ST_Area(NEW.geom::geography) / 1e6;
  RETURN NEW;
END $$;

-- The border derivation buffers only the part of each border commune near the line (see `area` below): the reach
-- along the line is the same (within 1 cm on the country), in two thirds of the time. border_commune.reach_area
-- holds that part's buffer. The embedded database keeps whole communes (its GEOS gives up on some intersections).
CREATE OR REPLACE FUNCTION border_derive(only_provinces text[] DEFAULT NULL) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  d double precision := (SELECT distance_m FROM border_setting);
  fragile boolean := posture_geos_fragile();
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
  area AS MATERIALIZED (
    -- The reach of each border commune: the commune buffered by d, geodesically. Only the part of the commune near
    -- the line matters: a point of the line within d of the commune is within d of the commune's part inside the
    -- box of the nearby pieces widened by d (d / 50,000 degrees exceeds d metres anywhere in Vietnam), so that part
    -- is buffered, not the whole commune (half the vertices and two thirds of the time on the country's 252).
    SELECT n.commune_code,
      CASE WHEN d <= 0 THEN c.geom
        -- The embedded database's GEOS ends some intersections of complex communes with no result: whole communes there.
        WHEN fragile THEN ST_Buffer(c.geom::geography, d)::geometry
        ELSE ST_Buffer(ST_Intersection(c.geom, ST_SetSRID(ST_Expand(ST_Extent(n.piece), d / 50000.0)::geometry, 4326))::geography, d)::geometry
      END AS area
    FROM near n JOIN commune c ON c.code = n.commune_code
    WHERE n.distance_m <= d
    GROUP BY n.commune_code, c.geom
  ),
  reach AS (
    SELECT p.*, a.area FROM pair p JOIN area a ON a.commune_code = p.commune_code
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
