import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness.ts';
import { hasChromium, inCi } from '../support/env.ts';
import { openLoggedIn, startAppUnderTest, type AppUnderTest } from './app-under-test.ts';

type MapWindow = { __posture: { map: import('maplibre-gl').Map } };

/**
 * The planner's way in real Chromium: draw a polygon with terra-draw by clicking on the map canvas, see the
 * communes listed, create a campaign from them, move one commune on and see its colour change on the map.
 * The planner's area is 99002/99003; the stage change is dated after 2025-12-31, the date other suites count at.
 */
export function campaignsBrowserSuite(h: Harness) {
  describe.skipIf(!hasChromium && !inCi)('campaigns tab in Chromium', () => {
    let app: AppUnderTest;
    let page: Page;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      app = await startAppUnderTest(h);
      page = await openLoggedIn(app, 'plannerTwo', pageErrors, { viewport: { width: 1280, height: 800 } });
    });

    afterAll(async () => {
      if (page) await page.screenshot({ path: 'test-results/campaigns.png' }).catch(() => {});
      await app?.close();
    });

    /** The colour the campaign layer gives a commune, or null when the commune is not in the layer. */
    const stageColour = (code: string) =>
      page.evaluate((c) => {
        const map = (window as unknown as MapWindow).__posture.map;
        const expr = map.getPaintProperty('campaign-stage-fill', 'fill-color') as unknown[];
        if (!Array.isArray(expr) || expr[0] !== 'match') return null;
        for (let i = 2; i < expr.length - 1; i += 2) if (expr[i] === c) return expr[i + 1] as string;
        return null;
      }, code);

    it('draws a polygon on the map and lists the communes it selects', async () => {
      await page.click('[data-testid="side-tab-campaigns"]');
      await page.waitForSelector('[data-testid="campaigns-panel"]');
      // Corners of the box around the planner's communes, in page pixels, a little outside it.
      const corners = await page.evaluate(async () => {
        const map = (window as unknown as MapWindow).__posture.map;
        const fc = (await fetch('/api/communes').then((r) => r.json())) as { features: { geometry: { coordinates: number[][][][] } }[] };
        const pts = fc.features.flatMap((f) => f.geometry.coordinates.flat(2) as unknown as number[][]);
        const lons = pts.map((p) => p[0]);
        const lats = pts.map((p) => p[1]);
        const rect = map.getCanvas().getBoundingClientRect();
        const nw = map.project([Math.min(...lons), Math.max(...lats)]);
        const se = map.project([Math.max(...lons), Math.min(...lats)]);
        const x0 = Math.max(rect.left + 5, rect.left + nw.x - 15);
        const y0 = Math.max(rect.top + 60, rect.top + nw.y - 15);
        const x1 = Math.min(rect.right - 5, rect.left + se.x + 15);
        const y1 = Math.min(rect.bottom - 60, rect.top + se.y + 15);
        return [
          [x0, y0],
          [x1, y0],
          [x1, y1],
          [x0, y1],
        ];
      });
      await page.click('[data-testid="draw-polygon"]');
      for (const [x, y] of corners) {
        await page.mouse.move(x, y, { steps: 4 });
        await page.mouse.click(x, y);
        await page.waitForTimeout(150);
      }
      // Clicking the first corner again closes the polygon.
      await page.mouse.move(corners[0][0], corners[0][1], { steps: 4 });
      await page.mouse.click(corners[0][0], corners[0][1]);
      await page.waitForSelector('[data-testid="selection-list"] li[data-code="99003"]', { timeout: 20_000 });
      const codes = await page.locator('[data-testid="selection-list"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')).sort());
      expect(codes).toEqual(['99002', '99003']);
      await expect(page.locator('[data-testid="draw-polygon"]').getAttribute('aria-pressed')).resolves.toBe('false');
      // Each score explains itself.
      await page.locator('[data-testid="selection-list"] li').first().locator('button', { hasText: /Giải thích/ }).click();
      expect(await page.locator('[data-testid="score-explain"] tbody tr').count()).toBe(8);

      // The freehand lasso: click, move around the same box, click to finish.
      await page.click('[data-testid="clear-selection"]');
      await page.waitForSelector('[data-testid="selection-list"]', { state: 'detached' });
      await page.click('[data-testid="draw-freehand"]');
      await page.mouse.move(corners[0][0], corners[0][1]);
      await page.mouse.click(corners[0][0], corners[0][1]);
      for (const [x, y] of [...corners.slice(1), [corners[0][0] + 4, corners[0][1] + 30]]) await page.mouse.move(x, y, { steps: 12 });
      await page.mouse.click(corners[0][0] + 4, corners[0][1] + 30);
      await page.waitForSelector('[data-testid="selection-list"] li[data-code="99003"]', { timeout: 20_000 });
      const lassoed = await page.locator('[data-testid="selection-list"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')).sort());
      expect(lassoed).toEqual(['99002', '99003']);
      await page.screenshot({ path: 'test-results/campaigns-selection.png' });
    });

    it('creates a campaign from the selection, advances a commune and recolours it on the map', async () => {
      await page.fill('[data-testid="campaign-name"]', 'Xây dựng xã biên giới không ma túy 2026 (kiểm thử)');
      await page.selectOption('[data-testid="campaign-kind"]', 'drug_free');
      await page.click('[data-testid="campaign-create"]');
      await page.waitForSelector('[data-testid="campaign-view"] li[data-code="99002"][data-stage="proposed"]', { timeout: 20_000 });
      await expect.poll(() => stageColour('99002')).toBe('#cbd5e1');
      await expect(page.locator('[data-testid="campaign-legend"]').isVisible()).resolves.toBe(true);

      await page.click('[data-testid="advance-99002"]');
      await page.selectOption('[data-testid="stage-select"]', 'designated');
      await page.fill('[data-testid="stage-on"]', '2026-02-01');
      await page.fill('[data-testid="stage-decision"]', '31/QĐ-UBND');
      await page.click('[data-testid="stage-submit"]');
      await page.waitForSelector('[data-testid="campaign-view"] li[data-code="99002"][data-stage="designated"]', { timeout: 20_000 });
      await expect.poll(() => stageColour('99002')).toBe('#d73027');
      expect(await stageColour('99003')).toBe('#cbd5e1');

      // The step wrote the dated status record the map and the commune history read.
      const status = await page.evaluate(() => fetch('/api/communes/99002?asOf=2026-02-02').then((r) => r.json()));
      expect(status.properties.drug_free).toBe('designated');
      expect(status.properties.history.some((r: { decisionNo: string | null }) => r.decisionNo === '31/QĐ-UBND')).toBe(true);
      const csvHref = await page.locator('[data-testid="campaign-export-csv"]').getAttribute('href');
      const csv = await page.evaluate((href) => fetch(href!).then((r) => r.text()), csvHref);
      expect(csv.split('\r\n')[1]).toMatch(/^99002,.*,designated,2026-02-01,31\/QĐ-UBND,/);

      // The campaign's details are edited in place; the API keeps the new version.
      await page.click('[data-testid="campaign-edit"] summary');
      await page.fill('[data-testid="campaign-edit-name"]', 'Xây dựng xã biên giới không ma túy 2026 – đợt 1 (kiểm thử)');
      await page.click('[data-testid="campaign-edit-save"]');
      await expect.poll(() => page.innerText('#campaign-title'), { timeout: 15_000 }).toBe('Xây dựng xã biên giới không ma túy 2026 – đợt 1 (kiểm thử)');
      expect(pageErrors).toEqual([]);
    });
  });
}
