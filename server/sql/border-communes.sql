-- Border communes in the caller's scope $2 (commune codes, NULL = all) with their statuses as of $1, the countries
-- they face, and the nearest open border gate and nearest existing HQ (within the same scope, so that nothing
-- outside it leaks), both measured geodesically from the commune's polygon (0 when inside). KNN (<->) picks a few
-- planar candidates through the spatial index; the geodesic distance orders them. The HQ statuses in force are
-- looked up per HQ through the index of police_hq_status (a CTE of every HQ's status, scanned once per commune and
-- per KNN candidate, made the national list take seconds on PostgreSQL). The outline ($3) only for the GeoJSON export.
SELECT c.code, c.name, c.kind, p.is_demo AS "isDemo",
  bc.distance_m AS "distanceM", bc.touches,
  (SELECT json_agg(json_build_object('countryCode', x.country_code, 'distanceM', round(x.distance_m::numeric, 1),
      'borderLengthKm', round((x.border_length_m / 1000)::numeric, 3), 'borderShare', round(x.border_share::numeric, 4))
      ORDER BY x.country_code)
    FROM border_commune_country x WHERE x.commune_code = c.code) AS faces,
  s.drug_free AS "drugFree", s.key_complex AS "keyComplex", s.drug_key_area AS "drugKeyArea", s.transformation,
  (SELECT hs.status FROM police_hq h
     LEFT JOIN police_hq_status hs ON hs.hq_id = h.id AND hs.valid_from <= $1::date AND (hs.valid_to IS NULL OR hs.valid_to > $1::date)
    WHERE h.commune_code = c.code ORDER BY h.id LIMIT 1) AS "hqStatus",
  (SELECT json_build_object('id', g.id, 'name', g.name, 'countryCode', g.country_code, 'distanceM', round(g.d::numeric, 1))
    FROM (
      SELECT g.*, ST_Distance(g.geom::geography, c.geom::geography) AS d
      FROM (
        SELECT * FROM border_gate g
        WHERE (g.opened_on IS NULL OR g.opened_on <= $1::date) AND (g.closed_on IS NULL OR g.closed_on > $1::date)
          AND ($2::text[] IS NULL OR g.commune_code = ANY ($2::text[]))
        ORDER BY g.geom <-> c.geom LIMIT 8
      ) g
      ORDER BY d, g.id LIMIT 1
    ) g) AS "nearestGate",
  (SELECT json_build_object('id', h.id, 'name', h.name, 'status', h.status, 'communeCode', h.commune_code, 'distanceM', round(h.d::numeric, 1))
    FROM (
      SELECT h.*, ST_Distance(h.geom::geography, c.geom::geography) AS d
      FROM (
        SELECT h.id, h.name, h.commune_code, h.geom, hs.status FROM police_hq h
        JOIN police_hq_status hs ON hs.hq_id = h.id AND hs.valid_from <= $1::date AND (hs.valid_to IS NULL OR hs.valid_to > $1::date)
        WHERE ($2::text[] IS NULL OR h.commune_code = ANY ($2::text[]))
        ORDER BY h.geom <-> c.geom LIMIT 8
      ) h
      ORDER BY d, (h.commune_code <> c.code), h.id LIMIT 1
    ) h) AS "nearestHq",
  (SELECT json_build_object('kind', r.kind, 'value', r.value, 'on', r.valid_from)
    FROM commune_status r WHERE r.commune_code = c.code AND r.valid_from <= $1::date
    ORDER BY r.valid_from DESC, r.id DESC LIMIT 1) AS "lastChange",
  CASE WHEN $3 THEN ST_AsGeoJSON(c.geom, 6)::json END AS geometry
FROM border_commune bc
JOIN commune c ON c.code = bc.commune_code
JOIN province p ON p.code = c.province_code
JOIN commune_status_at($1::date) s ON s.commune_code = c.code
WHERE $2::text[] IS NULL OR c.code = ANY ($2::text[])
ORDER BY bc.distance_m, c.code
