import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness.ts';
import { hasChromium, inCi } from '../support/env.ts';
import { deriveInherited } from '../../server/repositories/crosswalk.ts';
import { openLoggedIn, startAppUnderTest, type AppUnderTest } from './app-under-test.ts';

/**
 * The commune panel of a commune formed by the 2025 mergers, in real Chromium (Vietnamese): its inherited record
 * says where it comes from. Fixture province 92 (shared with the crosswalk API suite, which cleans up after itself).
 */
export function crosswalkBrowserSuite(h: Harness) {
  describe.skipIf(!hasChromium && !inCi)('inherited statuses in the commune panel in Chromium', () => {
    let app: AppUnderTest;
    let page: Page;
    const pageErrors: string[] = [];

    const cleanUp = async () => {
      await h.db.query(`DELETE FROM commune_status WHERE commune_code LIKE '92%'`);
      await h.db.query(`DELETE FROM former_commune_status WHERE old_code IN (SELECT old_code FROM commune_crosswalk WHERE new_code LIKE '92%')`);
      await h.db.query(`DELETE FROM commune_crosswalk WHERE new_code LIKE '92%'`);
      await h.db.query(`DELETE FROM commune WHERE province_code = '92'`);
      await h.db.query(`DELETE FROM province WHERE code = '92'`);
    };

    beforeAll(async () => {
      await cleanUp();
      await h.db.transaction(async (tx) => {
        await tx.query(`INSERT INTO province (code, name, geom) VALUES ('92', 'Tỉnh thử chuyển mã', ST_Multi(ST_MakeEnvelope(103.0, 21.0, 103.1, 21.1, 4326)))`);
        await tx.query(`INSERT INTO commune (code, province_code, name, kind, geom) VALUES ('92001', '92', 'Phường Mường Thanh Thử', 'ward', ST_Multi(ST_MakeEnvelope(103.0, 21.0, 103.1, 21.1, 4326)))`);
        await tx.query(`INSERT INTO commune_crosswalk (old_code, old_name, new_code, effective_date) VALUES ('92101', 'Phường Noong Bua Thử', '92001', '2025-07-01')`);
        await tx.query(`INSERT INTO former_commune_status (old_code, kind, value, valid_from, valid_to) VALUES ('92101', 'key_complex', 'key_complex', '2023-01-01', '2025-07-01')`);
        await deriveInherited(tx, ['92001']);
      });
      app = await startAppUnderTest(h);
      page = await openLoggedIn(app, 'admin', pageErrors, { viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    });

    afterAll(async () => {
      if (page) await page.screenshot({ path: 'test-results/crosswalk.png', fullPage: true }).catch(() => {});
      await cleanUp();
      await app?.close();
    });

    it('shows "Kế thừa từ" with the former commune on the inherited record and on the former commune\'s own record', async () => {
      await page.fill('[data-testid="search-input"]', 'Muong Thanh Thu');
      await page.waitForSelector('[data-testid="search-results"] [role="option"][aria-selected="true"]', { timeout: 10_000 });
      await page.press('[data-testid="search-input"]', 'Enter');
      await page.waitForFunction(() => document.querySelector('[data-testid="commune-detail-name"]')?.textContent?.includes('Phường Mường Thanh Thử'), null, { timeout: 10_000 });
      await page.waitForSelector('[data-testid="inherited-record"]', { timeout: 10_000 });
      await expect(page.locator('[data-testid="inherited-record"] [data-testid="inherited-from"]').innerText()).resolves.toBe('Kế thừa từ Phường Noong Bua Thử (92101)');
      await expect(page.locator('[data-testid="former-record"] [data-testid="inherited-from"]').innerText()).resolves.toContain('Kế thừa từ Phường Noong Bua Thử (92101)');
      await expect(page.locator('[data-testid="former-units"]').innerText()).resolves.toContain('Phường Noong Bua Thử (92101)');
      await page.screenshot({ path: 'test-results/crosswalk-commune.png' });
      expect(pageErrors).toEqual([]);
    });
  });
}
