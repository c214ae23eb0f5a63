import { beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import type { Harness, TestUser } from '../support/harness.ts';
import { TEST_USERS } from '../support/harness.ts';
import { allows, type Access } from '../../server/auth/access.ts';
import { EXPORT_LAYERS } from '../../server/exports/layers.ts';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { TILE_LAYERS } from '../../server/repositories/tiles.ts';
import { COLLECTIONS } from '../../server/ogc/collections.ts';

type Who = TestUser | null;
const WHO: Who[] = [null, ...(Object.keys(TEST_USERS) as TestUser[])];

/**
 * Request bodies for state-changing routes. Each is valid for the route's schema but changes nothing when it
 * reaches the handler (stale version, refused value, taken name), so the matrix can run on the shared database.
 * A new state-changing route without an entry here fails the matrix: add one.
 */
const HARMLESS_BODIES: Record<string, unknown> = {
  'POST /api/auth/login': { username: 'nobody-at-all', password: 'not a password' },
  'POST /api/auth/logout': undefined,
  'POST /api/auth/password': { currentPassword: 'not the password', newPassword: 'a new long password' },
  'POST /api/communes/:code/statuses': { kind: 'drug_free', value: 'transformed', validFrom: '2030-01-01' },
  'PATCH /api/hqs/:id': { version: 999999 },
  'PATCH /api/border-gates/:id': { version: 999999 },
  'POST /api/border-gates': { name: 'nowhere', level: 'secondary', countryCode: 'LAO', lon: 0, lat: 0 },
  'PATCH /api/border/settings': { version: 999999, distanceM: 1000 },
  'POST /api/users': { username: 'admin', displayName: 'x', password: 'long enough password', role: 'commander', scopeKind: 'all' },
  'PATCH /api/users/:id': { version: 999999 },
  // Analyses write nothing; one user point keeps the work small.
  // Imports: a JSON body is not a file (400), and without ?province the query is refused anyway.
  'POST /api/import/boundaries/preview': {},
  'POST /api/import/boundaries/commit': {},
  'POST /api/import/statuses/preview': {},
  'POST /api/import/borders/preview': {},
  'POST /api/import/borders/commit': {},
  'POST /api/import/statuses/commit': {},
  'POST /api/import/hqs/preview': {},
  'POST /api/import/hqs/commit': {},
  'POST /api/import/teams/preview': {},
  'POST /api/import/teams/commit': {},
  'POST /api/import/models/preview': {},
  'POST /api/import/models/commit': {},
  'POST /api/import/indicators/preview': {},
  'POST /api/import/indicators/commit': {},
  'POST /api/import/crosswalk/preview': {},
  'POST /api/import/crosswalk/commit': {},
  // The commune code the matrix puts in :code is not a province code (400); non-administrators get 403 first.
  'DELETE /api/demo-provinces/:code': undefined,
  'POST /api/analysis/best-sites': { k: 1, radiusKm: 5, objective: 'area', candidates: 'points', points: [{ lon: 103.02, lat: 21.38 }] },
  // Selections write nothing; unknown codes select nothing. Campaign changes are refused (unknown commune, stale version).
  'POST /api/selection': { codes: ['00000'] },
  'POST /api/selection/export': { codes: ['00000'] },
  'POST /api/campaigns': { kind: 'drug_free', name: 'x', periodStart: '2030-01-01', periodEnd: '2030-12-31', communeCodes: ['00000'] },
  'PATCH /api/campaigns/:id': { version: 999999 },
  'POST /api/campaigns/:id/stages': { communeCode: '00000', stage: 'designated', on: '2030-01-01', version: 1 },
  // An expiry in the past is refused before a token is made; revoking an unknown token is 404.
  'POST /api/tokens': { name: 'matrix', expiresOn: '2020-01-01' },
  'DELETE /api/tokens/:id': undefined,
};

/** Routes whose answer is not about data and may legitimately be 401 for a logged-in user (wrong credentials). */
const CREDENTIAL_ROUTES = new Set(['POST /api/auth/login']);

/** Routes of a feature the test server is started without (no POSTURE_BASEMAP): 404 to everyone allowed in. */
const UNCONFIGURED_ROUTES = new Set(['GET /api/basemap', 'GET /api/basemap/:z/:x/:y']);

interface Fixture {
  /** Expected commune scope per user (null = all), computed here independently of the server's scope code. */
  scope: Record<TestUser, string[] | null>;
  allCommunes: string[];
  hqByCommune: Map<string, number>;
  gateByCommune: Map<string, number>;
  /** One-commune campaigns made for the matrix, by their commune. */
  campaignByCommune: Map<string, number>;
  /** A status record and a village of each commune that has one. */
  statusByCommune: Map<string, number>;
  villageByCommune: Map<string, number>;
  /** Border communes, by themselves (the OGC collection's feature id is the code). */
  borderCommunes: Map<string, string>;
  /** The border lines near each user's area, as GET /api/borders clips them (all for an unrestricted area). */
  linesOf: Record<TestUser, number[]>;
  allLines: number[];
  someUserId: number;
  /** An access token of each user, for the same walk with tokens. */
  tokens: Record<TestUser, string>;
}

/** Every 5-digit commune code found under a `code` or `communeCode` key anywhere in a JSON answer. */
function communeCodesIn(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => communeCodesIn(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'code' || k === 'communeCode') && typeof v === 'string' && /^\d{5}$/.test(v)) found.add(v);
      else communeCodesIn(v, found);
    }
  }
  return found;
}

/** Commune codes held by the features of a vector tile, in any of its layers. */
function communeCodesInTile(body: Buffer): Set<string> {
  const found = new Set<string>();
  const tile = new VectorTile(new PbfReader(body));
  for (const layer of Object.values(tile.layers)) {
    for (let i = 0; i < layer.length; i++) {
      const { properties } = layer.feature(i);
      for (const key of ['code', 'communeCode', 'commune_code']) {
        const v = properties[key];
        if (typeof v === 'string' && /^\d{5}$/.test(v)) found.add(v);
      }
    }
  }
  return found;
}

export function accessMatrixSuite(h: Harness) {
  describe('role × route × area matrix', () => {
    const fx = {} as Fixture;

    beforeAll(async () => {
      fx.allCommunes = (await h.db.query<{ code: string }>('SELECT code FROM commune ORDER BY code')).map((r) => r.code);
      const border = (
        await h.db.query<{ code: string }>(
          `SELECT c.code FROM commune c WHERE EXISTS (SELECT 1 FROM national_border_piece b WHERE ST_DWithin(c.geom, b.geom, 0.05) AND ST_DWithin(c.geom::geography, b.geom::geography, 1000)) ORDER BY 1`,
        )
      ).map((r) => r.code);
      const province99 = fx.allCommunes.filter((c) => c.startsWith('99'));
      fx.scope = {
        admin: null,
        commanderAll: null,
        commanderProvince: province99,
        commanderOne: ['99001'],
        plannerTwo: ['99002', '99003'],
        borderAll: border,
      };
      fx.hqByCommune = new Map((await h.db.query<{ c: string; id: number }>('SELECT commune_code AS c, min(id) AS id FROM police_hq GROUP BY 1')).map((r) => [r.c, r.id]));
      fx.gateByCommune = new Map((await h.db.query<{ c: string; id: number }>('SELECT commune_code AS c, min(id) AS id FROM border_gate GROUP BY 1')).map((r) => [r.c, r.id]));
      fx.campaignByCommune = new Map();
      const nonBorder = province99.find((c) => !border.includes(c) && !['99001', '99002', '99003'].includes(c));
      for (const code of new Set(['99001', '99002', border[0], nonBorder].filter((c): c is string => c !== undefined))) {
        const [{ id }] = await h.db.query<{ id: number }>(
          `INSERT INTO campaign (province_code, kind, name, period_start, period_end) VALUES ('99', 'transformation', $1, '2030-01-01', '2030-12-31') RETURNING id`,
          [`Chiến dịch kiểm thử quyền ${code}`],
        );
        await h.db.query(`INSERT INTO campaign_commune (campaign_id, commune_code, stage) VALUES ($1, $2, 'proposed')`, [id, code]);
        fx.campaignByCommune.set(code, id);
      }
      fx.someUserId = (await h.db.query<{ id: number }>(`SELECT id FROM app_user WHERE username = 'commanderone'`))[0].id;
      fx.statusByCommune = new Map((await h.db.query<{ c: string; id: number }>('SELECT commune_code AS c, min(id) AS id FROM commune_status GROUP BY 1')).map((r) => [r.c, r.id]));
      fx.villageByCommune = new Map((await h.db.query<{ c: string; id: number }>('SELECT commune_code AS c, min(id) AS id FROM village GROUP BY 1')).map((r) => [r.c, r.id]));
      fx.borderCommunes = new Map(border.map((c) => [c, c]));
      fx.allLines = (await h.db.query<{ id: number }>('SELECT id FROM national_border ORDER BY id')).map((r) => r.id);
      fx.linesOf = {} as Fixture['linesOf'];
      fx.tokens = {} as Fixture['tokens'];
      for (const who of Object.keys(TEST_USERS) as TestUser[]) {
        const scope = fx.scope[who];
        fx.linesOf[who] = scope
          ? (
              await h.db.query<{ id: number }>(
                `SELECT b.id FROM national_border b, (SELECT ST_Expand(ST_Extent(geom)::geometry, 0.05) AS g FROM commune WHERE code = ANY ($1::text[])) a
                 WHERE NOT ST_IsEmpty(ST_Intersection(b.geom, ST_SetSRID(a.g, 4326))) ORDER BY b.id`,
                [scope],
              )
            ).map((r) => r.id)
          : fx.allLines;
        const made = await h.as(who, { method: 'POST', url: '/api/tokens', payload: { name: 'access matrix' } });
        fx.tokens[who] = (made.json() as { token: string }).token;
      }
    });

    /** Concrete URLs for a route: one per kind of target (inside / outside the caller's area), or one when not scoped. */
    function targets(url: string, who: Who): { url: string; outside: boolean }[] {
      const scope = who ? fx.scope[who] : null;
      const inside = scope ?? fx.allCommunes;
      const outside = scope ? fx.allCommunes.filter((c) => !scope.includes(c)) : [];
      const pick = (communes: string[], ids: Map<string, number> | null) =>
        communes.find((c) => ids === null || ids.has(c)) ?? null;
      let ids: Map<string, number> | null = null;
      let param: string | null = null;
      if (url.includes(':code')) param = ':code';
      else if (url.startsWith('/api/hqs/:id')) [param, ids] = [':id', fx.hqByCommune];
      else if (url.startsWith('/api/border-gates/:id')) [param, ids] = [':id', fx.gateByCommune];
      else if (url.startsWith('/api/campaigns/:id')) [param, ids] = [':id', fx.campaignByCommune];
      else if (url.startsWith('/api/users/:id')) return [{ url: url.replace(':id', String(fx.someUserId)), outside: false }];
      // Nobody's token: every user gets 404, as for another user's token.
      else if (url.startsWith('/api/tokens/:id')) return [{ url: url.replace(':id', '999999'), outside: true }];
      else if (url.startsWith('/ogc/collections/') && url.includes('/tiles/WebMercatorQuad/:tileMatrix')) return [{ url: url.replace(':tileMatrix/:tileRow/:tileCol', '7/56/100'), outside: false }];
      else if (url.startsWith('/ogc/collections/border-lines/items/:featureId')) {
        const seen = who ? fx.linesOf[who] : fx.allLines;
        const unseen = fx.allLines.filter((id) => !seen.includes(id));
        return [
          ...(seen.length > 0 ? [{ url: url.replace(':featureId', String(seen[0])), outside: false }] : []),
          ...(unseen.length > 0 ? [{ url: url.replace(':featureId', String(unseen[0])), outside: true }] : []),
        ];
      } else if (url.startsWith('/ogc/collections/') && url.endsWith('/items/:featureId')) {
        const collection = url.split('/')[3];
        const byCollection: Record<string, Map<string, number | string> | null> = {
          communes: null,
          'border-communes': fx.borderCommunes,
          'commune-statuses': fx.statusByCommune,
          hqs: fx.hqByCommune,
          'border-gates': fx.gateByCommune,
          villages: fx.villageByCommune,
          'campaign-communes': new Map([...fx.campaignByCommune].map(([c, id]) => [c, `${id}-${c}`])),
        };
        if (!(collection in byCollection)) throw new Error(`no fixture for the features of collection ${collection}: add one to the access matrix`);
        [param, ids] = [':featureId', byCollection[collection] as Map<string, number> | null];
      }
      else if (url.startsWith('/api/export/:layer')) return EXPORT_LAYERS.map((l) => ({ url: url.replace(':layer', l), outside: false }));
      // A tile over the whole demo province: outside the area there is nothing in it (checked below), never a 404.
      else if (url.startsWith('/api/tiles/:layer')) return TILE_LAYERS.map((l) => ({ url: url.replace(':layer', l).replace(':z/:x/:y', '7/100/56'), outside: false }));
      else if (url.startsWith('/api/basemap/:z')) return [{ url: '/api/basemap/0/0/0', outside: false }];
      else if (url.includes('/:')) throw new Error(`no fixture for the parameters of ${url}: add one to the access matrix`);
      if (!param) return [{ url, outside: false }];
      const out: { url: string; outside: boolean }[] = [];
      for (const [communes, isOutside] of [[inside, false], [outside, true]] as const) {
        const c = pick(communes, ids);
        if (c) out.push({ url: url.replace(param, ids ? String(ids.get(c)) : c), outside: isOutside });
      }
      return out;
    }

    it('covers every registered route', () => {
      expect(h.app.routeTable.length).toBeGreaterThanOrEqual(14);
      // Every OGC collection answers through the matrix.
      for (const c of COLLECTIONS) expect(h.app.routeTable.some((r) => r.url === `/ogc/collections/${c.id}/items/:featureId`)).toBe(true);
      for (const r of h.app.routeTable) {
        if (r.method !== 'GET') expect(Object.keys(HARMLESS_BODIES), `body fixture for ${r.method} ${r.url}`).toContain(`${r.method} ${r.url}`);
      }
    });

    /**
     * Every route as every user (and nobody), inside and outside their area, with the browser session or with the
     * user's access token: the token reaches exactly what the session reaches, except account administration.
     */
    async function walk(mode: 'session' | 'token') {
      const failures: string[] = [];
      let checked = 0;
      for (const route of h.app.routeTable) {
        const key = `${route.method} ${route.url}`;
        for (const who of mode === 'token' ? WHO.filter((w) => w !== null) : WHO) {
          for (const t of targets(route.url, who)) {
            const opts: InjectOptions = { method: route.method as InjectOptions['method'], url: t.url };
            if (route.method !== 'GET' && HARMLESS_BODIES[key] !== undefined) opts.payload = HARMLESS_BODIES[key] as object;
            // State-changing requests get a session of their own: logout must not end the cached one.
            const res = mode === 'token'
              ? await h.app.inject({ ...opts, headers: { authorization: `Bearer ${fx.tokens[who!]}` } })
              : route.method === 'GET' || who === null
                ? await h.as(who, opts)
                : await h.login(who).then((s) => h.app.inject({ ...opts, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } }));
            checked++;
            const status = res.statusCode;
            const label = `${who ?? 'anonymous'} ${mode} ${route.method} ${t.url}`;
            const expectStatus = (ok: boolean, what: string) => {
              if (!ok) failures.push(`${label}: ${what}, got ${status} ${res.body.slice(0, 120)}`);
            };
            const access: Access = route.access;
            expectStatus(status < 500, 'no server error');
            if (mode === 'token' && route.account) {
              expectStatus(status === 403, 'an access token never does account administration');
            } else if (access === 'public') {
              expectStatus(status !== 403 && status !== 404, 'public route must answer');
            } else if (who === null) {
              expectStatus(status === 401, 'expected 401 without a session');
            } else if (!allows(TEST_USERS[who].role, access)) {
              expectStatus(status === 403, `expected 403 for role ${TEST_USERS[who].role}`);
            } else if (t.outside) {
              expectStatus(status === 404, 'expected 404 outside the area');
            } else if (UNCONFIGURED_ROUTES.has(key)) {
              expectStatus(status === 404, 'expected 404 from a feature that is not configured');
            } else if (!CREDENTIAL_ROUTES.has(key)) {
              expectStatus(![401, 403, 404].includes(status), 'expected access inside the area');
            }
            if (who && status === 200 && route.method === 'GET') {
              const scope = fx.scope[who];
              if (scope) {
                // CSV exports carry the commune code in their first column; other answers are JSON.
                const type = String(res.headers['content-type']);
                const codes = type.startsWith('text/csv')
                  ? new Set(res.body.replace(/^\uFEFF/, '').split('\r\n').slice(1).map((line) => line.split(',')[0]).filter(Boolean))
                  : type.startsWith('application/vnd.mapbox-vector-tile')
                    ? communeCodesInTile(res.rawPayload)
                    : communeCodesIn(res.json());
                const leaked = [...codes].filter((c) => !scope.includes(c));
                if (leaked.length > 0) failures.push(`${label}: LEAK of communes ${leaked.join(', ')}`);
              }
            }
          }
        }
      }
      return { failures, checked };
    }

    it('denies what each role and area must not reach, and leaks no commune outside the area (0 leaks)', async () => {
      const { failures, checked } = await walk('session');
      expect(failures).toEqual([]);
      expect(checked).toBeGreaterThan(80);
    }, 900_000);

    it('gives an access token what its user may do in their area, and never account administration (0 leaks)', async () => {
      const { failures, checked } = await walk('token');
      expect(failures).toEqual([]);
      expect(checked).toBeGreaterThan(80);
    }, 900_000);
  });
}
