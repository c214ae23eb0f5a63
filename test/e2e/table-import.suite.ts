import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness } from '../support/harness.ts';
import { hasChromium, inCi } from '../support/env.ts';
import { demoDataset, removeFixture } from '../support/demo-fixture.ts';
import { writeProvinceDataset } from '../../server/repositories/dataset.ts';
import { openLoggedIn, startAppUnderTest, type AppUnderTest } from './app-under-test.ts';

/**
 * The Import tab's table import (status records) and demo removal, in real Chromium, on fixture province 89 (demo-
 * flagged, three communes). Status dates are in 2019, which no other suite writes.
 */
export function tableImportBrowserSuite(h: Harness) {
  describe.skipIf(!hasChromium && !inCi)('table import and demo removal in Chromium', () => {
    let app: AppUnderTest;
    let page: Page;
    const pageErrors: string[] = [];
    const header = 'commune_code,kind,value,valid_from,valid_to,decision_no,decision_date,note';

    beforeAll(async () => {
      await removeFixture(h.db);
      await h.db.transaction((tx) => writeProvinceDataset(tx, { ...demoDataset(), statuses: [], hqs: [], models: [], teams: [], borderGates: [], villages: [], indicators: [] }));
      app = await startAppUnderTest(h);
      page = await openLoggedIn(app, 'admin', pageErrors, { viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    });

    afterAll(async () => {
      if (page) await page.screenshot({ path: 'test-results/table-import.png', fullPage: true }).catch(() => {});
      await removeFixture(h.db);
      await app?.close();
    });

    const upload = (name: string, text: string) =>
      page.setInputFiles('[data-testid="table-import-file"]', { name, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${text}`, 'utf8') });

    it('offers the status import with its template and columns', async () => {
      await page.click('[data-testid="nav-admin"]');
      await page.click('[data-testid="admin-tab-import"]');
      await page.waitForSelector('[data-testid="table-import-kind-statuses"]', { timeout: 20_000 });
      expect(await page.isChecked('[data-testid="table-import-kind-statuses"]')).toBe(true);
      const href = await page.getAttribute('[data-testid="table-import-template-csv"]', 'href');
      expect(href).toBe('/api/import/statuses/template?format=csv');
      expect(await page.getAttribute('[data-testid="table-import-template-xlsx"]', 'href')).toBe('/api/import/statuses/template?format=xlsx');
      expect((await h.as('admin', { method: 'GET', url: href! })).statusCode).toBe(200);
      await expect(page.locator('[data-testid="table-import-columns"]').innerText()).resolves.toContain('commune_code');
      // Kinds whose server routes are not there are not offered: every radio shown answers its template.
      for (const radio of await page.locator('[data-testid="table-import-kinds"] input[type="radio"]').all()) {
        const kind = await radio.getAttribute('value');
        expect((await h.as('admin', { method: 'GET', url: `/api/import/${kind}/template?format=csv` })).statusCode).toBe(200);
      }
      expect(await page.isDisabled('[data-testid="table-import-commit"]')).toBe(true);
    });

    it('shows the problems of a bad file by row number and keeps Commit disabled', async () => {
      await upload('tinh-trang-loi.csv', [header, '89999,drug_free,building,2019-03-01,,,,', '89001,drug_free,building,2019-02-30,,,,', '89002,drug_free,almost,2019-03-01,,,,'].join('\r\n'));
      await page.click('[data-testid="table-import-preview"]');
      await page.waitForSelector('[data-testid="table-import-problems"]', { timeout: 20_000 });
      await expect(page.locator('[data-testid="table-import-summary"]').innerText()).resolves.toBe('3 dòng dữ liệu · 3 lỗi');
      await expect(page.locator('[data-testid="table-import-blocking"]').innerText()).resolves.toBe('Còn 3 lỗi phải sửa trước khi ghi.');
      const rows = () => page.locator('[data-testid="table-import-problems"] tbody tr td:first-child').allInnerTexts();
      expect(await rows()).toEqual(['2', '3', '4']);
      expect(await page.locator('[data-testid="table-import-problems"] thead th').first().innerText()).toContain('Dòng');
      await expect(page.locator('[data-testid="table-import-problems"] tbody').innerText()).resolves.toContain('89999');
      await page.click('[data-testid="table-import-sort"]');
      expect(await rows()).toEqual(['4', '3', '2']);
      expect(await page.isDisabled('[data-testid="table-import-commit"]')).toBe(true);
      expect((await h.db.query(`SELECT 1 FROM commune_status WHERE commune_code LIKE '89%'`)).length).toBe(0);
    });

    it('previews a good file with no errors, commits it and the record is there', async () => {
      await page.click('[data-testid="table-import-restart"]');
      expect(await page.locator('[data-testid="table-import-summary"]').count()).toBe(0);
      await upload('tinh-trang.csv', [header, '89001,drug_free,building,2019-03-01,,15/QĐ-UBND,20/02/2019,Xây dựng xã không ma túy'].join('\r\n'));
      await page.click('[data-testid="table-import-preview"]');
      await page.waitForSelector('[data-testid="table-import-no-problems"]', { timeout: 20_000 });
      await expect(page.locator('[data-testid="table-import-no-problems"]').innerText()).resolves.toBe('Không có lỗi');
      await expect(page.locator('[data-testid="table-import-summary"]').innerText()).resolves.toBe('1 dòng dữ liệu · 0 lỗi');
      expect(await page.isDisabled('[data-testid="table-import-commit"]')).toBe(false);
      await page.click('[data-testid="table-import-commit"]');
      await page.waitForSelector('[data-testid="table-import-result"]', { timeout: 20_000 });
      await expect(page.locator('[data-testid="table-import-result"]').innerText()).resolves.toBe('Đã ghi: 1 bản ghi mới.');
      expect(await page.isDisabled('[data-testid="table-import-commit"]')).toBe(true);
      const detail = (await h.as('admin', { method: 'GET', url: '/api/communes/89001?asOf=2019-06-01' })).json() as {
        properties: { drugFree?: string; history: { kind: string; value: string; validFrom: string; decisionNo: string | null; note: string | null }[] };
      };
      expect(detail.properties.history).toContainEqual(
        expect.objectContaining({ kind: 'drug_free', value: 'building', validFrom: '2019-03-01', decisionNo: '15/QĐ-UBND', note: 'Xây dựng xã không ma túy' }),
      );
      await page.screenshot({ path: 'test-results/table-import-committed.png', fullPage: true });
    });

    it('a kind that updates what exists says what the commit would create and change, row by row', async () => {
      await page.click('[data-testid="table-import-restart"]');
      await page.check('[data-testid="table-import-kind-teams"]');
      await upload('to-bao-ve.csv', ['commune_code,year,team_count,member_count', '89001,2019,4,17', '89002,2019,2,9'].join('\r\n'));
      await page.click('[data-testid="table-import-preview"]');
      await page.waitForSelector('[data-testid="table-import-plan"]', { timeout: 20_000 });
      await expect(page.locator('[data-testid="table-import-plan"]').innerText()).resolves.toBe('Khi ghi: 2 tạo mới · 0 cập nhật · 0 giữ nguyên.');
      await page.click('[data-testid="table-import-changes"] summary');
      const changes = await page.locator('[data-testid="table-import-changes"] li').allInnerTexts();
      expect(changes).toHaveLength(2);
      expect(changes[0]).toMatch(/^dòng 2/);
      expect(changes[0]).toContain('89001');
      // A preview writes nothing.
      expect((await h.db.query(`SELECT 1 FROM security_team_count WHERE commune_code LIKE '89%'`)).length).toBe(0);
    });

    it('removes the demo province 89 once its code is typed, and only it', async () => {
      const section = '[data-testid="demo-province-89"]';
      await page.waitForSelector(section, { timeout: 20_000 });
      await expect(page.locator(section).innerText()).resolves.toMatch(/Xã, phường\s+3/);
      expect(await page.isDisabled('[data-testid="demo-remove-89"]')).toBe(true);
      await page.fill('[data-testid="demo-confirm-89"]', '98');
      expect(await page.isDisabled('[data-testid="demo-remove-89"]')).toBe(true);
      await page.fill('[data-testid="demo-confirm-89"]', '89');
      await page.click('[data-testid="demo-remove-89"]');
      await page.waitForSelector('[data-testid="demo-removal-result"]', { timeout: 20_000 });
      await expect(page.locator('[data-testid="demo-removal-result"]').innerText()).resolves.toContain('Tỉnh mẫu kiểm thử xóa');
      expect(await page.locator(section).count()).toBe(0);
      const [left] = await h.db.query<{ p: number; c: number; s: number; demo: number }>(
        `SELECT (SELECT count(*)::int FROM province WHERE code = '89') AS p, (SELECT count(*)::int FROM commune WHERE code LIKE '89%') AS c,
           (SELECT count(*)::int FROM commune_status WHERE commune_code LIKE '89%') AS s, (SELECT count(*)::int FROM commune WHERE province_code = '99') AS demo`,
      );
      expect({ p: left.p, c: left.c, s: left.s }).toEqual({ p: 0, c: 0, s: 0 });
      expect(left.demo).toBeGreaterThan(0);
      // The header no longer names the removed province (the view is read again after the removal).
      await page.waitForFunction(
        () => { const text = document.querySelector('.province-name')?.textContent ?? ''; return text !== '' && !text.includes('Tỉnh mẫu kiểm thử xóa'); },
        undefined,
        { timeout: 20_000 },
      );
      expect(pageErrors).toEqual([]);
    });
  });
}
