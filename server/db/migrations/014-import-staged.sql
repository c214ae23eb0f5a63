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
