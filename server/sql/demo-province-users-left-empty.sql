-- Accounts whose whole area lies in province $1: a province scope naming only it, or a commune scope holding only
-- its communes. Once the province is removed they see nothing until an administrator gives them a new area.
SELECT u.id, u.username, u.display_name AS "displayName", u.scope_kind AS "scopeKind"
FROM app_user u
WHERE (u.scope_kind = 'province'
       AND EXISTS (SELECT 1 FROM user_scope_province s WHERE s.user_id = u.id AND s.province_code = $1)
       AND NOT EXISTS (SELECT 1 FROM user_scope_province s WHERE s.user_id = u.id AND s.province_code <> $1))
   OR (u.scope_kind = 'communes'
       AND EXISTS (SELECT 1 FROM user_scope_commune s JOIN commune c ON c.code = s.commune_code WHERE s.user_id = u.id AND c.province_code = $1)
       AND NOT EXISTS (SELECT 1 FROM user_scope_commune s JOIN commune c ON c.code = s.commune_code WHERE s.user_id = u.id AND c.province_code <> $1))
ORDER BY u.username
