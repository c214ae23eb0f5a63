-- OGC API collection "border-gates": the gates of the caller's scope $2 (NULL = all) open on $1.
SELECT g.id, g.name, g.level, g.country_code AS "countryCode", g.commune_code AS "communeCode",
  g.opened_on::text AS "openedOn", g.closed_on::text AS "closedOn", g.geom
FROM border_gate g
WHERE (g.opened_on IS NULL OR g.opened_on <= $1::date) AND (g.closed_on IS NULL OR g.closed_on > $1::date)
  AND ($2::text[] IS NULL OR g.commune_code = ANY ($2::text[]))
