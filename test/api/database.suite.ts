import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.ts';
import { migrate } from '../../server/db/migrate.ts';
import { seedDemoIfEmpty } from '../../server/seed.ts';
import { STATUS_KINDS } from '../../server/domain.ts';

class Rollback extends Error {}

/** Runs `fn` in a transaction that is always rolled back, so tests leave the shared database as they found it. */
async function inRolledBack(h: Harness, fn: (tx: Parameters<Parameters<Harness['db']['transaction']>[0]>[0]) => Promise<void>) {
  await expect(
    h.db.transaction(async (tx) => {
      await fn(tx);
      throw new Rollback();
    }),
  ).rejects.toBeInstanceOf(Rollback);
}

const BOWTIE = 'POLYGON((103 21,103.1 21.1,103.1 21,103 21.1,103 21))';

export function databaseSuite(h: Harness) {
  describe('migrations', () => {
    it('are idempotent: a second run applies nothing', async () => {
      expect(await migrate(h.db)).toEqual([]);
    });

    it('refuse to run when an applied migration was edited', async () => {
      const [{ sql }] = await h.db.query<{ sql: string }>("SELECT 'x' AS sql");
      await expect(migrate(h.db, [{ version: 1, name: 'domain', sql, checksum: 'edited' }])).rejects.toThrow(/001-domain\.sql was changed/);
    });

    it('record every applied migration', async () => {
      const rows = await h.db.query<{ version: number }>('SELECT version FROM schema_migration ORDER BY version');
      expect(rows[0].version).toBe(1);
    });
  });

  describe('seeding', () => {
    it('does not seed again when a province exists', async () => {
      expect(await seedDemoIfEmpty(h.db)).toBeNull();
      const [{ n }] = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM commune');
      expect(n).toBe(45);
    });
  });

  describe('geometry on the way in', () => {
    it('repairs an invalid polygon with ST_MakeValid and keeps the reason', async () => {
      await inRolledBack(h, async (tx) => {
        const [row] = await tx.query<{ repair: string; valid: boolean; type: string; area: number }>(
          `INSERT INTO commune (code, province_code, name, kind, geom)
           VALUES ('99999', '99', 'Xã Thử Đường', 'commune', ST_Multi(ST_GeomFromText($1, 4326)))
           RETURNING geom_repair AS repair, ST_IsValid(geom) AS valid, ST_GeometryType(geom) AS type, area_km2 AS area`,
          [BOWTIE],
        );
        expect(row.repair).toMatch(/^Self-intersection/);
        expect(row.valid).toBe(true);
        expect(row.type).toBe('ST_MultiPolygon');
        expect(row.area).toBeGreaterThan(50);
      });
    });

    it('refuses a geometry in another coordinate system', async () => {
      await expect(
        h.db.query(
          `INSERT INTO commune (code, province_code, name, kind, geom)
           VALUES ('99998', '99', 'x', 'commune', ST_Multi(ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))', 3857)))`,
        ),
      ).rejects.toThrow(/SRID/);
    });

    it('indexes every geometry column', async () => {
      const rows = await h.db.query<{ t: string }>(
        `SELECT c.relname AS t FROM pg_index i JOIN pg_class ix ON ix.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
         JOIN pg_am am ON am.oid = ix.relam WHERE am.amname = 'gist' AND ix.relname LIKE '%geom_idx'
           AND c.relnamespace = to_regnamespace(current_schema())`,
      );
      expect(rows.map((r) => r.t).sort()).toEqual(
        ['border_gate', 'commune', 'commune_tile_geom', 'model_activity_point', 'national_border', 'national_border_piece', 'police_hq', 'province', 'village'].sort(),
      );
    });
  });

  describe('dated statuses', () => {
    it('refuse two overlapping records of one kind for a commune', async () => {
      await inRolledBack(h, async (tx) => {
        await tx.query(`INSERT INTO commune_status (commune_code, kind, value, valid_from, valid_to) VALUES ('99001', 'safe_standard', 'met', '1990-01-01', '1990-06-01')`);
        await expect(
          tx.query(`INSERT INTO commune_status (commune_code, kind, value, valid_from) VALUES ('99001', 'safe_standard', 'not_met', '1990-03-01')`),
        ).rejects.toThrow(/commune_status_no_overlap/);
      });
    });

    it('refuse a value that does not belong to the kind', async () => {
      await expect(
        h.db.query(`INSERT INTO commune_status (commune_code, kind, value, valid_from, valid_to) VALUES ('99001', 'drug_free', 'transformed', '1990-01-01', '1991-01-01')`),
      ).rejects.toThrow(/foreign key/);
    });

    it('hold the same kinds and values as the domain module', async () => {
      const rows = await h.db.query<{ kind: string; values: string[] }>(
        'SELECT kind, array_agg(value ORDER BY ordinal) AS values FROM status_value GROUP BY kind ORDER BY kind',
      );
      const fromDomain = Object.entries(STATUS_KINDS)
        .map(([kind, k]) => ({ kind, values: [...k.values] }))
        .sort((a, b) => a.kind.localeCompare(b.kind));
      expect(rows).toEqual(fromDomain);
    });

    it('treat valid_to as exclusive: a record ending on the as-of date is no longer in force', async () => {
      await inRolledBack(h, async (tx) => {
        await tx.query(`DELETE FROM commune_status WHERE commune_code = '99001' AND kind = 'safe_standard'`);
        await tx.query(`INSERT INTO commune_status (commune_code, kind, value, valid_from, valid_to) VALUES ('99001', 'safe_standard', 'met', '2020-01-01', '2021-01-01')`);
        const at = async (d: string) =>
          (await tx.query<{ v: string }>(`SELECT safe_standard AS v FROM commune_status_at($1) WHERE commune_code = '99001'`, [d]))[0].v;
        expect(await at('2020-01-01')).toBe('met');
        expect(await at('2020-12-31')).toBe('met');
        expect(await at('2021-01-01')).toBe('not_assessed');
      });
    });
  });
}
