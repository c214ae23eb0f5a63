import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness.ts';
import { hasChromium, inCi, TEST_TODAY } from '../support/env.ts';
import { openLoggedIn, startAppUnderTest, type AppUnderTest } from './app-under-test.ts';

/** English words that a server or browser message in English would hold and no Vietnamese message does. */
const ENGLISH = /\b(the|must|after|before|commune|date|step|please|fill|field|cannot|allowed|is|of)\b/i;

const vn = (iso: string) => iso.split('-').reverse().join('/');

/**
 * A Vietnamese session in a browser whose language is English (en-US): every date field writes dd/mm/yyyy, and
 * the campaign step form's error paths (a decision after the step, a date going backwards, a text that is not a
 * date) answer in Vietnamese. Two steps of one commune on the default date (today) both go through.
 * The planner's commune 99003 is stepped on the test's today: the suite runs after those that count at that date.
 * The analysis results open in a wide view where every column is in sight.
 */
export function wordsBrowserSuite(h: Harness) {
  describe.skipIf(!hasChromium && !inCi)('Vietnamese words and dates under an English browser', () => {
    let app: AppUnderTest;
    let page: Page;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      app = await startAppUnderTest(h);
      page = await openLoggedIn(app, 'plannerTwo', pageErrors, { viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    });

    afterAll(async () => {
      if (page) await page.screenshot({ path: 'test-results/words.png' }).catch(() => {});
      await app?.close();
    });

    it('writes the header date dd/mm/yyyy in an English browser and reads what is typed day first', async () => {
      expect(await page.evaluate(() => navigator.language)).toBe('en-US');
      const asOf = page.locator('[data-testid="as-of"]');
      expect(await asOf.inputValue()).toBe(vn(TEST_TODAY));
      expect(await asOf.getAttribute('placeholder')).toBe('dd/mm/yyyy');

      await asOf.fill('30/06/2023');
      await expect.poll(() => asOf.getAttribute('data-iso')).toBe('2023-06-30');
      // The slider follows the typed date.
      await expect.poll(() => page.locator('[data-testid="year-value"]').innerText()).toBe('2023');

      // The browser's own order (month first) is not a date here: refused, in Vietnamese, the date kept.
      await asOf.fill('12/31/2020');
      expect(await asOf.getAttribute('aria-invalid')).toBe('true');
      expect(await asOf.getAttribute('data-iso')).toBe('2023-06-30');
      const message = await asOf.evaluate((el) => (el as HTMLInputElement).validationMessage);
      expect(message).toBe('Nhập ngày dạng ngày/tháng/năm, ví dụ 31/12/2025.');

      await asOf.fill(vn(TEST_TODAY));
      await asOf.blur();
      await expect.poll(() => asOf.getAttribute('data-iso')).toBe(TEST_TODAY);
      expect(await asOf.getAttribute('aria-invalid')).toBeNull();
    });

    it('walks a campaign step in Vietnamese: dd/mm/yyyy fields, refusals worded in Vietnamese, two steps on the default date', async () => {
      const created = await h.as('plannerTwo', {
        method: 'POST',
        url: '/api/campaigns',
        payload: { kind: 'transformation', name: 'Chuyển hóa địa bàn 99003 (kiểm thử ngày)', periodStart: '2025-01-01', periodEnd: '2026-12-31', communeCodes: ['99003'] },
      });
      expect(created.statusCode, created.body).toBe(201);

      await page.click('[data-testid="side-tab-campaigns"]');
      await page.click('[data-testid="campaign-list"] button:has-text("Chuyển hóa địa bàn 99003 (kiểm thử ngày)")');
      await page.waitForSelector('[data-testid="campaign-view"] li[data-code="99003"][data-stage="proposed"]', { timeout: 20_000 });
      const li = page.locator('[data-testid="campaign-view"] li[data-code="99003"]');
      const error = page.locator('[data-testid="stage-form"] .error');

      await page.click('[data-testid="advance-99003"]');
      const on = page.locator('[data-testid="stage-on"]');
      const decisionDate = page.locator('[data-testid="stage-decision-date"]');
      // The step's date defaults to today, written day first; the decision date waits for dd/mm/yyyy.
      expect(await on.inputValue()).toBe(vn(TEST_TODAY));
      expect(await decisionDate.getAttribute('placeholder')).toBe('dd/mm/yyyy');

      // A decision dated after the step: the server refuses it, in Vietnamese, with the dates as written here.
      await decisionDate.fill('05/01/2026');
      await page.click('[data-testid="stage-submit"]');
      await expect.poll(() => error.innerText().catch(() => ''), { timeout: 15_000 }).not.toBe('');
      const refusal = await error.innerText();
      expect(refusal).toBe('xã 99003: ngày quyết định 05/01/2026 sau ngày hiệu lực của bước (31/12/2025)');
      expect(refusal).not.toMatch(ENGLISH);

      // A text that is not a date never leaves the browser: the form is held with a Vietnamese message.
      await decisionDate.fill('31/02/2026');
      expect(await decisionDate.evaluate((el) => (el as HTMLInputElement).validationMessage)).toBe('Nhập ngày dạng ngày/tháng/năm, ví dụ 31/12/2025.');
      expect(await page.locator('[data-testid="stage-form"]').evaluate((f) => (f as HTMLFormElement).checkValidity())).toBe(false);

      await decisionDate.fill('20/12/2025');
      await page.fill('[data-testid="stage-decision"]', '45/QĐ-UBND');
      await page.click('[data-testid="stage-submit"]');
      await expect.poll(() => li.getAttribute('data-stage'), { timeout: 20_000 }).toBe('designated');

      // The second step of the day, on the default date: accepted, and it is what the map shows for today.
      await page.click('[data-testid="advance-99003"]');
      expect(await page.locator('[data-testid="stage-select"]').inputValue()).toBe('plan_approved');
      expect(await on.inputValue()).toBe(vn(TEST_TODAY));
      await page.click('[data-testid="stage-submit"]');
      await expect.poll(() => li.getAttribute('data-stage'), { timeout: 20_000 }).toBe('plan_approved');
      const status = await page.evaluate((d) => fetch(`/api/communes/99003?asOf=${d}`).then((r) => r.json()), TEST_TODAY);
      expect(status.properties.transformation).toBe('plan_approved');

      // A date before the previous step's: refused in Vietnamese, dd/mm/yyyy.
      await page.click('[data-testid="advance-99003"]');
      await on.fill('30/12/2025');
      await page.click('[data-testid="stage-submit"]');
      await expect.poll(() => error.innerText().catch(() => ''), { timeout: 15_000 }).toBe(
        'xã 99003: ngày hiệu lực 30/12/2025 trước ngày của bước trước (31/12/2025); ngày các bước không được lùi lại',
      );
      expect(await li.getAttribute('data-stage')).toBe('plan_approved');

      // The steps list writes its dates day first too.
      await page.click('[data-testid="campaign-view"] details:has(ol.steps) summary');
      const steps = await page.locator('[data-testid="campaign-view"] ol.steps').innerText();
      expect(steps).toContain('31/12/2025');
      expect(steps).toContain('(20/12/2025)');
      expect(steps).not.toContain('2025-12-31');

      // The browser's own checks (a required name left empty) speak Vietnamese too, not the browser's English.
      await page.click('[data-testid="campaign-edit"] summary');
      await page.fill('[data-testid="campaign-edit-name"]', '');
      const name = page.locator('[data-testid="campaign-edit-name"]');
      expect(await name.evaluate((el) => (el as HTMLInputElement).form!.checkValidity())).toBe(false);
      expect(await name.evaluate((el) => (el as HTMLInputElement).validationMessage)).toBe('Hãy điền trường này.');
      await name.fill('Chuyển hóa địa bàn 99003 (kiểm thử ngày)');
      expect(await name.evaluate((el) => (el as HTMLInputElement).validationMessage)).toBe('');
      expect(pageErrors).toEqual([]);
    });

    it('shows the analysis results in a wide view with every column in sight, the nearest other HQ among them', async () => {
      await page.click('[data-testid="side-tab-analysis"]');
      await page.click('[data-testid="analysis-run"]');
      await page.waitForSelector('[data-testid="analysis-table"] tbody tr', { timeout: 60_000 });
      // In the side panel most columns lie beyond its edge.
      const panel = await page.locator('[data-testid="analysis-panel"]').boundingBox();
      const headersIn = async (table: string, right: number) =>
        page.locator(`[data-testid="${table}"] thead th`).evaluateAll((ths, r) => ths.filter((th) => th.getBoundingClientRect().right <= r + 1).length, right);
      const columnCount = await page.locator('[data-testid="analysis-table"] thead th').count();
      expect(columnCount).toBe(13);
      expect(await headersIn('analysis-table', panel!.x + panel!.width)).toBeLessThan(columnCount);

      await page.click('[data-testid="analysis-wide-open"]');
      const dialog = page.locator('[data-testid="analysis-wide"]');
      await expect.poll(() => dialog.isVisible()).toBe(true);
      const box = (await dialog.boundingBox())!;
      expect(box.width).toBeGreaterThan(1000);
      expect(await headersIn('analysis-wide-table', box.x + box.width)).toBe(columnCount);
      const headers = await page.locator('[data-testid="analysis-wide-table"] thead th').allInnerTexts();
      expect(headers.join(' | ')).toContain('Trụ sở gần nhất của xã khác');
      const rows = await page.locator('[data-testid="analysis-wide-table"] tbody tr').count();
      expect(rows).toBe(await page.locator('[data-testid="analysis-table"] tbody tr').count());
      await page.click('[data-testid="analysis-wide-close"]');
      await expect.poll(() => dialog.isVisible()).toBe(false);
      expect(pageErrors).toEqual([]);
    });

    it("words a proxy's HTML error page and a lost connection in Vietnamese, never the browser's or the proxy's English", async () => {
      const results = '[data-testid="search-results"] [role="option"]';
      const searchFor = async (text: string) => {
        await page.fill('[data-testid="search-input"]', '');
        await page.fill('[data-testid="search-input"]', text);
        await page.waitForSelector(`${results}[aria-disabled="true"]`, { timeout: 10_000 });
        return page.locator(results).first().innerText();
      };
      await page.route('**/api/search?*', (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }));
      try {
        const proxied = await searchFor('muong');
        expect(proxied).toContain('Máy chủ trả lời lỗi 502 không đọc được');
        expect(proxied).not.toMatch(/Bad Gateway/);
      } finally {
        await page.unroute('**/api/search?*');
      }
      await page.route('**/api/search?*', (route) => route.abort('connectionfailed'));
      try {
        const lost = await searchFor('pha');
        expect(lost).toContain('Không kết nối được với máy chủ');
        expect(lost).not.toMatch(/Failed to fetch|network/i);
      } finally {
        await page.unroute('**/api/search?*');
      }
    });
  });
}
