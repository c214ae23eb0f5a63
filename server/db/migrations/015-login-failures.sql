-- Failed logins, kept in the database so that every app process sharing it applies the same limit (a process's
-- memory would let an attacker spread guesses over the processes behind one address). One row per failure, under
-- a hash of the address and username; rows older than the window are deleted as new failures arrive.
CREATE TABLE login_failure (
  key_hash  text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX login_failure_key_idx ON login_failure (key_hash, failed_at);
CREATE INDEX login_failure_at_idx ON login_failure (failed_at);
