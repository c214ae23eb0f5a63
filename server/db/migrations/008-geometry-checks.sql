-- Geometry checks the embedded database answers for every commune of the country, and repair reasons that
-- survive re-imports. Replaces the cleaning functions of 001; the commune trigger is split in two (see below).

-- True on the embedded database (PostgreSQL and PostGIS compiled to WebAssembly by PGlite). Its GEOS cannot
-- recover from an exception thrown inside GEOS, and GEOS throws and catches internally whenever its floating-point
-- noding fails and it retries another way (ST_MakeValid, ST_Buffer, ST_Union, ST_UnaryUnion on near-degenerate
-- rings): the statement then ends with no row and no error, or, inside PL/pgSQL, with "control reached end of
-- function without RETURN". Seen on 06688 Phường Hạ Long: one of its 849 parts is a 10-vertex ring with a vertex
-- lying exactly on its closing segment. ST_IsValid and ST_IsValidReason, and overlays on a fixed grid
-- (snap-rounding, which never retries), answer for every commune of the country.
CREATE OR REPLACE FUNCTION posture_geos_fragile() RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$ SELECT version() LIKE '%emscripten%' $$;

-- ST_MakeValid's 'linework' repair (GEOS MakeValid: node the rings, build an area from the noded edges, take the
-- symmetric difference with what was built before, repeat with the edges left over; then add the edges and the
-- points that no area used) with every noding and overlay done by snap-rounding on a 1e-9° grid (0.1 mm), so that
-- GEOS never has to retry. On the 76 invalid communes of the national 2025 file its polygonal part differs from
-- PostgreSQL's ST_MakeValid by at most 0.14 m² (relative area 1e-9); the dangling edges it also returns (a
-- GEOMETRYCOLLECTION rather than a MULTIPOLYGON) may differ where an edge is shorter than the grid.
CREATE OR REPLACE FUNCTION posture_make_valid_snapped(g geometry) RETURNS geometry
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  grid CONSTANT double precision := 1e-9;
  bound geometry;
  cut geometry;
  built geometry;
  area geometry;
  collapsed geometry;
  parts geometry[];
BEGIN
  -- Rings through liblwgeom (ST_DumpRings), not ST_Boundary: a ring of fewer than 4 points stays a line.
  SELECT ST_Collect(ST_ExteriorRing(r.geom)) INTO bound
  FROM ST_Dump(ST_CollectionExtract(g, 3)) AS p, ST_DumpRings(p.geom) AS r;
  IF bound IS NULL THEN RETURN ST_SetSRID('GEOMETRYCOLLECTION EMPTY'::geometry, ST_SRID(g)); END IF;
  cut := ST_UnaryUnion(bound, grid);
  collapsed := ST_Difference(ST_Points(bound), ST_Points(cut), grid);
  area := ST_SetSRID('POLYGON EMPTY'::geometry, ST_SRID(g));
  -- Each round removes the built area's edges from cut; the bound only guards against a round that removes none.
  FOR i IN 1..100 LOOP
    EXIT WHEN ST_IsEmpty(cut);
    built := ST_BuildArea(cut);
    EXIT WHEN built IS NULL OR ST_IsEmpty(built);
    area := ST_SymDifference(area, built, grid);
    cut := ST_Difference(cut, ST_Boundary(built), grid);
  END LOOP;
  parts := array_remove(ARRAY[
    CASE WHEN NOT ST_IsEmpty(area) THEN area END,
    CASE WHEN NOT ST_IsEmpty(cut) THEN cut END,
    CASE WHEN NOT ST_IsEmpty(collapsed) THEN collapsed END], NULL);
  IF cardinality(parts) = 0 THEN RETURN area; END IF;
  IF cardinality(parts) = 1 THEN RETURN parts[1]; END IF;
  RETURN ST_ForceCollection(ST_Collect(parts));
END $$;

-- The repair of an invalid geometry: ST_MakeValid on PostgreSQL, its snap-rounded equivalent on the embedded
-- database. The import check and the write path both call it, so the preview shows what the commit stores.
CREATE OR REPLACE FUNCTION posture_make_valid(g geometry) RETURNS geometry
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN posture_geos_fragile() THEN posture_make_valid_snapped(g) ELSE ST_MakeValid(g) END
$$;

CREATE OR REPLACE FUNCTION posture_clean_multipolygon(g geometry) RETURNS geometry
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  r geometry;
BEGIN
  IF g IS NULL THEN RETURN NULL; END IF;
  r := ST_Force2D(g);
  IF ST_SRID(r) = 0 THEN r := ST_SetSRID(r, 4326); END IF;
  IF ST_SRID(r) <> 4326 THEN
    RAISE EXCEPTION 'geometry must be in EPSG:4326, got SRID %', ST_SRID(r) USING ERRCODE = '22023';
  END IF;
  IF NOT ST_IsValid(r) THEN r := posture_make_valid(r); END IF;
  r := ST_Multi(ST_CollectionExtract(r, 3));
  IF ST_IsEmpty(r) THEN
    RAISE EXCEPTION 'geometry has no polygonal area' USING ERRCODE = '22023';
  END IF;
  RETURN r;
END $$;

-- geom_repair is the reason of the geometry as received. The boundary upsert receives it in an INSERT whose row
-- the INSERT trigger has already repaired, and on conflict passes that repaired geometry (EXCLUDED.geom) with the
-- reason found for it (EXCLUDED.geom_repair): the UPDATE then sees a valid geometry, and must keep the reason
-- given rather than clear it. A writer gives the reason by naming geom_repair in its SET list; the trigger
-- commune_geom_1_given, fired only then and before commune_geom_2_clean (row triggers fire in name order), says so
-- for this row in a transaction-local setting, which posture_polygon_on_write reads and clears.
CREATE OR REPLACE FUNCTION posture_geom_repair_given() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('posture.geom_repair_given', 'on', true);
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION posture_polygon_on_write() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  raw geometry := NEW.geom;
  given boolean := coalesce(current_setting('posture.geom_repair_given', true), '') = 'on';
BEGIN
  IF given THEN PERFORM set_config('posture.geom_repair_given', '', true); END IF;
  IF TG_OP = 'UPDATE' AND NEW.geom IS NOT DISTINCT FROM OLD.geom THEN RETURN NEW; END IF;
  IF raw IS NULL THEN
    NEW.geom_repair := NULL;
    NEW.area_km2 := NULL;
    RETURN NEW;
  END IF;
  IF NOT ST_IsValid(ST_Force2D(raw)) THEN
    NEW.geom_repair := ST_IsValidReason(ST_Force2D(raw));
  ELSIF NOT given THEN
    NEW.geom_repair := NULL;
  END IF;
  NEW.geom := posture_clean_multipolygon(raw);
  NEW.area_km2 := ST_Area(NEW.geom::geography) / 1e6;
  RETURN NEW;
END $$;

DROP TRIGGER commune_geom ON commune;
CREATE TRIGGER commune_geom_1_given BEFORE UPDATE OF geom_repair ON commune
  FOR EACH ROW EXECUTE FUNCTION posture_geom_repair_given();
CREATE TRIGGER commune_geom_2_clean BEFORE INSERT OR UPDATE ON commune
  FOR EACH ROW EXECUTE FUNCTION posture_polygon_on_write();
