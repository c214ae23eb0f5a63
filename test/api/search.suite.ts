import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.ts';
import { fold } from '../../server/text/fold.ts';

interface Hit {
  kind: string;
  id: string;
  name: string;
  communeCode: string | null;
}

const square = (x: number, y: number) =>
  JSON.stringify({ type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]] });

/** Fixture province 95, far from the border, with names that differ only by tones. Removed afterwards. */
const FIXTURES = [
  { code: '95001', name: 'Xã Mường Nhé' },
  { code: '95002', name: 'Xã Muồng Nhè' },
  { code: '95003', name: 'Phường Điện Biên' },
  { code: '95004', name: "Xã O'Hare \"Thử\" 100%" },
];

export function searchSuite(h: Harness) {
  const search = async (q: string, who: 'admin' | 'commanderOne' = 'admin') => {
    const res = await h.as(who, { method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}&limit=50` });
    expect(res.statusCode).toBe(200);
    return (res.json() as { items: Hit[] }).items.filter((i) => i.communeCode?.startsWith('95'));
  };

  beforeAll(async () => {
    await h.db.query(`INSERT INTO province (code, name, source) VALUES ('95', 'Tỉnh thử tìm kiếm', 'test fixture')`);
    for (const [i, f] of FIXTURES.entries()) {
      await h.db.query(`INSERT INTO commune (code, province_code, name, kind, geom) VALUES ($1, '95', $2, 'commune', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)))`, [
        f.code, f.name, square(105.5 + i * 0.02, 21.0),
      ]);
    }
    await h.db.query(`INSERT INTO police_hq (commune_code, name, geom) VALUES ('95003', 'Công an phường Điện Biên', ST_SetSRID(ST_MakePoint(105.545, 21.005), 4326))`);
  });

  afterAll(async () => {
    await h.db.query(`DELETE FROM police_hq WHERE commune_code LIKE '95%'`);
    await h.db.query(`DELETE FROM commune WHERE province_code = '95'`);
    await h.db.query(`DELETE FROM province WHERE code = '95'`);
  });

  it('the SQL folding agrees with the TypeScript one', async () => {
    const samples = ['Xã Mường Nhé', 'ĐIỆN BIÊN PHỦ', 'Ẳng Tở', 'Huổi Lếch', 'Nậm Pồ', 'Quài Nưa', 'Ỏ Lỷ', 'Phìn Hồ'];
    const rows = await h.db.query<{ f: string }>('SELECT posture_fold(t) AS f FROM unnest($1::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n', [samples]);
    expect(rows.map((r) => r.f)).toEqual(samples.map((s) => fold(s)));
  });

  it('finds a commune whatever the tones and case', async () => {
    for (const q of ['Mường Nhé', 'muong nhe', 'MUONG NHE', 'mường nhé']) {
      const codes = (await search(q)).map((i) => i.id);
      expect(codes, q).toContain('95001');
      expect(codes, q).toContain('95002');
    }
  });

  it('ranks the match typed with the right tones first', async () => {
    expect((await search('Mường Nhé'))[0].id).toBe('95001');
    expect((await search('Muồng Nhè'))[0].id).toBe('95002');
  });

  it('folds đ: "đien bien" and "dien bien" find Điện Biên, commune and HQ', async () => {
    for (const q of ['đien bien', 'dien bien', 'ĐIỆN BIÊN']) {
      const hits = await search(q);
      expect(hits.map((i) => `${i.kind}:${i.name}`), q).toEqual(['commune:Phường Điện Biên', 'hq:Công an phường Điện Biên']);
    }
  });

  it('finds a commune by its official code', async () => {
    const hits = await search('95002');
    expect(hits.map((i) => i.id)).toEqual(['95002']);
  });

  it('treats quotes and LIKE wildcards as text', async () => {
    expect((await search("o'hare \"thu\" 100%")).map((i) => i.id)).toEqual(['95004']);
    expect((await search('%')).map((i) => i.id)).toEqual(['95004']);
    expect(await search('_')).toEqual([]);
  });

  it('finds nothing outside the caller area', async () => {
    expect(await search('muong nhe', 'commanderOne')).toEqual([]);
    const res = await h.as('commanderOne', { method: 'GET', url: `/api/search?q=${encodeURIComponent('Mường')}&limit=50` });
    const items = (res.json() as { items: Hit[] }).items;
    expect(items.every((i) => i.communeCode === '99001')).toBe(true);
  });

  it('refuses an empty query', async () => {
    const res = await h.as('admin', { method: 'GET', url: '/api/search?q=' });
    expect(res.statusCode).toBe(400);
  });
}
