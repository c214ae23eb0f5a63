-- The 2025 commune mergers: which former (pre-merger) commune became which new one, the dated status records of
-- the former units, and which former records an inherited status record of a new commune was derived from.

-- One row per former commune code (many former units → one new commune). A new commune may keep the code of one
-- of its former units (03127 was Phường Him Lam and is Phường Điện Biên Phủ): before effective_date the code
-- means the former unit, from that day the new commune.
CREATE TABLE commune_crosswalk (
  old_code       text PRIMARY KEY CHECK (old_code ~ '^[0-9]{5}$'),
  old_name       text NOT NULL CHECK (btrim(old_name) <> ''),
  new_code       text NOT NULL REFERENCES commune (code),
  effective_date date NOT NULL,
  decision_no    text,
  note           text,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commune_crosswalk_new_idx ON commune_crosswalk (new_code);

-- Dated status records of former units, shaped like commune_status. Former units have no geometry and are not in
-- commune, so their records cannot live in commune_status; every record ends on or before the merger.
CREATE TABLE former_commune_status (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  old_code      text NOT NULL REFERENCES commune_crosswalk (old_code),
  kind          text NOT NULL,
  value         text NOT NULL,
  valid_from    date NOT NULL,
  valid_to      date NOT NULL CHECK (valid_to > valid_from),
  decision_no   text,
  decision_date date,
  note          text,
  provenance    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (kind, value) REFERENCES status_value (kind, value),
  CONSTRAINT former_commune_status_no_overlap
    EXCLUDE USING gist (old_code WITH =, kind WITH =, daterange(valid_from, valid_to) WITH &&)
);
CREATE INDEX former_commune_status_code_idx ON former_commune_status (old_code, kind, valid_from);

-- The former records an inherited commune_status record was derived from. A record with links is inherited (and
-- is replaced when derivation runs again); a record without is entered directly.
CREATE TABLE commune_status_source (
  status_id        integer NOT NULL REFERENCES commune_status (id) ON DELETE CASCADE,
  former_status_id integer NOT NULL REFERENCES former_commune_status (id) ON DELETE CASCADE,
  PRIMARY KEY (status_id, former_status_id)
);
CREATE INDEX commune_status_source_former_idx ON commune_status_source (former_status_id);
