-- Commune outlines made ready for vector tiles once, when they are written, instead of in every tile: transformed to
-- Web Mercator, and generalised for the small zooms. A commune tile then only clips, scales and snaps (see
-- posture_tile_geom, migration 011, which leaves a geometry already in EPSG:3857 untransformed).
--
-- Generalisation that keeps shared edges shared: every vertex is snapped to a grid fixed on the Web Mercator world,
-- the same for both neighbours of an edge, and consecutive vertices falling in one cell become one (a polygon or a
-- commune smaller than a cell disappears). Tiles of zoom 6 and above keep the grid of their own 4096 units
-- (posture_tile_geom), which the outlines' vertices, a few hundred metres apart, hardly share; tiles of zoom 5 and
-- below, where communes are a few pixels wide, use a grid of 4 of their units (a tile is drawn 512 to 1024 pixels
-- wide: 4 units are at most a pixel), which leaves a third of the vertices of the country at zoom 4.

-- g (EPSG:3857) with its vertices on the grid of 4 units of the tiles of zoom z (1024 cells across the world at
-- zoom 0); NULL or empty when nothing of it is left.
CREATE FUNCTION posture_tile_generalise(g geometry, z integer) RETURNS geometry
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT ST_SnapToGrid(g, -20037508.342789244, -20037508.342789244,
    40075016.68557849 / (1024 * power(2, z)), 40075016.68557849 / (1024 * power(2, z)))
$$;

-- One row per commune: geom for tiles of zoom 6 and above, geom_z<N> for zoom N (geom_z2 also for zooms 0 and 1,
-- where its grid is finer than 4 units). The tile queries pick the column (tile-communes.sql).
CREATE TABLE commune_tile_geom (
  commune_code text PRIMARY KEY REFERENCES commune (code) ON DELETE CASCADE,
  geom    geometry(MultiPolygon, 3857) NOT NULL,
  geom_z5 geometry(Geometry, 3857),
  geom_z4 geometry(Geometry, 3857),
  geom_z3 geometry(Geometry, 3857),
  geom_z2 geometry(Geometry, 3857)
);
-- Tiles find their communes here, in the tile's own coordinates: the generalised shapes lie within half a cell
-- (2 units) of geom, well inside the 64-unit buffer of a tile.
CREATE INDEX commune_tile_geom_geom_idx ON commune_tile_geom USING gist (geom);

CREATE FUNCTION posture_commune_tile_geom(code text, g geometry)
RETURNS TABLE (commune_code text, geom geometry, geom_z5 geometry, geom_z4 geometry, geom_z3 geometry, geom_z2 geometry)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT code, m.g, posture_tile_generalise(m.g, 5), posture_tile_generalise(m.g, 4), posture_tile_generalise(m.g, 3),
    posture_tile_generalise(m.g, 2)
  FROM (SELECT ST_Transform(g, 3857) AS g) m
$$;

-- Kept in sync by statement-level triggers (one statement for a whole import); a deleted commune takes its row with
-- it (ON DELETE CASCADE). An update recomputes only the communes whose geometry changed.
CREATE FUNCTION posture_commune_tile_geom_on_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO commune_tile_geom (commune_code, geom, geom_z5, geom_z4, geom_z3, geom_z2)
    SELECT t.* FROM new_rows n CROSS JOIN LATERAL posture_commune_tile_geom(n.code, n.geom) t
    ON CONFLICT (commune_code) DO UPDATE SET geom = EXCLUDED.geom, geom_z5 = EXCLUDED.geom_z5,
      geom_z4 = EXCLUDED.geom_z4, geom_z3 = EXCLUDED.geom_z3, geom_z2 = EXCLUDED.geom_z2;
  ELSE
    INSERT INTO commune_tile_geom (commune_code, geom, geom_z5, geom_z4, geom_z3, geom_z2)
    SELECT t.* FROM new_rows n JOIN old_rows o ON o.code = n.code CROSS JOIN LATERAL posture_commune_tile_geom(n.code, n.geom) t
    WHERE n.geom IS DISTINCT FROM o.geom
    ON CONFLICT (commune_code) DO UPDATE SET geom = EXCLUDED.geom, geom_z5 = EXCLUDED.geom_z5,
      geom_z4 = EXCLUDED.geom_z4, geom_z3 = EXCLUDED.geom_z3, geom_z2 = EXCLUDED.geom_z2;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER commune_tile_geom_insert AFTER INSERT ON commune REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION posture_commune_tile_geom_on_write();
CREATE TRIGGER commune_tile_geom_update AFTER UPDATE ON commune REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION posture_commune_tile_geom_on_write();

INSERT INTO commune_tile_geom (commune_code, geom, geom_z5, geom_z4, geom_z3, geom_z2)
SELECT t.* FROM commune c CROSS JOIN LATERAL posture_commune_tile_geom(c.code, c.geom) t;

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
