-- The whole domain: administrative units, border, statuses over time, police HQs, grassroots forces,
-- yearly indicators, campaigns, accounts and audit. Later migrations add behaviour, not rework.

CREATE EXTENSION IF NOT EXISTS postgis SCHEMA public;
CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public;

-- Key/value facts about this installation's data (e.g. the data version used to key caches).
CREATE TABLE app_meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);

-- Cleans a polygonal geometry on the way in: 2D, SRID 4326, repaired with ST_MakeValid when invalid,
-- reduced to its polygonal part and made Multi. Raises when nothing polygonal remains.
CREATE FUNCTION posture_clean_multipolygon(g geometry) RETURNS geometry
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
  IF NOT ST_IsValid(r) THEN r := ST_MakeValid(r); END IF;
  r := ST_Multi(ST_CollectionExtract(r, 3));
  IF ST_IsEmpty(r) THEN
    RAISE EXCEPTION 'geometry has no polygonal area' USING ERRCODE = '22023';
  END IF;
  RETURN r;
END $$;

-- Trigger body shared by polygon tables: validates NEW.geom, keeps the reason of any repair, derives the area.
CREATE FUNCTION posture_polygon_on_write() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  raw geometry := NEW.geom;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.geom IS NOT DISTINCT FROM OLD.geom THEN RETURN NEW; END IF;
  IF raw IS NULL THEN
    NEW.geom_repair := NULL;
    NEW.area_km2 := NULL;
    RETURN NEW;
  END IF;
  NEW.geom_repair := CASE WHEN ST_IsValid(ST_Force2D(raw)) THEN NULL ELSE ST_IsValidReason(ST_Force2D(raw)) END;
  NEW.geom := posture_clean_multipolygon(raw);
  NEW.area_km2 := ST_Area(NEW.geom::geography) / 1e6;
  RETURN NEW;
END $$;

CREATE TABLE province (
  code        text PRIMARY KEY CHECK (code ~ '^[0-9]{2}$'),
  name        text NOT NULL CHECK (btrim(name) <> ''),
  is_demo     boolean NOT NULL DEFAULT false,
  source      text NOT NULL DEFAULT '',
  geom        geometry(MultiPolygon, 4326),
  geom_repair text,
  area_km2    double precision,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER province_geom BEFORE INSERT OR UPDATE ON province
  FOR EACH ROW EXECUTE FUNCTION posture_polygon_on_write();
CREATE INDEX province_geom_idx ON province USING gist (geom);

CREATE TABLE commune (
  code          text PRIMARY KEY CHECK (code ~ '^[0-9]{5}$'),
  province_code text NOT NULL REFERENCES province (code),
  name          text NOT NULL CHECK (btrim(name) <> ''),
  kind          text NOT NULL CHECK (kind IN ('commune', 'ward', 'special_zone')),
  population    integer CHECK (population >= 0),
  geom          geometry(MultiPolygon, 4326) NOT NULL,
  -- ST_IsValidReason of the geometry as received when it had to be repaired; NULL when it was valid.
  geom_repair   text,
  area_km2      double precision NOT NULL,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER commune_geom BEFORE INSERT OR UPDATE ON commune
  FOR EACH ROW EXECUTE FUNCTION posture_polygon_on_write();
CREATE INDEX commune_geom_idx ON commune USING gist (geom);
CREATE INDEX commune_province_idx ON commune (province_code);

-- Neighbouring countries (ISO 3166-1 alpha-3).
CREATE TABLE country (
  code    text PRIMARY KEY CHECK (code ~ '^[A-Z]{3}$'),
  name_vi text NOT NULL,
  name_en text NOT NULL
);
INSERT INTO country (code, name_vi, name_en) VALUES
  ('LAO', 'Lào', 'Laos'),
  ('CHN', 'Trung Quốc', 'China'),
  ('KHM', 'Campuchia', 'Cambodia');

-- The national border line, one row per neighbouring country (and source).
CREATE TABLE national_border (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  country_code text NOT NULL REFERENCES country (code),
  name         text NOT NULL,
  source       text NOT NULL DEFAULT '',
  geom         geometry(MultiLineString, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom))
);
CREATE INDEX national_border_geom_idx ON national_border USING gist (geom);

CREATE TABLE border_gate (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name          text NOT NULL CHECK (btrim(name) <> ''),
  level         text NOT NULL CHECK (level IN ('international', 'main', 'secondary')),
  country_code  text NOT NULL REFERENCES country (code),
  commune_code  text REFERENCES commune (code),
  opened_on     date,
  closed_on     date CHECK (closed_on IS NULL OR opened_on IS NULL OR closed_on > opened_on),
  geom          geometry(Point, 4326) NOT NULL,
  version       integer NOT NULL DEFAULT 1
);
CREATE INDEX border_gate_geom_idx ON border_gate USING gist (geom);

-- Status kinds and their allowed values; ordinal orders values in legends and lifecycles.
CREATE TABLE status_value (
  kind    text NOT NULL,
  value   text NOT NULL,
  ordinal integer NOT NULL,
  PRIMARY KEY (kind, value)
);
INSERT INTO status_value (kind, value, ordinal) VALUES
  ('key_complex', 'key_complex', 1),
  ('drug_key_area', 'drug_key_area', 1),
  ('transformation', 'designated', 1),
  ('transformation', 'transforming', 2),
  ('transformation', 'transformed', 3),
  ('transformation', 'maintained', 4),
  ('transformation', 'challenge', 5),
  ('drug_free', 'not_started', 1),
  ('drug_free', 'building', 2),
  ('drug_free', 'certified', 3),
  ('drug_free', 'revoked', 4),
  ('safe_standard', 'met', 1),
  ('safe_standard', 'not_met', 2);

CREATE TABLE campaign (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  province_code     text NOT NULL REFERENCES province (code),
  kind              text NOT NULL CHECK (kind IN ('transformation', 'drug_free')),
  name              text NOT NULL CHECK (btrim(name) <> ''),
  period_start      date NOT NULL,
  period_end        date NOT NULL CHECK (period_end >= period_start),
  responsible_unit  text,
  targets           jsonb NOT NULL DEFAULT '{}'::jsonb,
  version           integer NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaign_commune (
  campaign_id  integer NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
  commune_code text NOT NULL REFERENCES commune (code),
  stage        text NOT NULL,
  version      integer NOT NULL DEFAULT 1,
  PRIMARY KEY (campaign_id, commune_code)
);

CREATE TABLE campaign_milestone (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id integer NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
  title       text NOT NULL,
  due_on      date NOT NULL,
  done_on     date
);

-- Dated status records: in force from valid_from (inclusive) to valid_to (exclusive; NULL = still in force).
-- Records of one kind never overlap for a commune.
CREATE TABLE commune_status (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  commune_code  text NOT NULL REFERENCES commune (code),
  kind          text NOT NULL,
  value         text NOT NULL,
  valid_from    date NOT NULL,
  valid_to      date CHECK (valid_to IS NULL OR valid_to > valid_from),
  decision_no   text,
  decision_date date,
  note          text,
  -- Where the record came from when not entered directly, e.g. inherited from a pre-merger commune.
  provenance    text,
  campaign_id   integer REFERENCES campaign (id),
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (kind, value) REFERENCES status_value (kind, value),
  CONSTRAINT commune_status_no_overlap
    EXCLUDE USING gist (commune_code WITH =, kind WITH =, daterange(valid_from, valid_to) WITH &&)
);
CREATE INDEX commune_status_commune_idx ON commune_status (commune_code, kind, valid_from);

-- Commune police headquarters. Status changes over time live in police_hq_status.
CREATE TABLE police_hq (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  commune_code  text NOT NULL REFERENCES commune (code),
  name          text NOT NULL CHECK (btrim(name) <> ''),
  staff_count   integer NOT NULL DEFAULT 0 CHECK (staff_count >= 0),
  geom          geometry(Point, 4326) NOT NULL,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX police_hq_geom_idx ON police_hq USING gist (geom);
CREATE INDEX police_hq_commune_idx ON police_hq (commune_code);

CREATE TABLE police_hq_status (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hq_id         integer NOT NULL REFERENCES police_hq (id) ON DELETE CASCADE,
  status        text NOT NULL CHECK (status IN ('independent', 'under_construction', 'planned', 'shared')),
  valid_from    date NOT NULL,
  valid_to      date CHECK (valid_to IS NULL OR valid_to > valid_from),
  decision_no   text,
  decision_date date,
  note          text,
  CONSTRAINT police_hq_status_no_overlap EXCLUDE USING gist (hq_id WITH =, daterange(valid_from, valid_to) WITH &&)
);

-- Grassroots security teams, counted per commune and year.
CREATE TABLE security_team_count (
  commune_code text NOT NULL REFERENCES commune (code),
  year         integer NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  team_count   integer NOT NULL CHECK (team_count >= 0),
  member_count integer NOT NULL CHECK (member_count >= 0),
  PRIMARY KEY (commune_code, year)
);

-- Self-governing security models and their points of activity.
CREATE TABLE self_governing_model (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  commune_code   text NOT NULL REFERENCES commune (code),
  name           text NOT NULL CHECK (btrim(name) <> ''),
  established_on date NOT NULL,
  ended_on       date CHECK (ended_on IS NULL OR ended_on > established_on)
);
CREATE INDEX self_governing_model_commune_idx ON self_governing_model (commune_code);

CREATE TABLE model_activity_point (
  id       integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  model_id integer NOT NULL REFERENCES self_governing_model (id) ON DELETE CASCADE,
  name     text NOT NULL,
  geom     geometry(Point, 4326)
);
CREATE INDEX model_activity_point_model_idx ON model_activity_point (model_id);
CREATE INDEX model_activity_point_geom_idx ON model_activity_point USING gist (geom);

-- Villages / hamlets with population, for coverage analyses.
CREATE TABLE village (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  commune_code text NOT NULL REFERENCES commune (code),
  name         text NOT NULL CHECK (btrim(name) <> ''),
  population   integer CHECK (population >= 0),
  geom         geometry(Point, 4326) NOT NULL
);
CREATE INDEX village_geom_idx ON village USING gist (geom);
CREATE INDEX village_commune_idx ON village (commune_code);

-- Yearly province indicators (year-over-year comparisons).
CREATE TABLE indicator (
  code    text PRIMARY KEY,
  unit    text NOT NULL CHECK (unit IN ('cases', 'people', 'percent'))
);
INSERT INTO indicator (code, unit) VALUES
  ('social_order_cases', 'cases'),
  ('drug_cases', 'cases'),
  ('drug_arrests', 'people'),
  ('investigation_rate', 'percent');

CREATE TABLE province_indicator (
  province_code text NOT NULL REFERENCES province (code),
  year          integer NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  indicator     text NOT NULL REFERENCES indicator (code),
  value         double precision NOT NULL,
  PRIMARY KEY (province_code, year, indicator)
);

-- Accounts, area scopes and sessions.
CREATE TABLE app_user (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username      text NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9._-]{2,64}$'),
  display_name  text NOT NULL DEFAULT '',
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('commander', 'planner', 'border_officer', 'admin')),
  -- 'all' = the whole installation; 'province' = user_scope_province rows; 'communes' = user_scope_commune rows.
  scope_kind    text NOT NULL DEFAULT 'all' CHECK (scope_kind IN ('all', 'province', 'communes')),
  disabled_at   timestamptz,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_scope_province (
  user_id       integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  province_code text NOT NULL REFERENCES province (code),
  PRIMARY KEY (user_id, province_code)
);

CREATE TABLE user_scope_commune (
  user_id      integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  commune_code text NOT NULL REFERENCES commune (code),
  PRIMARY KEY (user_id, commune_code)
);

-- Server-side sessions. The cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE app_session (
  id_hash      text PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  -- Sent back in the X-CSRF-Token header of every state-changing request.
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX app_session_user_idx ON app_session (user_id);

-- Every change: who, when, what, before and after. Written in the same transaction as the change.
CREATE TABLE audit_log (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  user_id   integer REFERENCES app_user (id),
  action    text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'import', 'login', 'logout', 'login_failed')),
  entity    text NOT NULL,
  entity_id text,
  before    jsonb,
  after     jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);

-- Status of every commune as of a date, one column per status kind; communes without a record in force get
-- the kind's "absent" value. The single definition of "current status" used by the map, detail and indicators.
CREATE FUNCTION commune_status_at(as_of date)
RETURNS TABLE (commune_code text, key_complex text, drug_key_area text, transformation text, drug_free text, safe_standard text)
LANGUAGE sql STABLE AS $$
  SELECT c.code,
    coalesce(max(s.value) FILTER (WHERE s.kind = 'key_complex'), 'not_key'),
    coalesce(max(s.value) FILTER (WHERE s.kind = 'drug_key_area'), 'not_key'),
    coalesce(max(s.value) FILTER (WHERE s.kind = 'transformation'), 'none'),
    coalesce(max(s.value) FILTER (WHERE s.kind = 'drug_free'), 'not_started'),
    coalesce(max(s.value) FILTER (WHERE s.kind = 'safe_standard'), 'not_assessed')
  FROM commune c
  LEFT JOIN commune_status s
    ON s.commune_code = c.code AND s.valid_from <= as_of AND (s.valid_to IS NULL OR s.valid_to > as_of)
  GROUP BY c.code
$$;

-- Status of every HQ as of a date (NULL when no record is in force, e.g. before it was planned).
CREATE FUNCTION police_hq_status_at(as_of date)
RETURNS TABLE (hq_id integer, status text)
LANGUAGE sql STABLE AS $$
  SELECT h.id, s.status
  FROM police_hq h
  LEFT JOIN police_hq_status s
    ON s.hq_id = h.id AND s.valid_from <= as_of AND (s.valid_to IS NULL OR s.valid_to > as_of)
$$;

-- Communes on or within 1 km of the national border, with the neighbouring countries they face.
-- (A first definition; border derivation with a configurable distance refines it.)
CREATE VIEW border_commune AS
  SELECT c.code AS commune_code, array_agg(DISTINCT b.country_code ORDER BY b.country_code) AS countries
  FROM commune c
  JOIN national_border b ON ST_DWithin(c.geom::geography, b.geom::geography, 1000)
  GROUP BY c.code;
