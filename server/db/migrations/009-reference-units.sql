-- The official administrative units of 2025 (34 provinces, 3,321 communes) as reference data, loaded at start-up
-- from data/reference/admin-units-2025.json (server/reference-units.ts). Imports read each feature's province from
-- it when the file has no province column, refuse a code that belongs to another province than the one given,
-- and name new provinces after it.

CREATE TABLE ref_province (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{2}$'),
  name text NOT NULL CHECK (btrim(name) <> '')
);

CREATE TABLE ref_commune (
  code          text PRIMARY KEY CHECK (code ~ '^[0-9]{5}$'),
  name          text NOT NULL CHECK (btrim(name) <> ''),
  province_code text NOT NULL REFERENCES ref_province (code)
);
CREATE INDEX ref_commune_province_idx ON ref_commune (province_code);

-- A real province's outline is the union of its communes (derived after every boundary import). The demo keeps
-- the outline it was generated with. On the embedded database the union is snap-rounded on a 1e-7° grid (about
-- 1 cm): its GEOS ends a floating-point union of some provinces (Quảng Ninh) with no row and no error (see
-- posture_geos_fragile, migration 008), while a fixed-grid overlay never retries. PostgreSQL takes the plain union,
-- which is faster there (4.9 s against 7.8 s for the 34 provinces).
CREATE FUNCTION province_outline_derive(only_provinces text[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF posture_geos_fragile() THEN
    UPDATE province p
    SET geom = (SELECT ST_Multi(ST_CollectionExtract(ST_Union(c.geom, 1e-7::float8), 3)) FROM commune c WHERE c.province_code = p.code)
    WHERE p.code = ANY (only_provinces) AND NOT p.is_demo;
  ELSE
    UPDATE province p
    SET geom = (SELECT ST_Multi(ST_CollectionExtract(ST_Union(c.geom), 3)) FROM commune c WHERE c.province_code = p.code)
    WHERE p.code = ANY (only_provinces) AND NOT p.is_demo;
  END IF;
END $$;
