-- Personal access tokens: programs (GIS clients, scripts) act for a user with a token sent as
-- `Authorization: Bearer …`. Only the token's SHA-256 is stored; the token itself is shown once, at creation.
-- A token carries its user's role and area as they are at each request (a disabled user's tokens stop working),
-- may be limited to reads, expires, and is revoked rather than deleted so that the audit log keeps naming it.
CREATE TABLE access_token (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 100),
  token_hash   text NOT NULL UNIQUE,
  -- The first characters of the token, so that its owner can tell tokens apart without the secret.
  prefix       text NOT NULL,
  read_only    boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL CHECK (expires_at > created_at),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX access_token_user_idx ON access_token (user_id);

-- The token a change was made with (NULL for the browser session), written with the change's audit record.
ALTER TABLE audit_log ADD COLUMN token_id integer REFERENCES access_token (id);
