import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness.ts';
import { hasChromium, inCi } from '../support/env.ts';
import { openLoggedIn, startAppUnderTest, type AppUnderTest } from './app-under-test.ts';

/**
 * The province view in real Chromium (Vietnamese), with two small real provinces beside the demo: three communes
 * of the demo's geometry each, as Điện Biên (11) and Lai Châu (12). The header's picker, the national dashboard's
 * table, the demo badge, the view in the address bar, search across provinces, and the table on a phone. The two
 * provinces are removed afterwards: the suites that follow expect the demo alone.
 */
export function nationalBrowserSuite(h: Harness) {
  describe.skipIf(!hasChromium && !inCi)('the province view in Chromium', () => {
    let app: AppUnderTest;
    let page: Page;
    let demoName = '';
    let otherDemos: string[] = [];
    /** The demo as the picker lists it: marked "(dữ liệu mẫu)" once, whether or not its name already says so. */
    const demoLabel = () => (demoName.includes('(dữ liệu mẫu)') ? demoName : `${demoName} (dữ liệu mẫu)`);
    const pageErrors: string[] = [];

    const cleanUp = async () => {
      await h.db.query(`DELETE FROM commune WHERE province_code IN ('11', '12')`);
      await h.db.query(`DELETE FROM province WHERE code IN ('11', '12')`);
    };

    const pickerValue = () => page.locator('[data-testid="province-picker"]').inputValue();
    const pickerText = () => page.locator('[data-testid="province-picker"] option:checked').innerText();
    const scope = () => page.locator('[data-testid="dashboard-scope"]').innerText();
    const waitForView = async (value: string) => {
      await expect.poll(pickerValue).toBe(value);
      await page.waitForSelector('[data-map-ready="true"]', { timeout: 45_000 });
      await page.waitForSelector('[data-testid="province-picker"]:not([disabled])', { timeout: 45_000 });
    };

    beforeAll(async () => {
      await cleanUp();
      [{ name: demoName }] = await h.db.query<{ name: string }>(`SELECT name FROM province WHERE code = '99'`);
      // Other suites' demo fixture provinces may still be there: the picker lists them after the real ones.
      otherDemos = (
        await h.db.query<{ name: string }>(
          `SELECT name FROM province p WHERE is_demo AND code <> '99' AND EXISTS (SELECT 1 FROM commune c WHERE c.province_code = p.code) ORDER BY code`,
        )
      ).map((r) => (r.name.includes('(dữ liệu mẫu)') ? r.name : `${r.name} (dữ liệu mẫu)`));
      await h.db.transaction(async (tx) => {
        await tx.query(`INSERT INTO province (code, name) VALUES ('11', 'Điện Biên'), ('12', 'Lai Châu')`);
        for (const [code, dx, suffix] of [
          ['11', 0, 'Điện Thử'],
          ['12', 0.6, 'Lai Thử'],
        ] as const) {
          await tx.query(
            `INSERT INTO commune (code, province_code, name, kind, population, geom, area_km2)
             SELECT $1 || substr(code, 3), $1, name || ' ' || $3, kind, population, ST_Translate(geom, $2, 0), area_km2
             FROM commune WHERE code IN ('99001', '99002', '99003')`,
            [code, dx, suffix],
          );
        }
      });
      app = await startAppUnderTest(h);
      page = await openLoggedIn(app, 'admin', pageErrors, { viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    });

    afterAll(async () => {
      if (page) await page.screenshot({ path: 'test-results/national.png', fullPage: true }).catch(() => {});
      await app?.close();
      await cleanUp();
    });

    it('the picker lists the whole country, each real province and the demo marked as such', async () => {
      await page.waitForSelector('[data-testid="province-picker"] option:nth-child(4)', { state: 'attached', timeout: 10_000 });
      const labels = await page.locator('[data-testid="province-picker"] option').allInnerTexts();
      expect(labels.slice(0, 3)).toEqual(['Toàn quốc (2 tỉnh)', 'Điện Biên', 'Lai Châu']);
      expect(labels.slice(3).sort()).toEqual([demoLabel(), ...otherDemos].sort());
    });

    it('the default view is the real country: named so, no demo badge, a row per province in the dashboard', async () => {
      expect(await pickerValue()).toBe('');
      expect(await pickerText()).toBe('Toàn quốc (2 tỉnh)');
      expect(await page.locator('[data-testid="demo-badge"]').count()).toBe(0);
      await expect.poll(scope).toBe('Toàn quốc (2 tỉnh) · 6 xã, phường');
      await page.waitForSelector('[data-testid="province-table"] tbody tr', { timeout: 10_000 });
      const rows = await page.locator('[data-testid="province-table"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')));
      expect(rows).toEqual(['province-row-11', 'province-row-12']);
      expect(await page.locator('[data-testid="province-row-11"] td').first().innerText()).toBe('3');
      expect(new URL(page.url()).searchParams.get('p')).toBeNull();
    });

    it('the table sorts from the keyboard', async () => {
      await page.focus('[data-testid="province-sort-name"]');
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.locator('[data-testid="province-table"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid'))))
        .toEqual(['province-row-12', 'province-row-11']);
      expect(await page.locator('[data-testid="province-table"] th[aria-sort="descending"]').count()).toBe(1);
    });

    it('a province of the table opens its own view, in the address bar too', async () => {
      await page.click('[data-testid="province-row-11"] th button');
      await waitForView('11');
      await expect.poll(() => new URL(page.url()).searchParams.get('p')).toBe('11');
      await expect.poll(scope).toContain('Điện Biên');
      expect(await page.locator('[data-testid="province-table"]').count()).toBe(0);
      expect(await page.locator('[data-testid="demo-badge"]').count()).toBe(0);
    });

    it('the demo view shows the badge and its 45 communes, and survives a reload', async () => {
      await page.selectOption('[data-testid="province-picker"]', '99');
      await waitForView('99');
      await page.waitForSelector('[data-testid="demo-badge"]', { timeout: 10_000 });
      await expect.poll(scope).toContain('45 xã, phường');
      await expect.poll(() => new URL(page.url()).searchParams.get('p')).toBe('99');
      await page.reload();
      await waitForView('99');
      await page.waitForSelector('[data-testid="demo-badge"]', { timeout: 10_000 });
      await expect.poll(scope).toContain('45 xã, phường');
      expect(await pickerText()).toBe(demoLabel());
    });

    it('search names each hit\'s province, and a commune of another province opens in its province\'s view', async () => {
      await page.fill('[data-testid="search-input"]', 'Lai Thu');
      await page.waitForSelector('[data-testid="search-results"] [role="option"][data-in-view="false"]', { timeout: 10_000 });
      const first = page.locator('[data-testid="search-results"] [role="option"]').first();
      expect(await first.locator('.name').innerText()).toMatch(/Lai Thử — Lai Châu$/);
      await page.press('[data-testid="search-input"]', 'Enter');
      await waitForView('12');
      await expect.poll(() => new URL(page.url()).searchParams.get('p')).toBe('12');
      await page.waitForFunction(() => document.querySelector('[data-testid="commune-detail-name"]')?.textContent?.includes('Lai Thử'), null, { timeout: 10_000 });
      expect(await page.locator('[data-testid="demo-badge"]').count()).toBe(0);
    });

    it('search finds a province and choosing it switches the view', async () => {
      await page.fill('[data-testid="search-input"]', 'dien bien');
      const hit = '[data-testid="search-results"] [role="option"][data-kind="province"][data-in-view="false"]';
      await page.waitForSelector(hit, { timeout: 10_000 });
      expect(await page.locator(hit).first().locator('.name').innerText()).toBe('Điện Biên');
      await page.click(hit);
      await waitForView('11');
      expect(pageErrors).toEqual([]);
    });

    it('on a 390 px phone the table scrolls inside its frame, not the page', async () => {
      const phoneErrors: string[] = [];
      const phone = await openLoggedIn(app, 'admin', phoneErrors, { viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
      try {
        await phone.waitForSelector('[data-testid="province-table"] tbody tr', { timeout: 10_000 });
        const widths = await phone.evaluate(() => {
          const frame = document.querySelector('[data-testid="province-table"] .scroll') as HTMLElement;
          return { page: document.documentElement.scrollWidth, frame: frame.clientWidth, table: frame.scrollWidth };
        });
        expect(widths.page).toBeLessThanOrEqual(390);
        expect(widths.table).toBeGreaterThan(widths.frame);
        await phone.locator('[data-testid="province-table"]').screenshot({ path: 'test-results/national-phone.png' });
        expect(phoneErrors).toEqual([]);
      } finally {
        await phone.close();
      }
    });
  });
}
