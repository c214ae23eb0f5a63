import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness.ts';
import { hasChromium, inCi } from '../support/env.ts';
import { buildBasemapFiles, hasOgr2ogr, type BasemapFiles } from '../support/basemap-files.ts';
import { logIn, startAppUnderTest, type AppUnderTest } from './app-under-test.ts';

/** The operator's basemap (a vector PMTiles file here) drawn under the app's layers, in real Chromium. */
export function basemapBrowserSuite(h: Harness) {
  describe.skipIf((!hasChromium || !hasOgr2ogr) && !inCi)('basemap in Chromium', () => {
    let files: BasemapFiles;
    let app: AppUnderTest;
    let page: Page;
    let baseUrl: string;
    const requests: string[] = [];
    const pageErrors: string[] = [];

    beforeAll(async () => {
      files = await buildBasemapFiles(8);
      app = await startAppUnderTest(h, { basemap: files.vectorPmtiles });
      baseUrl = app.baseUrl;
      page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.on('request', (req) => requests.push(req.url()));
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await page.goto(baseUrl);
      await logIn(page, 'admin');
      // The basemap's tiles load on their own schedule: wait until its land is drawn.
      await page.waitForFunction(
        () => {
          const map = (window as unknown as { __posture: { map: import('maplibre-gl').Map } }).__posture.map;
          return !!map.getLayer('basemap-earth') && map.queryRenderedFeatures({ layers: ['basemap-earth'] }).length > 0;
        },
        undefined,
        { timeout: 30_000 },
      );
    });

    afterAll(async () => {
      if (page) await page.screenshot({ path: 'test-results/basemap.png' }).catch(() => {});
      await app?.close();
      files?.remove();
    });

    const layerIds = () =>
      page.evaluate(() => (window as unknown as { __posture: { map: import('maplibre-gl').Map } }).__posture.map.getStyle().layers.map((l) => l.id));

    it('draws the basemap above the background and under every layer of the app', async () => {
      const ids = await layerIds();
      const basemap = ids.map((id, i) => [id, i] as const).filter(([id]) => id.startsWith('basemap-'));
      expect(basemap.map(([id]) => id)).toEqual(expect.arrayContaining(['basemap-earth', 'basemap-water']));
      const first = (id: string) => ids.indexOf(id);
      expect(first('background')).toBe(0);
      expect(Math.max(...basemap.map(([, i]) => i))).toBeLessThan(first('commune-fill'));
      expect(first('commune-fill')).toBeGreaterThan(0);
      // On top: the app's labels, then the map tools' drawings.
      expect(ids.slice(-5)).toEqual(['sovereignty-label', 'measure-fill', 'measure-line', 'measure-vertex', 'goto-mark']);
    });

    it('reads its tiles from /api/basemap, and no request leaves the server', async () => {
      expect(requests.filter((u) => u.startsWith(`${baseUrl}/api/basemap/`)).length).toBeGreaterThan(0);
      expect(requests.filter((u) => !u.startsWith(`${baseUrl}/`) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
      expect(pageErrors).toEqual([]);
    });

    it("credits the basemap with the file's attribution, on the map and in the layer list", async () => {
      await page.click('[data-testid="side-tab-map"]');
      await expect(page.locator('[data-testid="basemap-attribution"]').innerText()).resolves.toContain('© Bản đồ thử "nền" & Co');
      await expect(page.locator('.maplibregl-ctrl-attrib').innerHTML()).resolves.toContain('Bản đồ thử');
      expect(await page.locator('[data-testid="basemap-hint"]').count()).toBe(0);
    });

    it('is switched off and on from the keyboard with its toggle, labelled in Vietnamese', async () => {
      const toggle = page.locator('[data-testid="layer-basemap"]');
      await expect(page.locator('label:has([data-testid="layer-basemap"])').innerText()).resolves.toContain('Bản đồ nền');
      const visibility = () =>
        page.evaluate(() => (window as unknown as { __posture: { map: import('maplibre-gl').Map } }).__posture.map.getLayoutProperty('basemap-earth', 'visibility') ?? 'visible');
      await toggle.focus();
      await page.keyboard.press('Space');
      await expect.poll(visibility).toBe('none');
      await expect.poll(() => page.evaluate(() => new URL(location.href).searchParams.get('layers') ?? '')).not.toContain('basemap');
      await page.keyboard.press('Space');
      await expect.poll(visibility).toBe('visible');
    });

    it('names Hoàng Sa and Trường Sa as Vietnamese archipelagos from its own layer, whatever the basemap says', async () => {
      const names = await page.evaluate(async () => {
        const map = (window as unknown as { __posture: { map: import('maplibre-gl').Map } }).__posture.map;
        map.jumpTo({ center: [112.5, 13.5], zoom: 4.5 });
        await new Promise((resolve) => map.once('idle', resolve));
        return map.queryRenderedFeatures({ layers: ['sovereignty-label'] }).map((f) => String(f.properties.name)).sort();
      });
      expect(names).toEqual(['Quần đảo Hoàng Sa (Việt Nam)', 'Quần đảo Trường Sa (Việt Nam)']);
    });
  });
}
