-- Commune outlines made ready for vector tiles once, when they are written, instead of in every tile: transformed to
-- Web Mercator (a third of the time of a tile at zoom 6 went into ST_Transform). Kept in sync by statement-level
-- triggers (one statement for a whole import); a deleted commune takes its row with it.
CREATE TABLE commune_tile_geom (
  commune_code text PRIMARY KEY REFERENCES commune (code) ON DELETE CASCADE,
  geom geometry(MultiPolygon, 3857) NOT NULL
);
CREATE INDEX commune_tile_geom_geom_idx ON commune_tile_geom USING gist (geom);

CREATE FUNCTION posture_commune_tile_geom_on_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO commune_tile_geom (commune_code, geom)
    SELECT n.code, ST_Transform(n.geom, 3857) FROM new_rows n
    ON CONFLICT (commune_code) DO UPDATE SET geom = EXCLUDED.geom;
  ELSE
    -- Only the communes whose outline changed.
    INSERT INTO commune_tile_geom (commune_code, geom)
    SELECT n.code, ST_Transform(n.geom, 3857) FROM new_rows n JOIN old_rows o ON o.code = n.code
    WHERE n.geom IS DISTINCT FROM o.geom
    ON CONFLICT (commune_code) DO UPDATE SET geom = EXCLUDED.geom;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER commune_tile_geom_insert AFTER INSERT ON commune REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION posture_commune_tile_geom_on_write();
CREATE TRIGGER commune_tile_geom_update AFTER UPDATE ON commune REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION posture_commune_tile_geom_on_write();

INSERT INTO commune_tile_geom (commune_code, geom) SELECT code, ST_Transform(geom, 3857) FROM commune;

-- A commune outline (EPSG:3857) in the coordinates of tile z/x/y, as posture_tile_geom (migration 011) but
-- generalised at the small zooms: snapped to a grid of 4 tile units at zoom 5 and below, where communes are a few
-- pixels wide (a tile is drawn 512 to 1024 pixels wide, so 4 of its 4096 units are at most a pixel); that leaves a
-- third of the vertices of the country at zoom 4. The grid is the same for both neighbours of an edge (tile origins
-- are multiples of 4096 units), so shared edges stay shared; consecutive vertices falling in one cell become one,
-- and a polygon smaller than a cell disappears. Clipped before it is snapped, as posture_tile_geom does: clipping a
-- snapped (possibly self-touching) shape is where the embedded GEOS gives up.
--
-- In two parts, so that a statement reading many outlines computes the tile's frame once (in a prepared statement
-- the tile is a parameter, and an expression of parameters is computed again for every row):
--   WITH frame AS MATERIALIZED (SELECT posture_outline_frame($1, $2, $3) AS f) ... posture_tile_fit(geom, frame.f)
CREATE TYPE posture_tile_frame AS (
  box   geometry,         -- the tile and its 64-unit buffer, EPSG:3857
  scale double precision, -- tile units per metre
  dx    double precision, -- tile coordinates of the Web Mercator origin
  dy    double precision,
  grid  double precision  -- tile units between snapped vertices
);

CREATE FUNCTION posture_outline_frame(z integer, x integer, y integer) RETURNS posture_tile_frame
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ROW(ST_TileEnvelope(z, x, y, margin => 64.0 / 4096), 4096 * power(2, z) / 40075016.68557849,
    2048 * power(2, z) - 4096.0 * x, 2048 * power(2, z) - 4096.0 * y, CASE WHEN z <= 5 THEN 4 ELSE 1 END)::posture_tile_frame
$$;

CREATE FUNCTION posture_tile_fit(g geometry, f posture_tile_frame) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ST_ForcePolygonCCW(ST_CollectionExtract(ST_RemoveRepeatedPoints(ST_SnapToGrid(ST_Affine(
    ST_ClipByBox2D(ST_Transform(g, 3857), f.box), f.scale, 0, 0, -f.scale, f.dx, f.dy), f.grid))))
$$;

CREATE FUNCTION posture_tile_outline(g geometry, z integer, x integer, y integer) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT posture_tile_fit(g, posture_outline_frame(z, x, y))
$$;

-- The statuses of one commune as of a date, with the absent values of commune_status_at (migration 001): for a
-- tile, which reads a few hundred communes through the status index rather than grouping every commune's records.
CREATE FUNCTION commune_status_of(as_of date, code text)
RETURNS TABLE (key_complex text, drug_key_area text, transformation text, drug_free text, safe_standard text)
LANGUAGE sql STABLE AS $$
  SELECT coalesce(max(s.value) FILTER (WHERE s.kind = 'key_complex'), 'not_key'),
    coalesce(max(s.value) FILTER (WHERE s.kind = 'drug_key_area'), 'not_key'),
    coalesce(max(s.value) FILTER (WHERE s.kind = 'transformation'), 'none'),
    coalesce(max(s.value) FILTER (WHERE s.kind = 'drug_free'), 'not_started'),
    coalesce(max(s.value) FILTER (WHERE s.kind = 'safe_standard'), 'not_assessed')
  FROM commune_status s
  WHERE s.commune_code = code AND s.valid_from <= as_of AND (s.valid_to IS NULL OR s.valid_to > as_of)
$$;
-- Its lookup: the records of one commune in force on a date, from the index alone once the table is vacuumed (the
-- exclusion index, which the planner takes otherwise, costs five times as much per commune on the embedded database).
CREATE INDEX commune_status_as_of_idx ON commune_status (commune_code, valid_from) INCLUDE (kind, value, valid_to);
