-- Border communes, derived from geometry and stored (replaces the per-request view of 001).
--
-- Rule: a commune is a border commune when its polygon touches the national border line or lies within
-- border_setting.distance_m metres of it (geodesic, on the geography type). For each country it faces we keep the
-- distance to that country's line, the length of that line within the commune's reach (the line clipped to the
-- commune's polygon buffered by distance_m on the geography type) and that length's share of the province's
-- border with the country (the union of all of the province's communes' reaches on that line). Neighbouring
-- communes reach overlapping stretches, so the shares of one province and country may add up to more than 1.
--
-- Refreshed by statement-level triggers on commune (geometry), national_border and border_setting, in the
-- transaction that makes the change: every write path, present or future (imports, hand-written SQL), is
-- covered, and a rolled-back change rolls its derivation back too. PGlite is PostgreSQL compiled to WebAssembly,
-- so the triggers behave the same on both back ends; a materialized view would need REFRESH by every caller.

CREATE TABLE border_setting (
  -- One row only.
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  distance_m  double precision NOT NULL DEFAULT 1000 CHECK (distance_m >= 0 AND distance_m <= 20000),
  version     integer NOT NULL DEFAULT 1,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO border_setting DEFAULT VALUES;

DROP VIEW border_commune;

CREATE TABLE border_commune (
  commune_code text PRIMARY KEY REFERENCES commune (code) ON DELETE CASCADE,
  -- Neighbouring countries faced, sorted (kept from the 001 view for the access scope of border officers).
  countries    text[] NOT NULL,
  -- Shortest geodesic distance to the border line of any country (0 when touching).
  distance_m   double precision NOT NULL,
  touches      boolean NOT NULL,
  -- The commune's reach: its polygon buffered by distance_m on the geography type (the polygon itself at 0 m).
  reach_area   geometry(MultiPolygon, 4326),
  derived_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE border_commune_country (
  commune_code     text NOT NULL REFERENCES border_commune (commune_code) ON DELETE CASCADE,
  country_code     text NOT NULL REFERENCES country (code),
  distance_m       double precision NOT NULL,
  -- The country's border line within the commune's reach, and its geodesic length.
  reach_geom       geometry(MultiLineString, 4326),
  border_length_m  double precision NOT NULL,
  -- border_length_m / length of the union of the reaches of all communes of the province on this country's line.
  border_share     double precision NOT NULL,
  PRIMARY KEY (commune_code, country_code)
);
CREATE INDEX border_commune_country_country_idx ON border_commune_country (country_code);

-- Recomputes the border communes of the given provinces (NULL = all) from the current geometry and setting. Shares
-- are relative to the province, so a province is always derived whole. One statement, so that the stored rows are
-- never half-derived; the lock serialises concurrent derivations (two edits committing at once).
CREATE FUNCTION border_derive(only_provinces text[] DEFAULT NULL) RETURNS void
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
    -- Candidates by bounding box first (0.2° is at least 20 km at Vietnam's latitudes, the largest distance
    -- allowed), then a cheap planar test in degrees that can only keep too many (a degree is more than 50 km
    -- below 63° of latitude), then the planar touch test or the geodesic distance test, which is slow on long
    -- lines. Lines are clipped to the commune's neighbourhood before any measuring: a country's line may run for
    -- hundreds of kilometres.
    SELECT c.code AS commune_code, c.province_code, b.country_code,
      min(CASE WHEN ST_Intersects(c.geom, b.geom) THEN 0 ELSE ST_Distance(c.geom::geography, b.geom::geography) END) AS distance_m,
      bool_or(ST_Intersects(c.geom, b.geom)) AS touches,
      ST_Union(ST_ClipByBox2D(b.geom, ST_Expand(c.geom, 0.21))) AS line
    FROM commune c
    JOIN national_border b
      ON b.geom && ST_Expand(c.geom, 0.2)
     AND ST_DWithin(c.geom, b.geom, d / 50000.0)
     AND (ST_Intersects(c.geom, b.geom) OR ST_DWithin(c.geom::geography, b.geom::geography, d))
    WHERE only_provinces IS NULL OR c.province_code = ANY (only_provinces)
    GROUP BY c.code, c.province_code, b.country_code
  ),
  reach AS (
    -- The commune's reach: its polygon buffered by d metres on the geography type.
    SELECT p.*, CASE WHEN d > 0 THEN ST_Buffer(c.geom::geography, d)::geometry ELSE c.geom END AS area
    FROM pair p JOIN commune c ON c.code = p.commune_code
  ),
  measured AS (
    SELECT r.*, CASE WHEN r.touches THEN 0 ELSE r.distance_m END AS dist_m,
      ST_Multi(ST_CollectionExtract(ST_Intersection(r.line, r.area), 2)) AS reach_line
    FROM reach r
  ),
  province_total AS (
    -- The province's border with the country: the country's line within the union of its communes' reaches
    -- (the union of polygons, not of the clipped lines, whose overlaps do not always dissolve exactly).
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

CREATE FUNCTION border_derive_on_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM border_derive();
  RETURN NULL;
END $$;

-- Commune changes re-derive only the provinces whose communes were added, removed or changed in geometry or
-- province (an update of a name or a population derives nothing).
CREATE FUNCTION border_derive_on_commune_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM border_derive(ARRAY(SELECT DISTINCT province_code FROM new_communes));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM border_derive(ARRAY(SELECT DISTINCT province_code FROM old_communes));
  ELSE
    PERFORM border_derive(ARRAY(
      SELECT n.province_code FROM new_communes n JOIN old_communes o ON o.code = n.code
      WHERE o.province_code <> n.province_code OR NOT ST_OrderingEquals(o.geom, n.geom)
      UNION
      SELECT o.province_code FROM new_communes n JOIN old_communes o ON o.code = n.code
      WHERE o.province_code <> n.province_code OR NOT ST_OrderingEquals(o.geom, n.geom)
      UNION
      -- A changed code: the old row has no new row of that code, or the other way round.
      SELECT n.province_code FROM new_communes n WHERE NOT EXISTS (SELECT 1 FROM old_communes o WHERE o.code = n.code)
      UNION
      SELECT o.province_code FROM old_communes o WHERE NOT EXISTS (SELECT 1 FROM new_communes n WHERE n.code = o.code)));
  END IF;
  RETURN NULL;
END $$;

-- Transition tables need one trigger per event.
CREATE TRIGGER commune_border_insert AFTER INSERT ON commune REFERENCING NEW TABLE AS new_communes
  FOR EACH STATEMENT EXECUTE FUNCTION border_derive_on_commune_change();
CREATE TRIGGER commune_border_update AFTER UPDATE ON commune REFERENCING OLD TABLE AS old_communes NEW TABLE AS new_communes
  FOR EACH STATEMENT EXECUTE FUNCTION border_derive_on_commune_change();
CREATE TRIGGER commune_border_delete AFTER DELETE ON commune REFERENCING OLD TABLE AS old_communes
  FOR EACH STATEMENT EXECUTE FUNCTION border_derive_on_commune_change();
-- Border lines are not tied to a province: any change re-derives everything.
CREATE TRIGGER national_border_derive AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON national_border
  FOR EACH STATEMENT EXECUTE FUNCTION border_derive_on_change();
CREATE TRIGGER border_setting_derive AFTER UPDATE OF distance_m ON border_setting
  FOR EACH STATEMENT EXECUTE FUNCTION border_derive_on_change();

SELECT border_derive();
