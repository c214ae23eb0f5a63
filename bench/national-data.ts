import type { Db } from '../server/db/client.ts';
import { readBoundaryFile } from '../server/import/boundary-file.ts';
import { importBoundaries } from '../server/repositories/boundary-import.ts';

/** The whole import as the route does it: read, then check, stage and write, each feature to its province. */
export async function importFile(db: Db, file: Buffer) {
  const read = await readBoundaryFile(file);
  const { report, result } = await importBoundaries(db, read, { userId: null, provinceCode: null, provinceName: null, fileName: 'bench' });
  if (result === null) throw new Error(`import refused: ${report.problems.find((p) => p.severity === 'error')?.message.en}`);
  return result;
}

/** Several years of statuses and HQ history for every real commune (the demo province keeps its own), deterministic (hash of the code). */
export async function generateHistory(db: Db) {
  await db.exec(`
    INSERT INTO commune_status (commune_code, kind, value, valid_from, valid_to)
    SELECT c.code, v.kind, v.value, y.d, (y.d + interval '2 years')::date
    FROM commune c
    CROSS JOIN (VALUES ('2019-01-01'::date, 0), ('2021-01-01'::date, 1), ('2023-01-01'::date, 2)) AS y(d, i)
    CROSS JOIN LATERAL (
      SELECT sv.kind, (array_agg(sv.value ORDER BY sv.ordinal))[1 + abs(hashtext(c.code || sv.kind || y.i)) % count(*)] AS value
      FROM status_value sv GROUP BY sv.kind) v
    JOIN province p ON p.code = c.province_code AND NOT p.is_demo;
    INSERT INTO commune_status (commune_code, kind, value, valid_from)
    SELECT c.code, v.kind, v.value, '2025-01-01'::date
    FROM commune c
    CROSS JOIN LATERAL (
      SELECT sv.kind, (array_agg(sv.value ORDER BY sv.ordinal))[1 + abs(hashtext(c.code || sv.kind || 'now')) % count(*)] AS value
      FROM status_value sv GROUP BY sv.kind) v
    JOIN province p ON p.code = c.province_code AND NOT p.is_demo;
    INSERT INTO police_hq (commune_code, name, staff_count, geom)
    SELECT c.code, 'Công an ' || c.name, 5 + abs(hashtext(c.code)) % 10, ST_PointOnSurface(c.geom)
    FROM commune c JOIN province p ON p.code = c.province_code AND NOT p.is_demo;
    INSERT INTO police_hq_status (hq_id, status, valid_from, valid_to)
    SELECT h.id, (ARRAY['planned', 'under_construction', 'shared'])[1 + abs(hashtext(h.commune_code)) % 3], '2020-01-01', '2024-01-01'
    FROM police_hq h JOIN commune c ON c.code = h.commune_code JOIN province p ON p.code = c.province_code AND NOT p.is_demo;
    INSERT INTO police_hq_status (hq_id, status, valid_from)
    SELECT h.id, (ARRAY['independent', 'shared', 'under_construction', 'independent'])[1 + abs(hashtext(h.commune_code || 'now')) % 4], '2024-01-01'
    FROM police_hq h JOIN commune c ON c.code = h.commune_code JOIN province p ON p.code = c.province_code AND NOT p.is_demo;
    ANALYZE commune_status; ANALYZE police_hq; ANALYZE police_hq_status;`);
}
