import type { Queryable } from '../db/client.ts';
import type { ProvinceDataset } from '../../data/demo/types.ts';

export interface GeometryRepair {
  entity: 'province' | 'commune';
  code: string;
  /** ST_IsValidReason of the geometry as received. */
  reason: string;
}

export interface WriteReport {
  communes: number;
  statuses: number;
  hqs: number;
  repairs: GeometryRepair[];
}

const geomJson = (g: unknown) => JSON.stringify(g);

/**
 * Writes a whole province dataset. Run it inside a transaction: it either writes everything or, on the first
 * error, nothing. Bulk rows travel as one JSON parameter per table.
 */
export async function writeProvinceDataset(tx: Queryable, d: ProvinceDataset): Promise<WriteReport> {
  const p = d.province;
  await tx.query(
    `INSERT INTO province (code, name, is_demo, source, geom)
     VALUES ($1, $2, $3, $4, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($5), 4326)))`,
    [p.code, p.name, p.isDemo, p.source, geomJson(p.geom)],
  );

  await tx.query(
    `INSERT INTO commune (code, province_code, name, kind, population, geom)
     SELECT x.code, $2, x.name, x.kind, x.population, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(x.geom), 4326))
     FROM json_to_recordset($1::json) AS x(code text, name text, kind text, population int, geom text)`,
    [JSON.stringify(d.communes.map((c) => ({ ...c, geom: geomJson(c.geom) }))), p.code],
  );

  // The national border is not the province's: the bundled lines (server/reference-border.ts) serve every province.

  await tx.query(
    `INSERT INTO border_gate (name, level, country_code, commune_code, opened_on, geom)
     SELECT x.name, x.level, x."countryCode", x."communeCode", x."openedOn", ST_SetSRID(ST_GeomFromGeoJSON(x.geom), 4326)
     FROM json_to_recordset($1::json) AS x(name text, level text, "countryCode" text, "communeCode" text, "openedOn" date, geom text)`,
    [JSON.stringify(d.borderGates.map((g) => ({ ...g, geom: geomJson(g.geom) })))],
  );

  await tx.query(
    `INSERT INTO commune_status (commune_code, kind, value, valid_from, valid_to, decision_no, decision_date, note)
     SELECT x."communeCode", x.kind, x.value, x."validFrom", x."validTo", x."decisionNo", x."decisionDate", x.note
     FROM json_to_recordset($1::json) AS x("communeCode" text, kind text, value text, "validFrom" date, "validTo" date,
       "decisionNo" text, "decisionDate" date, note text)`,
    [JSON.stringify(d.statuses)],
  );

  for (const hq of d.hqs) {
    const [{ id }] = await tx.query<{ id: number }>(
      `INSERT INTO police_hq (commune_code, name, staff_count, geom)
       VALUES ($1, $2, $3, ST_SetSRID(ST_GeomFromGeoJSON($4), 4326)) RETURNING id`,
      [hq.communeCode, hq.name, hq.staffCount, geomJson(hq.geom)],
    );
    await tx.query(
      `INSERT INTO police_hq_status (hq_id, status, valid_from, valid_to, decision_no, decision_date, note)
       SELECT $2, x.status, x."validFrom", x."validTo", x."decisionNo", x."decisionDate", x.note
       FROM json_to_recordset($1::json) AS x(status text, "validFrom" date, "validTo" date, "decisionNo" text,
         "decisionDate" date, note text)`,
      [JSON.stringify(hq.history), id],
    );
  }

  await tx.query(
    `INSERT INTO security_team_count (commune_code, year, team_count, member_count)
     SELECT x."communeCode", x.year, x."teamCount", x."memberCount"
     FROM json_to_recordset($1::json) AS x("communeCode" text, year int, "teamCount" int, "memberCount" int)`,
    [JSON.stringify(d.teams)],
  );

  for (const m of d.models) {
    const [{ id }] = await tx.query<{ id: number }>(
      `INSERT INTO self_governing_model (commune_code, name, established_on) VALUES ($1, $2, $3) RETURNING id`,
      [m.communeCode, m.name, m.establishedOn],
    );
    await tx.query(
      `INSERT INTO model_activity_point (model_id, name, geom)
       SELECT $2, x.name, ST_SetSRID(ST_GeomFromGeoJSON(x.geom), 4326)
       FROM json_to_recordset($1::json) AS x(name text, geom text)`,
      [JSON.stringify(m.points.map((pt) => ({ name: pt.name, geom: geomJson(pt.geom) }))), id],
    );
  }

  await tx.query(
    `INSERT INTO village (commune_code, name, population, geom)
     SELECT x."communeCode", x.name, x.population, ST_SetSRID(ST_GeomFromGeoJSON(x.geom), 4326)
     FROM json_to_recordset($1::json) AS x("communeCode" text, name text, population int, geom text)`,
    [JSON.stringify(d.villages.map((v) => ({ ...v, geom: geomJson(v.geom) })))],
  );

  await tx.query(
    `INSERT INTO province_indicator (province_code, year, indicator, value)
     SELECT $2, x.year, x.indicator, x.value
     FROM json_to_recordset($1::json) AS x(year int, indicator text, value float8)`,
    [JSON.stringify(d.indicators), p.code],
  );

  const repairs = await tx.query<GeometryRepair>(
    `SELECT 'province' AS entity, code, geom_repair AS reason FROM province WHERE code = $1 AND geom_repair IS NOT NULL
     UNION ALL
     SELECT 'commune', code, geom_repair FROM commune WHERE province_code = $1 AND geom_repair IS NOT NULL
     ORDER BY 1 DESC, 2`,
    [p.code],
  );
  await tx.query(
    `INSERT INTO app_meta (key, value) VALUES ('data_version', $1)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [new Date().toISOString()],
  );
  return { communes: d.communes.length, statuses: d.statuses.length, hqs: d.hqs.length, repairs };
}
