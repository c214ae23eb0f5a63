import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness.ts';
import { hasChromium, inCi } from '../support/env.ts';
import { openLoggedIn, startAppUnderTest, type AppUnderTest } from './app-under-test.ts';

const FIXTURES = new URL('../fixtures/import/', import.meta.url);

/** The search box of the map page and the Import tab of the administration page, in real Chromium. */
export function importBrowserSuite(h: Harness) {
  describe.skipIf(!hasChromium && !inCi)('search and import in Chromium', () => {
    let app: AppUnderTest;
    let page: Page;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      app = await startAppUnderTest(h);
      page = await openLoggedIn(app, 'admin', pageErrors, { viewport: { width: 1280, height: 860 } });
    });

    afterAll(async () => {
      if (page) await page.screenshot({ path: 'test-results/import.png', fullPage: true }).catch(() => {});
      await h.db.query(`DELETE FROM commune WHERE province_code = '90'`);
      await h.db.query(`DELETE FROM province WHERE code = '90'`);
      await app?.close();
    });

    it('finds a commune typed without tones, picks it with the keyboard and opens its detail', async () => {
      const [c] = await h.db.query<{ code: string; name: string }>(`SELECT code, name FROM commune WHERE code = '99001'`);
      const folded = c.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toUpperCase();
      await page.fill('[data-testid="search-input"]', folded);
      await page.waitForSelector('[data-testid="search-results"] [role="option"][aria-selected="true"]', { timeout: 10_000 });
      const first = await page.locator('[data-testid="search-results"] [role="option"]').first().innerText();
      expect(first).toContain(c.name);
      await expect(page.getAttribute('[data-testid="search-input"]', 'aria-expanded')).resolves.toBe('true');
      await page.press('[data-testid="search-input"]', 'Enter');
      await page.waitForFunction((name) => document.querySelector('[data-testid="commune-detail-name"]')?.textContent?.includes(name), c.name, { timeout: 10_000 });
      await page.screenshot({ path: 'test-results/search.png' });
    });

    it('previews a boundary file with its report and map, and commits it', async () => {
      await page.click('[data-testid="nav-admin"]');
      await page.click('[data-testid="admin-tab-import"]');
      await page.fill('[data-testid="import-province"]', '90');
      await page.fill('[data-testid="import-province-name"]', 'Tỉnh thử nhập dữ liệu');
      await page.setInputFiles('[data-testid="import-file"]', {
        name: 'z-coordinates.geojson',
        mimeType: 'application/geo+json',
        buffer: readFileSync(new URL('z-coordinates.geojson', FIXTURES)),
      });
      expect(await page.isDisabled('[data-testid="import-commit"]')).toBe(true);
      await page.click('[data-testid="import-preview"]');
      await page.waitForSelector('[data-testid="import-summary"]', { timeout: 20_000 });
      await expect(page.locator('[data-testid="import-problems"]').innerText()).resolves.toContain('đối tượng 1 (96001): có tọa độ Z; độ cao đã bị bỏ');
      expect(await page.locator('[data-testid="import-map"] path').count()).toBe(1);
      await page.screenshot({ path: 'test-results/import-preview.png', fullPage: true });
      expect(await page.isDisabled('[data-testid="import-commit"]')).toBe(false);
      await page.click('[data-testid="import-commit"]');
      await page.waitForSelector('[data-testid="import-result"]', { timeout: 20_000 });
      // The demo province is still there: the result points to the section that removes it.
      await page.waitForSelector('[data-testid="import-demo-hint"] a[href="#demo-data"]', { timeout: 10_000 });
      expect(await page.locator('#demo-data [data-testid="demo-province-99"]').count()).toBe(1);
      const [{ n }] = await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM commune WHERE province_code = '90'`);
      expect(n).toBe(1);
    });

    it('shows the server\'s check of a long file feature by feature on the progress bar', async () => {
      // 800 small squares: enough database checks for several progress lines (one at most every 100 ms).
      const features = Array.from({ length: 800 }, (_, i) => {
        const [x, y] = [105 + (i % 40) * 0.01, 21 + Math.floor(i / 40) * 0.01];
        return {
          type: 'Feature',
          properties: { ma_xa: String(96001 + i), ten: `Xã Thử ${i + 1}` },
          geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.009, y], [x + 0.009, y + 0.009], [x, y + 0.009], [x, y]]] },
        };
      });
      await page.setInputFiles('[data-testid="import-file"]', {
        name: 'tam-tram-xa.geojson',
        mimeType: 'application/geo+json',
        buffer: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })),
      });
      // Every state the bar goes through, as a screen reader would hear it.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { progressSeen: string[] }).progressSeen = seen;
        new MutationObserver(() => {
          const bar = document.querySelector('[data-testid="import-progress"] [role="progressbar"]');
          if (bar) seen.push(`${bar.getAttribute('aria-valuenow') ?? '-'} ${bar.getAttribute('aria-label')}`);
        }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow', 'aria-label'] });
      });
      await page.click('[data-testid="import-preview"]');
      await page.waitForSelector('[data-testid="import-summary"]', { timeout: 30_000 });
      const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
      const checks = seen.filter((s) => /Đang kiểm tra trong cơ sở dữ liệu: [\d.]+\/800 đối tượng/.test(s));
      expect(checks.length, seen.join('\n')).toBeGreaterThanOrEqual(2);
      // Determinate: the bar's value follows the count.
      expect(checks.every((s) => /^\d+ /.test(s))).toBe(true);
      expect(await page.locator('[data-testid="import-summary"]').innerText()).toMatch(/800/);
    });

    it('keeps Commit disabled while the report has blocking errors', async () => {
      await page.setInputFiles('[data-testid="import-file"]', {
        name: 'duplicate-codes.geojson',
        mimeType: 'application/geo+json',
        buffer: readFileSync(new URL('duplicate-codes.geojson', FIXTURES)),
      });
      await page.click('[data-testid="import-preview"]');
      await page.waitForSelector('[data-testid="import-blocking"]', { timeout: 20_000 });
      expect(await page.isDisabled('[data-testid="import-commit"]')).toBe(true);
      expect(pageErrors).toEqual([]);
    });
  });
}
