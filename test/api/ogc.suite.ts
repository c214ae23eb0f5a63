import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { COLLECTION_IDS } from '../../server/ogc/collections.ts';
import { TEST_USERS, type Harness, type TestUser } from '../support/harness.ts';
import { TEST_TODAY, inCi } from '../support/env.ts';
import { gdalTool as runGdal, hasGdal, listen, readWithGdal, serverForClients, run, type GeoJson } from '../support/gdal.ts';

export function ogcSuite(h: Harness) {
  describe('OGC API Features through GDAL (ogrinfo, ogr2ogr) with an access token', { timeout: 300_000 }, () => {
    let server: FastifyInstance;
    let base = '';
    let dir = '';
    let gdal = false;
    /** Every URL the server was asked for, to see what GDAL requested. */
    const asked: string[] = [];
    const tokens = {} as Record<'admin' | 'commanderOne', string>;

    beforeAll(async () => {
      gdal = await hasGdal();
      if (!gdal) {
        if (inCi) throw new Error('GDAL (ogrinfo, ogr2ogr) is required in CI: install gdal-bin');
        console.warn('GDAL not found: the OGC API tests through GDAL are skipped (install gdal-bin)');
        return;
      }
      server = await serverForClients(h);
      server.addHook('onRequest', async (req) => {
        asked.push(req.url);
      });
      base = await listen(server);
      dir = await mkdtemp(join(tmpdir(), 'posture-ogc-'));
      for (const user of ['admin', 'commanderOne'] as const) {
        const res = await h.as(user, { method: 'POST', url: '/api/tokens', payload: { name: 'GDAL', readOnly: true } });
        tokens[user] = (res.json() as { token: string }).token;
      }
    });

    afterAll(async () => {
      await server?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    /** A GDAL tool with the token in GDAL_HTTP_HEADERS, as a user would run it; stdout. */
    const gdalTool = (tool: 'ogrinfo' | 'ogr2ogr', args: string[], user: keyof typeof tokens = 'admin') => runGdal(tool, args, tokens[user]);
    const read = (url: string, layer: string, extra: string[] = [], user: keyof typeof tokens = 'admin') => readWithGdal(url, layer, tokens[user], extra);
    const demo = () => `${base}/ogc?province=99`;
    const skip = () => !gdal;

    it('ogrinfo lists the collections', async ({ skip: skipIt }) => {
      if (skip()) return skipIt();
      const out = await gdalTool('ogrinfo', ['-ro', '-q', `OAPIF:${demo()}`]);
      const names = [...out.matchAll(/^\d+: ([a-z-]+)/gm)].map((m) => m[1]);
      expect(names).toEqual(COLLECTION_IDS);
    });

    it('ogrinfo given the server address alone finds the service (no HTML page where the collections are looked for)', async ({ skip: skipIt }) => {
      if (skip()) return skipIt();
      const out = await gdalTool('ogrinfo', ['-ro', '-q', `OAPIF:${base}/`]);
      expect(out).toContain('communes');
      expect(out).toContain('hqs');
    });

    it('reads the communes with their statuses as of the date, paging through more features than one page holds', async ({ skip: skipIt }) => {
      if (skip()) return skipIt();
      const before = asked.length;
      const got = await read(demo(), 'communes', ['-oo', 'PAGE_SIZE=7']);
      const expected = await h.db.query<Record<string, string>>(
        `SELECT c.code, s.key_complex, s.drug_key_area, s.transformation, s.drug_free, s.safe_standard
         FROM commune c JOIN commune_status_at($1::date) s ON s.commune_code = c.code WHERE c.province_code = '99' ORDER BY c.code`,
        [TEST_TODAY],
      );
      expect(expected.length).toBe(45);
      const byCode = new Map(got.features.map((f) => [f.properties.code as string, f]));
      expect([...byCode.keys()].sort()).toEqual(expected.map((r) => r.code));
      for (const row of expected) {
        const p = byCode.get(row.code)!.properties;
        for (const kind of ['key_complex', 'drug_key_area', 'transformation', 'drug_free', 'safe_standard']) expect(p[kind], `${row.code} ${kind}`).toBe(row[kind]);
        expect(byCode.get(row.code)!.geometry?.type).toBe('MultiPolygon');
      }
      const pages = asked.slice(before).filter((u) => u.startsWith('/ogc/collections/communes/items'));
      // 45 features at 7 a page: 7 pages, following the next links (offset 7, 14, … 42).
      expect(pages.filter((u) => /[?&]offset=\d+/.test(u)).length).toBeGreaterThanOrEqual(6);
    });

    it('filters by bbox on the server (ogr2ogr -spat)', async ({ skip: skipIt }) => {
      if (skip()) return skipIt();
      const box = [103.0, 21.3, 103.3, 21.6];
      const before = asked.length;
      const got = await read(demo(), 'hqs', ['-spat', ...box.map(String), '-preserve_fid']);
      const expected = await h.db.query<{ id: number }>(
        `SELECT id FROM police_hq WHERE commune_code LIKE '99%' AND ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326)) ORDER BY id`,
        box,
      );
      expect(expected.length).toBeGreaterThan(0);
      // The feature ids of the API are GDAL's feature ids, written out as GeoJSON ids.
      expect(got.features.map((f) => Number(f.id)).sort((a, b) => a - b)).toEqual(expected.map((r) => r.id));
      expect(asked.slice(before).some((u) => u.includes('/ogc/collections/hqs/items') && u.includes('bbox='))).toBe(true);
    });

    it('sends an equality filter on a status as a query parameter, and the server applies it', async ({ skip: skipIt }) => {
      if (skip()) return skipIt();
      const before = asked.length;
      const got = await read(demo(), 'communes', ['-where', "drug_free = 'certified'"]);
      const expected = await h.db.query<{ code: string }>(
        `SELECT c.code FROM commune c JOIN commune_status_at($1::date) s ON s.commune_code = c.code WHERE c.province_code = '99' AND s.drug_free = 'certified' ORDER BY 1`,
        [TEST_TODAY],
      );
      expect(got.features.map((f) => f.properties.code).sort()).toEqual(expected.map((r) => r.code));
      expect(asked.slice(before).some((u) => u.includes('/ogc/collections/communes/items') && u.includes('drug_free=certified'))).toBe(true);
    });

    it('a commune-scoped token sees only its communes, their HQs and the border near them', async ({ skip: skipIt }) => {
      if (skip()) return skipIt();
      const communes = await read(`${base}/ogc`, 'communes', [], 'commanderOne');
      expect(communes.features.map((f) => f.properties.code)).toEqual(['99001']);
      const hqs = await read(`${base}/ogc`, 'hqs', [], 'commanderOne');
      expect(hqs.features.length).toBeGreaterThan(0);
      expect(new Set(hqs.features.map((f) => f.properties.communeCode))).toEqual(new Set(['99001']));
      const statuses = await read(`${base}/ogc`, 'commune-statuses', [], 'commanderOne');
      expect(new Set(statuses.features.map((f) => f.properties.communeCode))).toEqual(new Set(['99001']));
    });

    it('ogr2ogr copies the HQs into a GeoPackage that opens with the same count', async ({ skip: skipIt }) => {
      if (skip()) return skipIt();
      const gpkg = join(dir, 'hqs.gpkg');
      await gdalTool('ogr2ogr', ['-f', 'GPKG', gpkg, `OAPIF:${demo()}`, 'hqs']);
      const [{ n }] = await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM police_hq WHERE commune_code LIKE '99%'`);
      const info = await run('ogrinfo', ['-ro', '-so', gpkg, 'hqs']);
      expect(info.stdout).toMatch(new RegExp(`Feature Count: ${n}\\b`));
      const back = JSON.parse((await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', gpkg, 'hqs'], { maxBuffer: 64 * 1024 * 1024 })).stdout) as GeoJson;
      const names = await h.db.query<{ name: string }>(`SELECT name FROM police_hq WHERE commune_code LIKE '99%' ORDER BY name`);
      expect(back.features.map((f) => f.properties.name).sort()).toEqual(names.map((r) => r.name).sort());
    });
  });

  describe('OGC API answers', { timeout: 300_000 }, () => {
    const get = (user: TestUser | null, url: string, headers: Record<string, string> = {}) => h.as(user, { method: 'GET', url, headers });
    type Items = { features: { id: string | number; properties: Record<string, unknown>; geometry: { coordinates: unknown[] } }[]; numberMatched: number; numberReturned: number; links: { rel: string; href: string; type?: string }[] };

    it('serves the landing page, conformance and API document with their media types and links', async () => {
      const landing = await get('admin', '/ogc');
      expect(landing.statusCode).toBe(200);
      expect(landing.headers['content-type']).toMatch(/^application\/json/);
      const rels = (landing.json() as { links: { rel: string; type: string }[] }).links;
      expect(rels.find((l) => l.rel === 'service-desc')?.type).toBe('application/vnd.oai.openapi+json;version=3.0');
      expect(rels.map((l) => l.rel)).toEqual(expect.arrayContaining(['self', 'conformance', 'data']));
      const conformance = (await get('admin', '/ogc/conformance')).json() as { conformsTo: string[] };
      expect(conformance.conformsTo).toEqual(
        expect.arrayContaining(['http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core', 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson']),
      );
      const api = await get('admin', '/ogc/api');
      // Exactly this media type, parameter unquoted, as GDAL compares it.
      expect(api.headers['content-type']).toBe('application/vnd.oai.openapi+json;version=3.0');
      const doc = api.json() as { openapi: string; paths: Record<string, unknown>; servers: { url: string }[] };
      expect(doc.openapi).toMatch(/^3\.0/);
      expect(doc.servers[0].url).toMatch(/\/ogc$/);
      for (const id of COLLECTION_IDS) expect(Object.keys(doc.paths)).toContain(`/collections/${id}/items`);
      expect(Object.keys(doc.paths).some((p) => p.startsWith('/api/') || p.startsWith('/ogc'))).toBe(false);
    });

    it('answers unknown /ogc paths with JSON 404, never the client page, and sends /collections at the root to the service', async () => {
      for (const accept of ['text/html', 'application/json']) {
        const res = await get('admin', '/ogc/nothing/here', { accept });
        expect(res.statusCode).toBe(404);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
      }
      const root = await get('admin', '/collections?province=99', { accept: 'application/json' });
      expect(root.statusCode).toBe(308);
      expect(root.headers.location).toBe('/ogc/collections?province=99');
      expect((await get(null, '/ogc/collections')).statusCode).toBe(401);
    });

    it('limits every collection to the area exactly as the JSON API does, for every role and area', async () => {
      const idsOf = (r: { json(): unknown }, key: string) =>
        ((r.json() as { features: { properties: Record<string, unknown>; id?: unknown }[] }).features.map((f) => String(key === 'id' ? f.id : f.properties[key]))).sort();
      for (const user of Object.keys(TEST_USERS) as TestUser[]) {
        for (const [ogc, api, key] of [
          ['communes', '/api/communes', 'code'],
          ['hqs', '/api/hqs', 'id'],
          ['border-gates', '/api/border-gates', 'id'],
          ['border-lines', '/api/borders', 'countryCode'],
        ] as const) {
          for (const view of ['', '?province=99']) {
            const sep = view ? '&' : '?';
            const fromOgc = await get(user, `/ogc/collections/${ogc}/items${view}${sep}limit=10000`);
            const fromApi = await get(user, `${api}${view}`);
            expect(fromOgc.statusCode, `${user} ${ogc}`).toBe(200);
            expect(idsOf(fromOgc, key), `${user} ${ogc}${view}`).toEqual(idsOf(fromApi, key));
          }
        }
      }
    });

    it('pages with limit, offset, numberMatched and next/prev links; a limit above 10,000 is taken as 10,000', async () => {
      const first = (await get('admin', '/ogc/collections/communes/items?province=99&limit=20')).json() as Items;
      expect(first).toMatchObject({ numberMatched: 45, numberReturned: 20 });
      const next = first.links.find((l) => l.rel === 'next')!;
      expect(next.type).toBe('application/geo+json');
      const url = new URL(next.href);
      expect(url.searchParams.get('offset')).toBe('20');
      expect(url.searchParams.get('province')).toBe('99');
      const last = (await get('admin', '/ogc/collections/communes/items?province=99&limit=20&offset=40')).json() as Items;
      expect(last.numberReturned).toBe(5);
      expect(last.links.some((l) => l.rel === 'next')).toBe(false);
      expect(last.links.some((l) => l.rel === 'prev')).toBe(true);
      const past = (await get('admin', '/ogc/collections/communes/items?province=99&offset=1000')).json() as Items;
      expect(past).toMatchObject({ numberMatched: 45, numberReturned: 0 });
      const big = await get('admin', '/ogc/collections/communes/items?province=99&limit=10001');
      expect(big.statusCode).toBe(200);
      expect(new URL((big.json() as Items).links.find((l) => l.rel === 'self')!.href).searchParams.get('limit')).toBe('10000');
      expect(big.headers['content-type']).toMatch(/^application\/geo\+json/);
    });

    it('reads statuses as of datetime or asOf, and the status history over an interval', async () => {
      const asOf = (await get('admin', '/ogc/collections/communes/items?province=99&limit=100&asOf=2020-06-30')).json() as Items;
      const dt = (await get('admin', '/ogc/collections/communes/items?province=99&limit=100&datetime=2020-06-30T10:00:00Z')).json() as Items;
      expect(dt.features.map((f) => f.properties)).toEqual(asOf.features.map((f) => f.properties));
      expect(asOf.features[0].properties.asOf).toBe('2020-06-30');
      const history = (await get('admin', '/ogc/collections/commune-statuses/items?province=99&limit=10000&datetime=2021-01-01/2021-12-31')).json() as Items;
      const [{ n }] = await h.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM commune_status WHERE commune_code LIKE '99%' AND valid_from <= '2021-12-31' AND (valid_to IS NULL OR valid_to > '2021-01-01')`,
      );
      expect(history.numberMatched).toBe(n);
      const open = (await get('admin', '/ogc/collections/commune-statuses/items?province=99&limit=1&datetime=../..')).json() as Items;
      const [{ all }] = await h.db.query<{ all: number }>(`SELECT count(*)::int AS all FROM commune_status WHERE commune_code LIKE '99%'`);
      expect(open.numberMatched).toBe(all);
    });

    it('filters on status values with simple query parameters (several values: any of them)', async () => {
      const res = (await get('admin', '/ogc/collections/communes/items?province=99&limit=100&drug_free=certified,revoked&key_complex=key_complex')).json() as Items;
      const [{ n }] = await h.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM commune c JOIN commune_status_at($1::date) s ON s.commune_code = c.code
         WHERE c.province_code = '99' AND s.drug_free IN ('certified', 'revoked') AND s.key_complex = 'key_complex'`,
        [TEST_TODAY],
      );
      expect(res.numberMatched).toBe(n);
      for (const f of res.features) {
        expect(['certified', 'revoked']).toContain(f.properties.drug_free);
        expect(f.properties.key_complex).toBe('key_complex');
      }
    });

    it('filters with CQL2 text, the same as the simple parameters, and refuses a wrong filter naming where', async () => {
      const simple = (await get('admin', '/ogc/collections/communes/items?province=99&limit=100&drug_free=certified,revoked')).json() as Items;
      const cql = encodeURIComponent(`drug_free IN ('certified', 'revoked') AND population >= 0`);
      const filtered = (await get('admin', `/ogc/collections/communes/items?province=99&limit=100&filter-lang=cql2-text&filter=${cql}`)).json() as Items;
      expect(filtered.features.map((f) => f.id)).toEqual(simple.features.map((f) => f.id));
      const wrong = await get('admin', `/ogc/collections/communes/items?filter=${encodeURIComponent("colour = 'red'")}`);
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().message).toContain('querystring/filter: position 1: "colour" is not a property');
    });

    it('refuses, naming the parameter: unknown parameters, unknown values, an interval where one date is read, a bad bbox or CRS', async () => {
      const cases: [string, string][] = [
        ['/ogc/collections/communes/items?colour=red', 'colour'],
        ['/ogc/collections/communes/items?drug_free=clean', 'querystring/drug_free'],
        ['/ogc/collections/communes/items?datetime=2020-01-01/2021-01-01', 'querystring/datetime'],
        ['/ogc/collections/communes/items?datetime=yesterday', 'querystring/datetime'],
        ['/ogc/collections/hqs/items?bbox=1,2,3', 'querystring/bbox'],
        ['/ogc/collections/hqs/items?bbox=104,22,103,21', 'querystring/bbox'],
        ['/ogc/collections/hqs/items?crs=EPSG:2000', 'querystring/crs'],
        ['/ogc/collections/hqs/items?limit=0', 'limit'],
      ];
      for (const [url, names] of cases) {
        const res = await get('admin', url);
        expect(res.statusCode, url).toBe(400);
        expect(res.json().message, url).toContain(names);
      }
      const vi = await get('admin', '/ogc/collections/communes/items?drug_free=clean', { 'accept-language': 'vi' });
      expect(vi.json().message).toContain('không thuộc');
    });

    it('answers in EPSG:4326 (latitude first) and EPSG:3857 on request, saying so in Content-Crs; bbox in another CRS', async () => {
      const plain = (await get('admin', '/ogc/collections/hqs/items?province=99&limit=1')).json() as Items;
      const flipped = await get('admin', '/ogc/collections/hqs/items?province=99&limit=1&crs=http://www.opengis.net/def/crs/EPSG/0/4326');
      expect(flipped.headers['content-crs']).toBe('<http://www.opengis.net/def/crs/EPSG/0/4326>');
      const [lon, lat] = plain.features[0].geometry.coordinates as number[];
      expect((flipped.json() as Items).features[0].geometry.coordinates).toEqual([lat, lon]);
      const mercator = (await get('admin', '/ogc/collections/hqs/items?province=99&limit=1&crs=EPSG:3857')).json() as Items;
      const [x] = mercator.features[0].geometry.coordinates as number[];
      expect(x).toBeCloseTo((lon * 20037508.342789244) / 180, 0);
      const [west, south, east, north] = [102, 20.5, 104, 22.8];
      const merc = (v: number, isLat: boolean) => (isLat ? (Math.log(Math.tan(((90 + v) * Math.PI) / 360)) * 20037508.342789244) / Math.PI : (v * 20037508.342789244) / 180);
      const inDegrees = (await get('admin', `/ogc/collections/hqs/items?province=99&limit=1&bbox=${west},${south},${east},${north}`)).json() as Items;
      const inMetres = (await get('admin', `/ogc/collections/hqs/items?province=99&limit=1&bbox-crs=EPSG:3857&bbox=${merc(west, false)},${merc(south, true)},${merc(east, false)},${merc(north, true)}`)).json() as Items;
      expect(inMetres.numberMatched).toBe(inDegrees.numberMatched);
    });

    it('answers one feature, 404 outside the area', async () => {
      const inside = await get('commanderOne', '/ogc/collections/communes/items/99001');
      expect(inside.statusCode).toBe(200);
      expect(inside.headers['content-type']).toMatch(/^application\/geo\+json/);
      expect((inside.json() as { id: string }).id).toBe('99001');
      expect((await get('commanderOne', '/ogc/collections/communes/items/99002')).statusCode).toBe(404);
    });

    it('describes each collection: extent of the area, CRS list, items, queryables and tiles links', async () => {
      const doc = (await get('commanderOne', '/ogc/collections/communes')).json() as {
        extent: { spatial: { bbox: number[][] } };
        crs: string[];
        links: { rel: string; href: string }[];
      };
      const [e] = await h.db.query<{ w: number; s: number; e: number; n: number }>(
        `SELECT ST_XMin(g) AS w, ST_YMin(g) AS s, ST_XMax(g) AS e, ST_YMax(g) AS n FROM (SELECT geom::box2d AS g FROM commune WHERE code = '99001') x`,
      );
      doc.extent.spatial.bbox[0].forEach((v, i) => expect(v).toBeCloseTo([e.w, e.s, e.e, e.n][i], 5));
      expect(doc.crs).toContain('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
      expect(doc.links.map((l) => l.rel)).toEqual(expect.arrayContaining(['items', 'http://www.opengis.net/def/rel/ogc/1.0/queryables', 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector']));
      const queryables = await get('commanderOne', '/ogc/collections/communes/queryables');
      expect(queryables.headers['content-type']).toMatch(/^application\/schema\+json/);
      expect((queryables.json() as { properties: Record<string, { enum?: string[] }> }).properties.drug_free.enum).toContain('certified');
    });

    it('serves the vector tiles as OGC API Tiles (row = y, column = x): the same tile as the map, and a templated link', async () => {
      const ogc = await get('commanderProvince', '/ogc/collections/communes/tiles/WebMercatorQuad/7/56/100?asOf=2024-12-31');
      const map = await get('commanderProvince', '/api/tiles/communes/7/100/56.mvt?asOf=2024-12-31');
      expect(ogc.statusCode).toBe(200);
      expect(ogc.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
      expect(ogc.rawPayload.length).toBeGreaterThan(0);
      expect(ogc.rawPayload.equals(map.rawPayload)).toBe(true);
      const tileset = (await get('commanderProvince', '/ogc/collections/communes/tiles/WebMercatorQuad')).json() as { links: { rel: string; href: string; templated?: boolean }[] };
      const item = tileset.links.find((l) => l.rel === 'item')!;
      expect(item.templated).toBe(true);
      expect(item.href).toContain('/ogc/collections/communes/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}');
      const tms = (await get('commanderProvince', '/ogc/tileMatrixSets/WebMercatorQuad')).json() as { tileMatrices: { id: string; matrixWidth: number }[] };
      expect(tms.tileMatrices[7]).toMatchObject({ id: '7', matrixWidth: 128 });
      expect((await get('commanderProvince', '/ogc/collections/communes/tiles/WebMercatorQuad/2/4/0')).statusCode).toBe(400);
    });
  });
}
