import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness.ts';
import { hasChromium, inCi } from '../support/env.ts';
import { openLoggedIn, startAppUnderTest, type AppUnderTest } from './app-under-test.ts';

/** Personal access tokens from the user menu, in real Chromium, used by a program over HTTP. */
export function tokensBrowserSuite(h: Harness) {
  describe.skipIf(!hasChromium && !inCi)('access tokens in the user menu', () => {
    let app: AppUnderTest;
    let page: Page;
    const errors: string[] = [];
    let secret = '';

    beforeAll(async () => {
      app = await startAppUnderTest(h);
      page = await openLoggedIn(app, 'commanderOne', errors, { viewport: { width: 1280, height: 800 }, locale: 'en-US' });
      page.on('dialog', (d) => void d.accept());
    });

    afterAll(async () => {
      await app?.close();
    });

    const fromProgram = (token: string) =>
      fetch(`${app.baseUrl}/ogc/collections/communes/items?limit=100`, { headers: { authorization: `Bearer ${token}`, accept: 'application/geo+json' } });

    it('creates a token from the user menu, read-only by default, shown once, in Vietnamese', async () => {
      await page.click('[data-testid="user-menu"]');
      await page.click('[data-testid="manage-tokens"]');
      await page.waitForSelector('[data-testid="tokens-dialog"]');
      expect(await page.textContent('[data-testid="tokens-dialog"] h2')).toBe('Mã truy cập cá nhân');
      expect(await page.isChecked('[data-testid="token-read-only"]')).toBe(true);
      // Validities name their last day as dd/mm/yyyy, whatever the browser's language.
      expect(await page.textContent('[data-testid="token-days"] option:checked')).toMatch(/đến hết ngày \d{2}\/\d{2}\/\d{4}/);
      await page.fill('[data-testid="token-name"]', 'QGIS phòng kế hoạch');
      await page.click('[data-testid="token-create"]');
      await page.waitForSelector('[data-testid="token-secret"]');
      secret = await page.inputValue('[data-testid="token-secret"]');
      expect(secret).toMatch(/^pst_/);
      const row = page.locator('[data-testid="token-row"]', { hasText: 'QGIS phòng kế hoạch' });
      expect(await row.getAttribute('data-state')).toBe('active');
      expect(await row.textContent()).toContain('Chỉ đọc');
      expect(errors).toEqual([]);
    });

    it("lets a program read the user's area with it, and nothing else", async () => {
      const res = await fromProgram(secret);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { features: { properties: { code: string } }[] };
      expect(body.features.map((f) => f.properties.code)).toEqual(['99001']);
    });

    it('revokes it: the row says so and the program is refused at once', async () => {
      const row = page.locator('[data-testid="token-row"]', { hasText: 'QGIS phòng kế hoạch' });
      await row.locator('[data-testid="token-revoke"]').click();
      await page.waitForSelector('[data-testid="token-row"][data-state="revoked"]');
      expect(await page.locator('[data-testid="token-row"][data-state="revoked"]').first().textContent()).toContain('Đã thu hồi');
      expect((await fromProgram(secret)).status).toBe(401);
      expect(errors).toEqual([]);
    });
  });
}
