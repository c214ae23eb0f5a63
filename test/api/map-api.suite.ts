import { describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.ts';
import { STATUS_KINDS, STATUS_KIND_NAMES } from '../../server/domain.ts';

interface Fc<P = Record<string, unknown>> {
  type: string;
  features: { type: string; id?: string | number; geometry: { type: string; coordinates: unknown[] }; properties: P }[];
}

export function mapApiSuite(h: Harness) {
  const get = async <T = unknown>(url: string) => {
    const res = await h.as('admin', { method: 'GET', url });
    return { status: res.statusCode, body: res.json() as T, headers: res.headers };
  };

  describe('GET /api/health', () => {
    it('reports ok and which database back end is running', async () => {
      const { status, body } = await get<{ status: string; db: string; postgis: string }>('/api/health');
      expect(status).toBe(200);
      expect(body.status).toBe('ok');
      expect(body.db).toBe(h.backend);
      expect(body.postgis).toMatch(/^3\./);
    });
  });

  describe('GET /api/meta', () => {
    it('describes the demo province with a bounding box around Điện Biên', async () => {
      const { body } = await get<{ province: { code: string; isDemo: boolean; communeCount: number; bbox: number[] } }>('/api/meta');
      expect(body.province.isDemo).toBe(true);
      expect(body.province.communeCount).toBe(45);
      const [w, s, e, n] = body.province.bbox;
      expect(w).toBeGreaterThan(101.5);
      expect(e).toBeLessThan(104);
      expect(s).toBeGreaterThan(20.5);
      expect(n).toBeLessThan(23);
    });
  });

  describe('GET /api/communes', () => {
    it('returns a FeatureCollection of 45 MultiPolygons with code, name and every current status', async () => {
      const { status, body } = await get<Fc<Record<string, unknown>>>('/api/communes');
      expect(status).toBe(200);
      expect(body.type).toBe('FeatureCollection');
      expect(body.features).toHaveLength(45);
      for (const f of body.features) {
        expect(f.geometry.type).toBe('MultiPolygon');
        expect(f.properties.code).toMatch(/^[0-9]{5}$/);
        expect(f.id).toBe(f.properties.code);
        expect(typeof f.properties.name).toBe('string');
        for (const kind of STATUS_KIND_NAMES) {
          const allowed: readonly string[] = [...STATUS_KINDS[kind].values, STATUS_KINDS[kind].absent];
          expect(allowed).toContain(f.properties[kind]);
        }
      }
    });

    it('keeps Vietnamese diacritics in names', async () => {
      const { body } = await get<Fc<{ name: string }>>('/api/communes');
      const names = body.features.map((f) => f.properties.name);
      expect(names.every((n) => n === n.normalize('NFC'))).toBe(true);
      expect(names.some((n) => /[đĐ]/.test(n))).toBe(true);
      expect(names.some((n) => /^Phường /.test(n))).toBe(true);
    });

    it('recomputes statuses for an earlier asOf date from the dated records', async () => {
      const count = (fc: Fc<{ key_complex: string }>) => fc.features.filter((f) => f.properties.key_complex === 'key_complex').length;
      const before = await get<Fc<{ key_complex: string }>>('/api/communes?asOf=2018-01-01');
      const now = await get<Fc<{ key_complex: string }>>('/api/communes?asOf=2025-12-31');
      expect(count(before.body)).toBe(0);
      expect(count(now.body)).toBeGreaterThanOrEqual(10);
    });

    it('refuses an impossible asOf date with a message naming the parameter', async () => {
      const { status, body } = await get<{ message: string }>('/api/communes?asOf=2025-13-45');
      expect(status).toBe(400);
      expect(body.message).toMatch(/asOf/);
    });
  });

  describe('GET /api/communes/summaries', () => {
    it('lists the same communes with the same properties, without geometry and with each bounding box', async () => {
      const [fc, list] = await Promise.all([
        get<Fc<Record<string, unknown>>>('/api/communes?asOf=2023-06-30'),
        get<{ items: (Record<string, unknown> & { bbox: number[] })[] }>('/api/communes/summaries?asOf=2023-06-30'),
      ]);
      expect(list.status).toBe(200);
      expect(list.body.items.map(({ bbox: _, ...p }) => p)).toEqual(fc.body.features.map((f) => f.properties));
      for (const [i, item] of list.body.items.entries()) {
        expect(item).not.toHaveProperty('geometry');
        const pts = (fc.body.features[i].geometry.coordinates as number[][][][]).flat(2);
        const [w, s, e, n] = item.bbox;
        expect(w).toBeCloseTo(Math.min(...pts.map((p) => p[0])), 4);
        expect(s).toBeCloseTo(Math.min(...pts.map((p) => p[1])), 4);
        expect(e).toBeCloseTo(Math.max(...pts.map((p) => p[0])), 4);
        expect(n).toBeCloseTo(Math.max(...pts.map((p) => p[1])), 4);
      }
    });

    it('holds only the view asked for', async () => {
      const { status, body } = await get<{ items: { code: string }[] }>('/api/communes/summaries?province=99');
      expect(status).toBe(200);
      expect(body.items.length).toBe(45);
      expect(body.items.every((c) => c.code.startsWith('99'))).toBe(true);
    });
  });

  describe('GET /api/communes/:code', () => {
    it('returns one commune with its full, dated status history', async () => {
      const list = await get<Fc<{ code: string; key_complex: string }>>('/api/communes');
      const code = list.body.features.find((f) => f.properties.key_complex === 'key_complex')!.properties.code;
      const { status, body } = await get<{ properties: { code: string; history: { kind: string; validFrom: string; validTo: string | null }[]; hqs: unknown[]; teams: unknown[] } }>(`/api/communes/${code}`);
      expect(status).toBe(200);
      expect(body.properties.code).toBe(code);
      const history = body.properties.history;
      expect(history.some((r) => r.kind === 'key_complex')).toBe(true);
      expect(history.map((r) => r.validFrom)).toEqual([...history.map((r) => r.validFrom)].sort());
      for (const r of history) expect(r.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(body.properties.hqs.length).toBeGreaterThan(0);
      expect(body.properties.teams.length).toBeGreaterThan(0);
    });

    it('answers 404 with a message for an unknown code', async () => {
      const { status, body } = await get<{ message: string }>('/api/communes/00000');
      expect(status).toBe(404);
      expect(body.message).toBe('commune 00000 not found');
    });

    it('answers 400 for a malformed code', async () => {
      const { status, body } = await get<{ message: string }>("/api/communes/1'%20OR%201=1");
      expect(status).toBe(400);
      expect(body.message).toMatch(/code/);
    });
  });

  describe('other map layers', () => {
    it('GET /api/hqs returns one HQ per commune with a status, about two thirds independent', async () => {
      const { body } = await get<Fc<{ status: string | null; staffCount: number }>>('/api/hqs');
      expect(body.features).toHaveLength(45);
      const independent = body.features.filter((f) => f.properties.status === 'independent').length;
      expect(independent / 45).toBeGreaterThan(0.5);
      expect(independent / 45).toBeLessThan(0.85);
      for (const f of body.features) expect(f.geometry.type).toBe('Point');
    });

    it('GET /api/borders returns the land border with China, Cambodia and Laos, with lengths', async () => {
      const { body } = await get<Fc<{ countryCode: string; lengthKm: number }>>('/api/borders');
      expect(body.features.map((f) => f.properties.countryCode).sort()).toEqual(['CHN', 'KHM', 'LAO']);
      for (const f of body.features) expect(f.properties.lengthKm).toBeGreaterThan(5);
    });

    it('GET /api/border-gates returns gates with a level', async () => {
      const { body } = await get<Fc<{ level: string }>>('/api/border-gates');
      expect(body.features.length).toBeGreaterThanOrEqual(3);
      for (const f of body.features) expect(['international', 'main', 'secondary']).toContain(f.properties.level);
    });
  });

  describe('routing', () => {
    it('answers unknown API paths with a JSON 404', async () => {
      const { status, body } = await get<{ message: string }>('/api/nothing-here');
      expect(status).toBe(404);
      expect(body.message).toBe('no route GET /api/nothing-here');
    });
  });
}
