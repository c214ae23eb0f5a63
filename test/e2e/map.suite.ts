import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Harness } from '../support/harness.ts';
import { hasChromium, inCi } from '../support/env.ts';
import { logIn, startAppUnderTest, type AppUnderTest } from './app-under-test.ts';

interface RenderedSummary {
  communes: number;
  labels: number;
  borders: number;
  hqs: number;
}

/** The built client served by the real server, driven in real Chromium. */
export function mapBrowserSuite(h: Harness) {
  describe.skipIf(!hasChromium && !inCi)('province map in Chromium', () => {
    let app: AppUnderTest;
    let browser: Browser;
    let page: Page;
    let baseUrl: string;
    const foreignRequests: string[] = [];
    const pageErrors: string[] = [];

    beforeAll(async () => {
      app = await startAppUnderTest(h);
      ({ baseUrl, browser } = app);
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.on('request', (req) => {
        const url = req.url();
        if (!url.startsWith(baseUrl) && !url.startsWith('data:') && !url.startsWith('blob:')) foreignRequests.push(url);
      });
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await page.goto(baseUrl);
      await logIn(page, 'admin');
    });

    afterAll(async () => {
      if (page) await page.screenshot({ path: 'test-results/map.png' }).catch(() => {});
      await app?.close();
    });

    it('shows only its commune to a commune-scoped user', async () => {
      const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
      try {
        const other = await context.newPage();
        await other.goto(baseUrl);
        await logIn(other, 'commanderOne').catch(async (err) => {
          await other.screenshot({ path: 'test-results/scoped-login.png' });
          throw err;
        });
        const codes = await other.evaluate(() => {
          const map = (window as unknown as { __posture: { map: import('maplibre-gl').Map } }).__posture.map;
          return [...new Set(map.querySourceFeatures('communes', { sourceLayer: 'communes' }).map((f) => String(f.properties.code)))];
        });
        expect(codes).toEqual(['99001']);
      } finally {
        await context.close();
      }
    });

    it('lets the administrator see the accounts and the audit log', async () => {
      await page.click('[data-testid="nav-admin"]');
      await page.waitForSelector('[data-testid="users-table"]');
      await expect(page.locator('[data-testid="user-row-commanderone"]').isVisible()).resolves.toBe(true);
      await page.click('[data-testid="admin-tab-audit"]');
      await page.waitForSelector('[data-testid="audit-table"] [data-testid^="audit-row-"]');
      expect(await page.locator('[data-testid^="audit-row-"]').count()).toBeGreaterThan(0);
      await page.click('[data-testid="nav-map"]');
      await page.waitForSelector('[data-map-ready="true"]');
    });

    const rendered = () =>
      page.evaluate((): RenderedSummary => {
        const map = (window as unknown as { __posture: { map: import('maplibre-gl').Map } }).__posture.map;
        const count = (layer: string) => map.queryRenderedFeatures(undefined, { layers: [layer] }).length;
        return { communes: count('commune-fill'), labels: count('commune-label'), borders: count('border-line'), hqs: count('hq-point') };
      });

    it('renders communes, their labels, the national border and HQs without any request off this server', async () => {
      const r = await rendered();
      expect(r.communes).toBeGreaterThan(20);
      expect(r.labels).toBeGreaterThan(5);
      expect(r.borders).toBeGreaterThan(0);
      expect(r.hqs).toBeGreaterThan(20);
      expect(foreignRequests).toEqual([]);
      expect(pageErrors).toEqual([]);
    });

    it('serves the app for client-side paths and 404 for missing files', async () => {
      const view = await fetch(`${baseUrl}/some/shared/view`);
      expect(view.status).toBe(200);
      expect(await view.text()).toContain('<div id="app">');
      expect((await fetch(`${baseUrl}/assets/missing-file.js`)).status).toBe(404);
      // Without a session even unknown API paths answer 401, so their absence is not revealed.
      expect((await fetch(`${baseUrl}/api/missing`)).status).toBe(401);
    });

    it('labels the data as demo data', async () => {
      await expect(page.locator('[data-testid="demo-badge"]').isVisible()).resolves.toBe(true);
    });

    it('recolours the map and rewrites the legend when another status is chosen', async () => {
      // Colour-by and its legend live on the side panel's map tab (the dashboard tab opens first).
      await page.click('[data-testid="side-tab-map"]');
      const legend = page.locator('[data-testid="legend"]');
      await expect(legend.isVisible()).resolves.toBe(true);
      const fillColour = () =>
        page.evaluate(() => {
          const map = (window as unknown as { __posture: { map: import('maplibre-gl').Map } }).__posture.map;
          return JSON.stringify(map.getPaintProperty('commune-fill', 'fill-color'));
        });
      const before = { legend: await legend.innerText(), text: await legend.textContent(), paint: await fillColour() };
      const next = (await page.inputValue('[data-testid="colour-by"]')) === 'drug_free' ? 'hqStatus' : 'drug_free';
      await page.selectOption('[data-testid="colour-by"]', next);
      await page.waitForFunction((prev) => document.querySelector('[data-testid="legend"]')!.textContent !== prev, before.text);
      expect(await legend.innerText()).not.toBe(before.legend);
      expect(await fillColour()).not.toBe(before.paint);
    });

    it('says in one sentence how to add a basemap when the server has none, and offers no basemap toggle', async () => {
      await page.click('[data-testid="side-tab-map"]');
      await expect(page.locator('[data-testid="basemap-hint"]').innerText()).resolves.toMatch(/^Chưa có bản đồ nền: .*POSTURE_BASEMAP.*PMTiles hoặc MBTiles/);
      expect(await page.locator('[data-testid="layer-basemap"]').count()).toBe(0);
    });

    it('opens the detail panel of the commune clicked on the map', async () => {
      const target = await page.evaluate(() => {
        const map = (window as unknown as { __posture: { map: import('maplibre-gl').Map } }).__posture.map;
        const canvas = map.getCanvas().getBoundingClientRect();
        // Find a screen point whose topmost feature is a commune fill (not a marker or a label).
        for (let y = 0.3; y <= 0.7; y += 0.05) {
          for (let x = 0.3; x <= 0.7; x += 0.05) {
            const px: [number, number] = [canvas.width * x, canvas.height * y];
            const hits = map.queryRenderedFeatures(px);
            if (hits.length > 0 && hits[0].layer.id === 'commune-fill') {
              return { x: canvas.left + px[0], y: canvas.top + px[1], name: String(hits[0].properties.name) };
            }
          }
        }
        return null;
      });
      expect(target).not.toBeNull();
      await page.mouse.click(target!.x, target!.y);
      const name = page.locator('[data-testid="commune-detail-name"]');
      // The heading shows a loading text until the detail arrives: wait for the name itself.
      const short = target!.name.replace(/^(Xã|Phường) /, '');
      await page.waitForFunction((n) => document.querySelector('[data-testid="commune-detail-name"]')?.textContent?.includes(n), short, { timeout: 10_000 });
      await expect(name.innerText()).resolves.toContain(short);
      await expect(page.locator('[data-testid="commune-detail"]').innerText()).resolves.toMatch(/\d{4}-\d{2}-\d{2}|\d{2}\/\d{2}\/\d{4}/);
    });

    it('draws villages with their names from zoom 10, and asks for no village tile below it', async () => {
      const [village] = await h.db.query<{ id: number; name: string; lon: number; lat: number }>(
        `SELECT v.id, v.name, ST_X(v.geom) AS lon, ST_Y(v.geom) AS lat
         FROM village v JOIN commune c ON c.code = v.commune_code WHERE c.province_code = '99' ORDER BY v.id LIMIT 1`,
      );
      expect(village).toBeDefined();
      const villageTiles: string[] = [];
      const listen = (req: { url(): string }) => {
        if (req.url().includes('/api/tiles/villages/')) villageTiles.push(req.url());
      };
      page.on('request', listen);
      try {
        const at = (zoom: number) =>
          page.evaluate(
            ({ lon, lat, zoom }) => {
              const map = (window as unknown as { __posture: { map: import('maplibre-gl').Map } }).__posture.map;
              map.jumpTo({ center: [lon, lat], zoom });
              return new Promise<void>((resolve) => map.once('idle', () => resolve()));
            },
            { lon: village.lon, lat: village.lat, zoom },
          );
        const drawn = () =>
          page.evaluate((id) => {
            const map = (window as unknown as { __posture: { map: import('maplibre-gl').Map } }).__posture.map;
            const of = (layer: string) => map.queryRenderedFeatures(undefined, { layers: [layer] });
            return {
              points: of('village-point').length,
              point: of('village-point').some((f) => (f.id ?? f.properties.id) === id),
              labels: of('village-label').map((f) => String(f.properties.name)),
            };
          }, village.id);
        await at(9.5);
        expect(await drawn()).toEqual({ points: 0, point: false, labels: [] });
        expect(villageTiles).toEqual([]);
        await at(13);
        await expect.poll(async () => (await drawn()).point, { timeout: 20_000 }).toBe(true);
        await expect.poll(async () => (await drawn()).labels.includes(village.name), { timeout: 20_000 }).toBe(true);
        expect(villageTiles.length).toBeGreaterThan(0);
        // The layer list turns them off and on.
        await page.click('[data-testid="side-tab-map"]');
        await page.uncheck('[data-testid="layer-villages"]');
        await expect.poll(async () => (await drawn()).points).toBe(0);
        await page.check('[data-testid="layer-villages"]');
        await expect.poll(async () => (await drawn()).point).toBe(true);
      } finally {
        page.off('request', listen);
      }
    });

    it('offers the visible data as files from the map tab, in the user\'s area and as of the date shown', async () => {
      await page.click('[data-testid="side-tab-map"]');
      const href = await page.getAttribute('[data-testid="export-communes-csv"]', 'href');
      expect(href).toMatch(/^\/api\/export\/communes\?format=csv&asOf=\d{4}-\d{2}-\d{2}$/);
      const { head, csv, count } = await page.evaluate(async (url) => {
        const asOf = new URL(url!, location.href).searchParams.get('asOf')!;
        const [bytes, fc] = await Promise.all([
          fetch(url!).then((r) => r.arrayBuffer()),
          fetch(`/api/communes?asOf=${asOf}`).then((r) => r.json() as Promise<{ features: unknown[] }>),
        ]);
        return { head: [...new Uint8Array(bytes.slice(0, 3))], csv: new TextDecoder().decode(bytes), count: fc.features.length };
      }, href);
      // UTF-8 byte-order mark, for spreadsheet software.
      expect(head).toEqual([0xef, 0xbb, 0xbf]);
      expect(csv.trimEnd().split('\r\n')).toHaveLength(count + 1);
      for (const layer of ['communes', 'statuses', 'hqs', 'gates', 'teams', 'models', 'indicators']) {
        for (const format of ['csv', 'xlsx', 'geojson']) expect(await page.locator(`[data-testid="export-${layer}-${format}"]`).count()).toBe(1);
      }
      // The crosswalk has no geometry: CSV and XLSX only, and its CSV has the header the crosswalk import reads.
      expect(await page.locator('[data-testid^="export-crosswalk-"]').count()).toBe(2);
      const crosswalkHref = await page.getAttribute('[data-testid="export-crosswalk-csv"]', 'href');
      const header = await page.evaluate(async (url) => (await fetch(url!).then((r) => r.text())).replace(/^\uFEFF/, '').split('\r\n')[0], crosswalkHref);
      expect(header).toMatch(/^new_code,.*old_code/);
    });
  });
}
