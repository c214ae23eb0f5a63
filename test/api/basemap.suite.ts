import { readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { BasemapError } from '../../server/basemap/archive.ts';
import type { BasemapTileJson } from '../../server/schemas/basemap.ts';
import { TEST_TODAY, inCi } from '../support/env.ts';
import type { Harness, Session, TestUser } from '../support/harness.ts';
import { ATTRIBUTION, BASEMAP_BOUNDS, buildBasemapFiles, hasOgr2ogr, type BasemapFiles } from '../support/basemap-files.ts';

const MVT = 'application/vnd.mapbox-vector-tile';

/** POSTURE_BASEMAP: the operator's PMTiles or MBTiles file served under /api/basemap. */
export function basemapSuite(h: Harness) {
  describe('without a basemap', () => {
    it('answers 404 naming POSTURE_BASEMAP, for the TileJSON and for tiles', async () => {
      const res = await h.as('admin', { method: 'GET', url: '/api/basemap' });
      expect(res.statusCode).toBe(404);
      expect(res.json().message).toMatch(/no basemap.*POSTURE_BASEMAP/);
      expect((await h.as('admin', { method: 'GET', url: '/api/basemap/0/0/0' })).statusCode).toBe(404);
    });

    it('says so in Vietnamese to a Vietnamese request', async () => {
      const res = await h.as('commanderOne', { method: 'GET', url: '/api/basemap', headers: { 'accept-language': 'vi' } });
      expect(res.json().message).toMatch(/^chưa có bản đồ nền/);
    });

    it('needs a session', async () => {
      expect((await h.as(null, { method: 'GET', url: '/api/basemap' })).statusCode).toBe(401);
    });

    it('refuses at start-up a POSTURE_BASEMAP naming no file', () => {
      expect(() => loadConfig({ POSTURE_BASEMAP: '/nonexistent/vietnam.pmtiles' })).toThrow(ConfigError);
      expect(() => loadConfig({ POSTURE_BASEMAP: '/nonexistent/vietnam.pmtiles' })).toThrow(/POSTURE_BASEMAP .*no file at \/nonexistent\/vietnam\.pmtiles/);
    });
  });

  describe.skipIf(!hasOgr2ogr && !inCi)('with a basemap file (fixtures written by ogr2ogr, sql.js and a PMTiles writer)', () => {
    let files: BasemapFiles;
    const apps = new Map<string, FastifyInstance>();
    const sessions = new Map<TestUser, Session>();

    beforeAll(async () => {
      files = await buildBasemapFiles(6);
    });
    afterAll(async () => {
      for (const app of apps.values()) await app.close();
      files?.remove();
    });

    /** An app serving `path`, on the run's database (sessions of the harness are valid there). */
    const appFor = async (path: string) => {
      let app = apps.get(path);
      if (!app) {
        app = await buildApp({ db: h.db, config: { ...loadConfig({}), basemap: path }, version: 'test', today: () => TEST_TODAY });
        apps.set(path, app);
      }
      return app;
    };
    const get = async (path: string, url: string, opts: { user?: TestUser | null; headers?: InjectOptions['headers'] } = {}) => {
      const user = opts.user === undefined ? 'commanderOne' : opts.user;
      let cookie: string | undefined;
      if (user) {
        if (!sessions.has(user)) sessions.set(user, await h.login(user));
        cookie = sessions.get(user)!.cookie;
      }
      return (await appFor(path)).inject({ method: 'GET', url, headers: { ...opts.headers, ...(cookie ? { cookie } : {}) } });
    };
    const tileJson = async (path: string) => (await get(path, '/api/basemap')).json() as BasemapTileJson;
    /** A tile of the vector fixture, at its deepest zoom. */
    const someTile = () => files.vectorTiles.reduce((a, b) => (b.z > a.z ? b : a));

    for (const kind of ['vectorMbtiles', 'vectorPmtiles'] as const) {
      describe(kind === 'vectorMbtiles' ? 'vector MBTiles' : 'vector PMTiles', () => {
        it('describes itself as TileJSON: vector, its zooms, bounds, layers and attribution from the file', async () => {
          const tj = await tileJson(files[kind]);
          expect(tj).toMatchObject({ tilejson: '3.0.0', type: 'vector', format: 'mvt', container: kind === 'vectorMbtiles' ? 'mbtiles' : 'pmtiles', minzoom: 0, maxzoom: 6 });
          expect(tj.attribution).toBe(ATTRIBUTION);
          expect(tj.vector_layers.map((l) => l.id).sort()).toEqual(['earth', 'roads', 'water']);
          tj.bounds.forEach((d, i) => expect(d).toBeCloseTo(BASEMAP_BOUNDS[i], 0));
          expect(tj.tiles).toEqual([expect.stringMatching(/^http:\/\/[^/]+\/api\/basemap\/\{z\}\/\{x\}\/\{y\}\?v=[\w-]+$/)]);
        });

        it('serves a gzip-stored tile as stored, with Content-Encoding: gzip, to a client that accepts gzip', async () => {
          const t = someTile();
          const res = await get(files[kind], `/api/basemap/${t.z}/${t.x}/${t.y}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toBe(MVT);
          expect(res.headers['content-encoding']).toBe('gzip');
          expect(res.rawPayload.equals(Buffer.from(t.data))).toBe(true);
        });

        it('decompresses it for a client that does not accept gzip', async () => {
          const t = someTile();
          const res = await get(files[kind], `/api/basemap/${t.z}/${t.x}/${t.y}`);
          expect(res.headers['content-encoding']).toBeUndefined();
          expect(res.rawPayload.equals(gunzipSync(t.data))).toBe(true);
        });

        it('answers 204 where the file holds no tile, and beyond its zooms', async () => {
          expect((await get(files[kind], '/api/basemap/6/0/0')).statusCode).toBe(204);
          const t = someTile();
          expect((await get(files[kind], `/api/basemap/${t.z + 1}/${t.x * 2}/${t.y * 2}`)).statusCode).toBe(204);
        });
      });
    }

    it('serves the same tiles from the MBTiles and the PMTiles file (XYZ rows, not TMS)', async () => {
      for (const t of files.vectorTiles.filter((_, i) => i % 7 === 0)) {
        const url = `/api/basemap/${t.z}/${t.x}/${t.y}`;
        const [a, b] = await Promise.all([get(files.vectorMbtiles, url), get(files.vectorPmtiles, url)]);
        expect(a.statusCode, url).toBe(200);
        expect(a.rawPayload.equals(b.rawPayload), url).toBe(true);
      }
    });

    for (const kind of ['rasterMbtiles', 'rasterPmtiles'] as const) {
      it(`serves PNG tiles of a raster ${kind === 'rasterMbtiles' ? 'MBTiles' : 'PMTiles'} file as images`, async () => {
        const tj = await tileJson(files[kind]);
        expect(tj).toMatchObject({ type: 'raster', format: 'png', minzoom: 0, maxzoom: 2, vector_layers: [], attribution: 'Hillshade test' });
        const res = await get(files[kind], '/api/basemap/1/1/0', { headers: { 'accept-encoding': 'gzip, br' } });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('image/png');
        expect(res.headers['content-encoding']).toBeUndefined();
        expect(res.rawPayload.equals(files.png)).toBe(true);
        expect((await get(files[kind], '/api/basemap/1/0/0')).statusCode).toBe(204);
      });
    }

    it('lets the browser keep a tile (private, immutable under its versioned URL) and answers 304 to its ETag', async () => {
      const tj = await tileJson(files.vectorPmtiles);
      const t = someTile();
      const url = tj.tiles[0].replace(/^http:\/\/[^/]+/, '').replace('{z}', String(t.z)).replace('{x}', String(t.x)).replace('{y}', String(t.y));
      const first = await get(files.vectorPmtiles, url, { headers: { 'accept-encoding': 'gzip' } });
      expect(first.headers['cache-control']).toBe('private, max-age=31536000, immutable');
      expect(first.headers.vary).toMatch(/accept-encoding/i);
      const etag = String(first.headers.etag);
      const again = await get(files.vectorPmtiles, url, { headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } });
      expect(again.statusCode).toBe(304);
      expect(again.rawPayload.length).toBe(0);
      // Without the version the answer must be revalidated.
      expect((await get(files.vectorPmtiles, `/api/basemap/${t.z}/${t.x}/${t.y}`)).headers['cache-control']).toBe('private, no-cache');
    });

    it('serves every logged-in user, whatever their role or area, and no one without a session', async () => {
      for (const user of ['admin', 'commanderOne', 'plannerTwo', 'borderAll'] as const) {
        expect((await get(files.vectorMbtiles, '/api/basemap', { user })).statusCode, user).toBe(200);
        expect((await get(files.vectorMbtiles, '/api/basemap/0/0/0', { user })).statusCode, user).toBe(200);
      }
      expect((await get(files.vectorMbtiles, '/api/basemap', { user: null })).statusCode).toBe(401);
      expect((await get(files.vectorMbtiles, '/api/basemap/0/0/0', { user: null })).statusCode).toBe(401);
    });

    it('refuses a tile address outside its zoom level, naming the range', async () => {
      const res = await get(files.vectorMbtiles, '/api/basemap/2/4/0');
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/tile 2\/4\/0 does not exist: at zoom 2, x and y run from 0 to 3/);
      expect((await get(files.vectorMbtiles, '/api/basemap/31/0/0')).statusCode).toBe(400);
      expect((await get(files.vectorMbtiles, '/api/basemap/a/0/0')).statusCode).toBe(400);
    });

    it('reads the MBTiles file without writing beside it (no lock or journal files)', async () => {
      await get(files.vectorMbtiles, '/api/basemap/0/0/0');
      expect(readdirSync(files.dir).filter((f) => /\.(lock|mbtiles-journal|mbtiles-wal)$/.test(f))).toEqual([]);
    });

    it('refuses to start on a file that is neither PMTiles nor MBTiles, with the reason', async () => {
      await expect(buildApp({ db: h.db, config: { ...loadConfig({}), basemap: `${files.dir}/earth.geojson` } })).rejects.toThrow(BasemapError);
      await expect(buildApp({ db: h.db, config: { ...loadConfig({}), basemap: `${files.dir}/earth.geojson` } })).rejects.toThrow(/neither a PMTiles nor an MBTiles/);
    });
  });
}
