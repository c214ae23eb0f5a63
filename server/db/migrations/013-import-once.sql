-- The national boundary import does each piece of work once.
--
-- The commune trigger checked every geometry twice (its own ST_IsValid for the repair reason, then
-- posture_clean_multipolygon's): the cleaning now takes the validity already found.
--
-- A real province's outline is derived after the import has committed, not inside it: the import marks the
-- provinces it wrote (outline_stale) and the server derives their outlines next, on its own connection (server
-- start-up derives any left marked by a process that stopped first). No check depends on the outline being current:
-- the import's "outside the province" test reads the outline as it was, which is what the file is compared with.
--
-- A real province's outline on PostgreSQL is ST_Buffer(ST_Collect(communes), 0), GEOS's buffer of the collection
-- at distance zero: the same area as ST_Union (relative symmetric difference ≤ 1e-15 on all 34 provinces of 2025)
-- in about 60 % of the time, since it builds the outline in one noding pass instead of merging the communes two by
-- two. The communes are valid (the trigger repairs them), which zero-distance buffering needs. The embedded
-- database keeps the snap-rounded union (its GEOS cannot recover from the retries a floating-point buffer may make).

CREATE OR REPLACE FUNCTION posture_clean_multipolygon(g geometry, valid boolean) RETURNS geometry
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
  IF NOT coalesce(valid, ST_IsValid(r)) THEN r := posture_make_valid(r); END IF;
  r := ST_Multi(ST_CollectionExtract(r, 3));
  IF ST_IsEmpty(r) THEN
    RAISE EXCEPTION 'geometry has no polygonal area' USING ERRCODE = '22023';
  END IF;
  RETURN r;
END $$;

CREATE OR REPLACE FUNCTION posture_clean_multipolygon(g geometry) RETURNS geometry
LANGUAGE sql IMMUTABLE AS $$ SELECT posture_clean_multipolygon(g, NULL) $$;

CREATE OR REPLACE FUNCTION posture_polygon_on_write() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  raw geometry := NEW.geom;
  given boolean := coalesce(current_setting('posture.geom_repair_given', true), '') = 'on';
  valid boolean;
BEGIN
  IF given THEN PERFORM set_config('posture.geom_repair_given', '', true); END IF;
  IF TG_OP = 'UPDATE' AND NEW.geom IS NOT DISTINCT FROM OLD.geom THEN RETURN NEW; END IF;
  IF raw IS NULL THEN
    NEW.geom_repair := NULL;
    NEW.area_km2 := NULL;
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

ALTER TABLE province ADD COLUMN outline_stale boolean NOT NULL DEFAULT false;

CREATE OR REPLACE FUNCTION province_outline_derive(only_provinces text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF posture_geos_fragile() THEN
    UPDATE province p
    SET geom = (SELECT ST_Multi(ST_CollectionExtract(ST_Union(c.geom, 1e-7::float8), 3)) FROM commune c WHERE c.province_code = p.code),
      outline_stale = false
    WHERE p.code = ANY (only_provinces) AND NOT p.is_demo;
  ELSE
    UPDATE province p
    SET geom = (SELECT ST_Multi(ST_CollectionExtract(ST_Buffer(ST_Collect(c.geom), 0), 3)) FROM commune c WHERE c.province_code = p.code),
      outline_stale = false
    WHERE p.code = ANY (only_provinces) AND NOT p.is_demo;
  END IF;
END $$;
