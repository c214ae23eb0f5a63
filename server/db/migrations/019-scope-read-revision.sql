-- A user's area (role, scope kind and scope rows) moves the read revision of 018 too, so that the server may keep
-- each user's resolved area in memory for as long as the revision stands (server/plugins/auth.ts) and a cached read
-- costs the session's one query. Logins, password changes and session writes do not touch these columns or tables.
CREATE TRIGGER app_user_scope_read_revision AFTER UPDATE OF role, scope_kind, disabled_at OR DELETE ON app_user
  FOR EACH STATEMENT EXECUTE FUNCTION posture_bump_read_revision();
CREATE TRIGGER user_scope_province_read_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_scope_province
  FOR EACH STATEMENT EXECUTE FUNCTION posture_bump_read_revision();
CREATE TRIGGER user_scope_commune_read_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_scope_commune
  FOR EACH STATEMENT EXECUTE FUNCTION posture_bump_read_revision();
