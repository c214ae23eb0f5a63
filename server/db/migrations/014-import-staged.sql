-- The boundary import checks and writes in one transaction: each feature is parsed, checked and repaired once, into
-- a staging table the check reads and the write copies from (server/sql/import-boundary-stage.sql). The commune
-- trigger then need not check the geometry again: the import sets posture.geom_checked for its write, and the
-- trigger takes each geometry as valid and keeps the repair reason written with it. The setting is local to the
-- transaction and cleared by the import right after its write; any other write still checks and repairs.
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
  IF checked THEN
    valid := true;
  ELSE
    valid := ST_IsValid(ST_Force2D(raw));
    IF NOT valid THEN
      NEW.geom_repair := ST_IsValidReason(ST_Force2D(raw));
    ELSIF NOT given THEN
      NEW.geom_repair := NULL;
    END IF;
  END IF;
  NEW.geom := posture_clean_multipolygon(raw, valid);
  NEW.area_km2 := ST_Area(NEW.geom::geography) / 1e6;
  RETURN NEW;
END $$;
