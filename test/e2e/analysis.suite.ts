import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness.ts';
import { hasChromium, inCi, TEST_TODAY } from '../support/env.ts';
import type { CoverageAnswer } from '../../server/schemas/analysis.ts';
import { openLoggedIn, startAppUnderTest, type AppUnderTest } from './app-under-test.ts';

/** The analysis tab in real Chromium: run coverage, see it on the map and in the table, export CSV. */
export function analysisBrowserSuite(h: Harness) {
  describe.skipIf(!hasChromium && !inCi)('analysis tab in Chromium', () => {
    let app: AppUnderTest;
    let page: Page;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      app = await startAppUnderTest(h);
      page = await openLoggedIn(app, 'commanderProvince', pageErrors, { viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    });

    afterAll(async () => {
      if (page) await page.screenshot({ path: 'test-results/analysis.png' }).catch(() => {});
      await app?.close();
    });

    it('runs coverage, draws it on the map and lists the same communes as the API', async () => {
      await page.click('[data-testid="side-tab-analysis"]');
      await page.fill('[data-testid="analysis-radius"]', '6');
      await page.click('[data-testid="analysis-run"]');
      await page.waitForSelector('[data-testid="analysis-table"] tbody tr', { timeout: 60_000 });

      const layers = await page.evaluate(() => {
        const map = (window as unknown as { __posture: { map: import('maplibre-gl').Map } }).__posture.map;
        const count = (layer: string) => map.queryRenderedFeatures(undefined, { layers: [layer] }).length;
        return {
          covered: count('analysis-covered-fill'),
          gaps: count('analysis-gaps-fill'),
          lines: count('analysis-lines'),
          // The status colours fade under the results, so that the coverage and the hatched gaps stay readable.
          statusOpacity: map.getPaintProperty('commune-fill', 'fill-opacity'),
          hatch: map.hasImage('analysis-gap-hatch'),
        };
      });
      expect(layers.statusOpacity).toBeLessThanOrEqual(0.35);
      expect(layers.hatch).toBe(true);
      expect(layers.covered).toBeGreaterThan(0);
      expect(layers.gaps).toBeGreaterThan(0);
      expect(layers.lines).toBeGreaterThan(0);
      await expect(page.locator('[data-testid="analysis-legend"]').isVisible()).resolves.toBe(true);

      // The table holds one row per commune of the answer, with its covered share.
      const api = (await page.evaluate(
        (asOf) => fetch(`/api/analysis/coverage?radiusKm=6&statuses=independent,shared&asOf=${asOf}`).then((r) => r.json()),
        TEST_TODAY,
      )) as CoverageAnswer;
      const rows = page.locator('[data-testid="analysis-table"] tbody tr');
      expect(await rows.count()).toBe(api.communes.length);
      const pct = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });
      for (const c of api.communes.slice(0, 5)) {
        const cells = await page.locator(`[data-testid="row-${c.code}"] > *`).allInnerTexts();
        expect(cells[0]).toBe(c.name);
        expect(cells[3]).toBe(pct.format(c.share));
      }
      expect(pageErrors).toEqual([]);
    });

    it('sorts by a column from the keyboard and says so with aria-sort', async () => {
      const header = page.locator('[data-testid="sort-share"]');
      await header.focus();
      await page.keyboard.press('Enter');
      await expect(page.locator('th:has([data-testid="sort-share"])').getAttribute('aria-sort')).resolves.toBe('descending');
      const shares = await page.locator('[data-testid="analysis-table"] tbody tr td:nth-child(4)').allInnerTexts();
      const values = shares.map((s) => Number(s.replace(/[^\d,]/g, '').replace(',', '.')));
      expect(values).toEqual([...values].sort((a, b) => b - a));
    });

    it('exports the table as CSV with a byte order mark, a header and one line per commune', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="analysis-export-csv"]')]);
      expect(download.suggestedFilename()).toMatch(/^posture-demo-analysis-2025-12-31-r6km\.csv$/);
      const text = await readFile((await download.path())!, 'utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const lines = text.slice(1).trimEnd().split('\r\n');
      // Fields of one line, quotes honoured.
      const fields = (line: string) => {
        const out: string[] = [];
        let cur = '';
        let quoted = false;
        for (const ch of line) {
          if (ch === '"') quoted = !quoted;
          else if (ch === ',' && !quoted) {
            out.push(cur);
            cur = '';
          } else cur += ch;
        }
        return [...out, cur];
      };
      // Code, commune, five coverage figures, the nearest HQ and the nearest of another commune with their distances,
      // the border distance, the nearest gate and its distance: 14.
      expect(fields(lines[0])).toHaveLength(14);
      expect(fields(lines[0])).toContain('Trụ sở gần nhất của xã khác');
      expect(lines[0]).toMatch(/^Mã,"Xã, phường",/);
      expect(lines).toHaveLength(1 + 45);
      expect(lines.slice(1).every((l) => fields(l).length === 14 && /^99\d{3},/.test(l))).toBe(true);
    });

    it('exports the coverage, gaps and lines as GeoJSON marked as demo data', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="analysis-export-geojson"]')]);
      const fc = JSON.parse(await readFile((await download.path())!, 'utf8')) as { posture: { demo: boolean }; features: { properties: { kind: string } }[] };
      expect(fc.posture.demo).toBe(true);
      const kinds = new Set(fc.features.map((f) => f.properties.kind));
      expect([...kinds].sort()).toEqual(['covered', 'gap', 'nearest-hq-commune', 'nearest-hq-village']);
    });

    it('suggests sites among points clicked on the map, drawn as numbered markers', async () => {
      await page.check('[data-testid="analysis-with-sites"]');
      await page.selectOption('[data-testid="analysis-candidates"]', 'points');
      await page.click('[data-testid="analysis-pick"]');
      const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
      for (const [fx, fy] of [[0.55, 0.45], [0.6, 0.6], [0.5, 0.7]]) await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
      await page.keyboard.press('Escape');
      await expect(page.locator('[data-testid="analysis-pick"]').getAttribute('aria-pressed')).resolves.toBe('false');
      // Clicks while picking add points; they do not open a commune.
      await expect(page.locator('[data-testid="commune-detail"]').count()).resolves.toBe(0);
      // A point can also be typed in.
      await page.fill('[data-testid="analysis-lon"]', '103.05');
      await page.fill('[data-testid="analysis-lat"]', '21.45');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect(page.locator('[data-testid="analysis-panel"]').innerText()).resolves.toContain('4/50');
      await page.click('[data-testid="analysis-run"]');
      await page.waitForSelector('[data-testid="analysis-sites"] li', { timeout: 60_000 });
      const items = await page.locator('[data-testid="analysis-sites"] li').count();
      expect(items).toBeGreaterThan(0);
      expect(items).toBeLessThanOrEqual(3);
      await page.waitForFunction(
        (n) => {
          const map = (window as unknown as { __posture: { map: import('maplibre-gl').Map } }).__posture.map;
          return map.queryRenderedFeatures(undefined, { layers: ['analysis-sites'] }).length === n;
        },
        items,
      );
      expect(pageErrors).toEqual([]);
    });
  });
}
