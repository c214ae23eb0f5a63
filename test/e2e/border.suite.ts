import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness.ts';
import { hasChromium, inCi, TEST_TODAY } from '../support/env.ts';
import { logIn, openLoggedIn, startAppUnderTest, type AppUnderTest } from './app-under-test.ts';
import type { BorderCommuneList } from '../../server/schemas/border.ts';

/** The border tab of the map page, in real Chromium against the real server (shared start-up: app-under-test.ts). */
export function borderBrowserSuite(h: Harness) {
  describe.skipIf(!hasChromium && !inCi)('border view in Chromium', () => {
    let app: AppUnderTest;
    let page: Page;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      app = await startAppUnderTest(h);
      page = await openLoggedIn(app, 'borderAll', pageErrors, { viewport: { width: 1280, height: 860 } });
    });

    afterAll(async () => {
      if (page) await page.screenshot({ path: 'test-results/border.png' }).catch(() => {});
      await app?.close();
    });

    /** The API's answer, fetched in the page with the page's own session. */
    const apiList = () =>
      page.evaluate(async (asOf) => (await (await fetch(`/api/border/communes?asOf=${asOf}`)).json()) as BorderCommuneList, TEST_TODAY);
    const listedCodes = async () =>
      [...new Set(await page.locator('[data-testid^="border-row-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('border-row-'.length))))].sort();

    it('lists the border communes the API returns, with the drug-free indicators', async () => {
      await page.click('[data-testid="side-tab-border"]');
      await page.waitForSelector('[data-testid^="border-row-"]', { timeout: 20_000 });
      const api = await apiList();
      expect(api.communes.length).toBeGreaterThan(0);
      expect(await listedCodes()).toEqual(api.communes.map((c) => c.code).sort());
      const laos = api.communes.filter((c) => c.faces.some((f) => f.countryCode === 'LAO'));
      const certified = laos.filter((c) => c.drugFree === 'certified').length;
      await expect(page.locator('[data-testid="border-indicator-LAO"]').innerText()).resolves.toContain(`${certified}/${laos.length}`);
      await expect(page.locator('[data-testid="border-segment-LAO"]').innerText()).resolves.toMatch(/km/);
    });

    it('answers "which communes facing Laos are not yet drug-free" with two filters', async () => {
      await page.selectOption('[data-testid="border-filter-country"]', 'LAO');
      await page.check('[data-testid="border-filter-not-drug-free"]');
      const expected = (await apiList()).communes
        .filter((c) => c.faces.some((f) => f.countryCode === 'LAO') && c.drugFree !== 'certified')
        .map((c) => c.code)
        .sort();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="border-row-"]').length === n, expected.length);
      expect(await listedCodes()).toEqual(expected);
      await page.uncheck('[data-testid="border-filter-not-drug-free"]');
      await page.selectOption('[data-testid="border-filter-country"]', '');
    });

    it('lets a border officer place a gate by clicking the map and rename a gate', async () => {
      const [gate] = await h.db.query<{ id: number; name: string }>(`SELECT id, name FROM border_gate WHERE commune_code LIKE '99%' AND commune_code IN (SELECT commune_code FROM border_commune) AND closed_on IS NULL ORDER BY id LIMIT 1`);
      try {
        await page.click('[data-testid="gate-pick"]');
        const canvas = await page.locator('.maplibregl-canvas').boundingBox();
        await page.mouse.click(canvas!.x + canvas!.width * 0.6, canvas!.y + canvas!.height * 0.5);
        await page.waitForFunction(() => (document.querySelector('[data-testid="gate-lon"]') as HTMLInputElement).value !== '');
        // The click placed the gate; it did not open a commune.
        expect(await page.locator('[data-testid="commune-detail"]').count()).toBe(0);
        const lon = Number(await page.inputValue('[data-testid="gate-lon"]'));
        expect(lon).toBeGreaterThan(101);
        expect(lon).toBeLessThan(104);

        await page.selectOption('[data-testid="gate-select"]', String(gate.id));
        await page.fill('[data-testid="gate-name"]', `${gate.name} (đã sửa)`);
        await page.click('[data-testid="gate-submit"]');
        await expect(page.locator('[data-testid="gate-message"]').innerText()).resolves.toContain(`${gate.name} (đã sửa)`);
        const [after] = await h.db.query<{ name: string; version: number }>(`SELECT name, version FROM border_gate WHERE id = $1`, [gate.id]);
        expect(after.name).toBe(`${gate.name} (đã sửa)`);
      } finally {
        await h.db.query(`UPDATE border_gate SET name = $2 WHERE id = $1`, [gate.id, gate.name]);
      }
    });

    it('opens the detail of the commune clicked in the list', async () => {
      const row = page.locator('[data-testid^="border-row-"]').first();
      const name = await row.locator('.name').innerText();
      await row.click();
      const detail = page.locator('[data-testid="commune-detail-name"]');
      await detail.waitFor({ timeout: 10_000 });
      await expect(detail.innerText()).resolves.toContain(name.replace(/^(Xã|Phường) /, ''));
      expect(pageErrors).toEqual([]);
    });

    it('lets an administrator change the border-commune distance, which derives the list again', async () => {
      const context = await app.browser.newContext({ viewport: { width: 1280, height: 860 } });
      try {
        const admin = await context.newPage();
        await admin.goto(app.baseUrl);
        await logIn(admin, 'admin');
        await admin.click('[data-testid="side-tab-border"]');
        await admin.waitForSelector('[data-testid^="border-row-"]', { timeout: 20_000 });
        const before = await admin.evaluate(async () => (await (await fetch('/api/border/settings')).json()) as { distanceM: number; borderCommuneCount: number });
        const setTo = async (metres: number) => {
          await admin.fill('[data-testid="border-setting-distance"]', String(metres));
          await admin.click('[data-testid="border-setting-save"]');
          await admin.waitForSelector('[data-testid="border-setting"] [role="status"]');
          await expect.poll(() => admin.evaluate(async () => ((await (await fetch('/api/border/settings')).json()) as { distanceM: number }).distanceM)).toBe(metres);
        };
        await admin.click('[data-testid="border-setting"] summary');
        await admin.waitForSelector('[data-testid="border-setting-distance"]:not([disabled])');
        // The demo border communes all touch the line: at 0 m the same communes remain.
        await setTo(0);
        await expect.poll(() => admin.innerText('[data-testid="border-panel"] .rule')).toMatch(/ 0 m\b/);
        await expect(admin.innerText('[data-testid="border-setting"] [role="status"]')).resolves.toContain(`${before.borderCommuneCount} xã biên giới`);
        await setTo(before.distanceM);
      } finally {
        await context.close();
      }
    });
  });
}
