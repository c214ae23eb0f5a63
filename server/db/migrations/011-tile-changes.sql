-- Vector tiles: the geometry of a feature in tile coordinates, and a log of where the data changed, so that a cached
-- tile is reused until a change touches it (an edit in one commune leaves the tiles elsewhere cached).

-- A geometry in the coordinates of tile z/x/y (extent 4096, y downwards), as both back ends encode it: transformed
-- to Web Mercator, clipped to the tile and a 64-unit buffer, scaled and snapped to the integer grid of the tile,
-- repeated points removed, rings oriented as the vector tile specification wants (exterior rings have a positive
-- area in tile coordinates: counter-clockwise once y points down). No simplification: neighbouring communes get the
-- same vertices on their shared edge, since each one is snapped to the same grid; a per-polygon simplification
-- (ST_Simplify, or the half-pixel one inside ST_AsMVTGeom) drops different vertices on either side and opens gaps.
-- Empty (or NULL) when nothing of it is left in the tile. 40075016.68557849 is the width of the Web Mercator world.
-- PostgreSQL encodes these geometries with ST_AsMVT; ST_AsMVTGeom is not used: it takes twice as long on the
-- national communes at zoom 6–8 (it also simplifies and repairs each polygon), and the embedded PostGIS has none.
CREATE FUNCTION posture_tile_geom(g geometry, z integer, x integer, y integer) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  -- One expression, so that the planner inlines it. Clipping an invalid shape can give a collection (a polygon and
  -- a line): ST_CollectionExtract keeps its highest dimension (a tile feature has one geometry type) and returns
  -- any other geometry unchanged.
  SELECT ST_ForcePolygonCCW(ST_CollectionExtract(ST_RemoveRepeatedPoints(ST_SnapToGrid(ST_Affine(
    ST_ClipByBox2D(ST_Transform(g, 3857), ST_TileEnvelope(z, x, y, margin => 64.0 / 4096)),
    4096 * power(2, z) / 40075016.68557849, 0, 0, -4096 * power(2, z) / 40075016.68557849,
    2048 * power(2, z) - 4096.0 * x, 2048 * power(2, z) - 4096.0 * y), 1))))
$$;

-- The box in EPSG:4326 that a tile reads (the tile and its buffer), for && against stored geometries.
CREATE FUNCTION posture_tile_box(z integer, x integer, y integer) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ST_Transform(ST_TileEnvelope(z, x, y, margin => 64.0 / 4096), 4326)
$$;

-- One row per writing statement on a table that tiles show: the table, the box of what it changed (before and
-- after), and a revision from app_meta 'tile_revision'. A tile's revision is the highest one among the changes of
-- its tables that meet its box, so the cache key of a tile moves only when a change reaches it. The counter is a row
-- updated in the writing transaction (see 003): revisions become visible in the order they were taken.
CREATE TABLE tile_change (
  revision bigint PRIMARY KEY,
  -- The table written; '*' for a row standing for every change up to its revision (see posture_tile_change).
  source   text NOT NULL,
  -- Box of the rows written (a point for one point); NULL: anywhere (TRUNCATE, or rows without a location).
  bbox     geometry(Geometry, 4326)
);
CREATE INDEX tile_change_bbox_idx ON tile_change USING gist (bbox);
INSERT INTO app_meta (key, value) VALUES ('tile_revision', '1') ON CONFLICT (key) DO NOTHING;

-- The location of rows written to a table that tiles show: the rows themselves, or the commune (and HQ) they
-- describe. Transition tables are named old_rows / new_rows on every trigger below.
CREATE FUNCTION posture_tile_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  located text := CASE TG_TABLE_NAME
    WHEN 'commune_status' THEN 'SELECT c.geom FROM %1$I o JOIN commune c ON c.code = o.commune_code'
    WHEN 'police_hq' THEN 'SELECT o.geom FROM %1$I o UNION ALL SELECT c.geom FROM %1$I o JOIN commune c ON c.code = o.commune_code'
    WHEN 'police_hq_status' THEN
      'SELECT q.geom FROM %1$I o JOIN police_hq q ON q.id = o.hq_id
       UNION ALL SELECT c.geom FROM %1$I o JOIN police_hq q ON q.id = o.hq_id JOIN commune c ON c.code = q.commune_code'
    WHEN 'border_commune' THEN 'SELECT coalesce(o.reach_area, c.geom) FROM %1$I o LEFT JOIN commune c ON c.code = o.commune_code'
    ELSE 'SELECT o.geom FROM %1$I o' END;
  rel text;
  n bigint := 0;
  m bigint;
  box geometry;
  b box2d;
  r bigint;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    n := 1;
  ELSE
    FOREACH rel IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY['new_rows'] WHEN 'DELETE' THEN ARRAY['old_rows'] ELSE ARRAY['old_rows', 'new_rows'] END LOOP
      EXECUTE format('SELECT (SELECT count(*) FROM %1$I), (SELECT ST_Extent(l.geom) FROM (' || located || ') l(geom))', rel) INTO m, b;
      n := n + m;
      box := CASE WHEN b IS NULL THEN box WHEN box IS NULL THEN b::geometry ELSE ST_Envelope(ST_Collect(box, b::geometry)) END;
    END LOOP;
  END IF;
  IF n = 0 THEN RETURN NULL; END IF; -- nothing written: no tile changed
  UPDATE app_meta SET value = (value::bigint + 1)::text WHERE key = 'tile_revision' RETURNING value::bigint INTO r;
  -- Rows written without a location (an HQ status whose HQ is gone) count as written anywhere.
  INSERT INTO tile_change (revision, source, bbox)
  VALUES (r, TG_TABLE_NAME, CASE WHEN TG_OP = 'TRUNCATE' OR box IS NULL THEN NULL ELSE ST_SetSRID(box, 4326) END);
  -- Bounded: every 1,000 revisions the changes older than the last 1,000 become one row '*' that meets every tile
  -- (their tiles are read again once; a tile's revision never goes back, so no older cache key comes back).
  IF r % 1000 = 0 THEN
    UPDATE tile_change SET source = '*', bbox = NULL WHERE revision = (SELECT max(revision) FROM tile_change WHERE revision <= r - 1000);
    DELETE FROM tile_change WHERE revision < (SELECT max(revision) FROM tile_change WHERE source = '*');
  END IF;
  RETURN NULL;
END $$;

-- A trigger with transition tables takes one event: three per table, and one for TRUNCATE.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['commune', 'commune_status', 'police_hq', 'police_hq_status', 'village', 'national_border', 'border_gate', 'border_commune'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION posture_tile_change()', t || '_tile_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION posture_tile_change()', t || '_tile_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION posture_tile_change()', t || '_tile_delete', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION posture_tile_change()', t || '_tile_truncate', t);
  END LOOP;
END $$;
