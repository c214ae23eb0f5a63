import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Harness } from '../support/harness.ts';
import { hasChromium, inCi, TEST_TODAY } from '../support/env.ts';
import type { IndicatorsResponse } from '../../server/schemas/indicators.ts';
import { logIn, openLoggedIn, startAppUnderTest, type AppUnderTest } from './app-under-test.ts';

const run = promisify(execFile);
type PostureWindow = { __posture: { map: import('maplibre-gl').Map } };

/** The commander's dashboard, time control, shared links and briefings, in the built client in Chromium. */
export function dashboardBrowserSuite(h: Harness) {
  describe.skipIf(!hasChromium && !inCi)('commander dashboard in Chromium', () => {
    let app: AppUnderTest;
    let browser: Browser;
    let page: Page;
    let downloads: string;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      app = await startAppUnderTest(h);
      browser = app.browser;
      downloads = await mkdtemp(join(tmpdir(), 'posture-briefing-'));
      page = await openLoggedIn(app, 'commanderAll', pageErrors, { viewport: { width: 1366, height: 820 }, acceptDownloads: true });
      await page.waitForSelector('[data-testid="indicators"]');
    });

    afterAll(async () => {
      if (page) await page.screenshot({ path: 'test-results/dashboard.png' }).catch(() => {});
      await app?.close();
      if (downloads) await rm(downloads, { recursive: true, force: true });
    });

    /** The API's answer, asked from the page with the page's session. */
    const indicators = (query: string) =>
      page.evaluate(async (q) => {
        const res = await fetch(`/api/indicators?${q}`);
        if (!res.ok) throw new Error(`/api/indicators?${q}: ${res.status}`);
        return (await res.json()) as IndicatorsResponse;
      }, query);

    /** Each rendered commune's value of the colour-by property, by code. */
    const renderedValues = (by: string) =>
      page.evaluate((prop) => {
        const map = (window as unknown as PostureWindow).__posture.map;
        const values: Record<string, string> = {};
        for (const f of map.queryRenderedFeatures(undefined, { layers: ['commune-fill'] })) values[String(f.properties.code)] = String(f.properties[prop]);
        return values;
      }, by);

    const figures = () =>
      page.$$eval('[data-testid^="indicator-"]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-testid')!.slice(10), e.getAttribute('data-value')])));

    it('opens on the dashboard with the API figures for the whole province', async () => {
      await expect(page.getAttribute('[data-testid="side-tab-dashboard"]', 'aria-selected')).resolves.toBe('true');
      const api = await indicators(`asOf=${TEST_TODAY}`);
      const shown = await figures();
      for (const item of api.items) expect(shown[item.id], item.id).toBe(String(item.current.value));
      await expect(page.innerText('[data-testid="indicator-key_complex"]')).resolves.toMatch(/^\d+\/\d+\s+xã trọng điểm, phức tạp/);
      // Each figure says how it moved over the year, against the date a year earlier.
      await expect(page.innerText('[data-testid="change-key_complex"]')).resolves.toMatch(/31\/12\/2024/);
    });

    it('recolours the map and recomputes the figures when the year slider moves back', async () => {
      await page.click('[data-testid="side-tab-map"]');
      await page.selectOption('[data-testid="colour-by"]', 'transformation');
      await page.click('[data-testid="side-tab-dashboard"]');
      await page.waitForSelector('[data-testid="indicators"]');
      const before = { colours: await renderedValues('transformation'), figures: await figures() };
      expect(Object.keys(before.colours).length).toBeGreaterThan(20);

      const slider = page.locator('[data-testid="year-slider"]');
      const first = Number(await slider.getAttribute('min'));
      expect(first).toBeLessThan(2025);
      await slider.focus();
      await page.keyboard.press('Home');
      const asOf = `${first}-12-31`;
      await expect.poll(() => page.getAttribute('[data-testid="as-of"]', 'data-iso')).toBe(asOf);
      await expect.poll(() => page.textContent('[data-testid="year-announce"]')).toContain(String(first));
      // The map has been fed the communes as of that date, drawn, and the dashboard recomputed.
      await expect.poll(async () => JSON.stringify(await renderedValues('transformation')), { timeout: 20_000 }).not.toBe(JSON.stringify(before.colours));
      await expect.poll(async () => JSON.stringify(await figures()), { timeout: 20_000 }).not.toBe(JSON.stringify(before.figures));

      const api = await indicators(`asOf=${asOf}`);
      const shown = await figures();
      for (const item of api.items) expect(shown[item.id], item.id).toBe(String(item.current.value));
      const fromApi = await page.evaluate(async (d) => {
        const res = await fetch(`/api/communes?asOf=${d}`);
        const fc = (await res.json()) as { features: { properties: { code: string; transformation: string } }[] };
        return Object.fromEntries(fc.features.map((f) => [f.properties.code, f.properties.transformation]));
      }, asOf);
      const rendered = await renderedValues('transformation');
      for (const [code, value] of Object.entries(rendered)) expect(value, code).toBe(fromApi[code]);
      await page.screenshot({ path: 'test-results/dashboard-first-year.png' });

      await slider.focus();
      await page.keyboard.press('End');
      await expect.poll(() => page.getAttribute('[data-testid="as-of"]', 'data-iso')).toBe(TEST_TODAY);
    });

    it('plays the years from the keyboard, announces each year, and stops', async () => {
      const slider = page.locator('[data-testid="year-slider"]');
      const first = Number(await slider.getAttribute('min'));
      await slider.focus();
      await page.keyboard.press('Home');
      await expect.poll(() => page.getAttribute('[data-testid="as-of"]', 'data-iso')).toBe(`${first}-12-31`);
      await page.locator('[data-testid="time-play"]').focus();
      await page.keyboard.press('Enter');
      await expect(page.getAttribute('[data-testid="time-play"]', 'aria-pressed')).resolves.toBe('true');
      await expect.poll(() => page.textContent('[data-testid="year-announce"]'), { timeout: 15_000 }).toContain(String(first + 1));
      await expect.poll(() => page.getAttribute('[data-testid="as-of"]', 'data-iso')).toBe(`${first + 1}-12-31`);
      await page.keyboard.press('Enter');
      await expect(page.getAttribute('[data-testid="time-play"]', 'aria-pressed')).resolves.toBe('false');
      const stoppedAt = await page.getAttribute('[data-testid="as-of"]', 'data-iso');
      await page.waitForTimeout(2500);
      expect(await page.getAttribute('[data-testid="as-of"]', 'data-iso')).toBe(stoppedAt);
      await slider.focus();
      await page.keyboard.press('End');
      await expect.poll(() => page.getAttribute('[data-testid="as-of"]', 'data-iso')).toBe(TEST_TODAY);
    });

    it('highlights on the map exactly the communes behind a clicked figure', async () => {
      await expect.poll(async () => (await figures()).key_complex).toBe(String((await indicators(`asOf=${TEST_TODAY}`)).items.find((i) => i.id === 'key_complex')!.current.value));
      const api = await indicators(`asOf=${TEST_TODAY}`);
      const expected = [...api.items.find((i) => i.id === 'key_complex')!.communes].sort();
      expect(expected.length).toBeGreaterThan(0);
      await page.click('[data-testid="indicator-key_complex"]');
      await page.waitForSelector('[data-testid="highlight-box"]');
      const listed = await page.$$eval('[data-testid="highlight-box-list"] li', (els) => els.map((e) => e.getAttribute('data-code')!).sort());
      expect(listed).toEqual(expected);
      const onMap = async () =>
        page.evaluate(() => {
          const map = (window as unknown as PostureWindow).__posture.map;
          return [...new Set(map.queryRenderedFeatures(undefined, { layers: ['commune-highlight'] }).map((f) => String(f.properties.code)))].sort();
        });
      await expect.poll(onMap).toEqual(expected);
      await page.screenshot({ path: 'test-results/dashboard-highlight.png' });

      await page.click('[data-testid="clear-highlight"]');
      await expect.poll(onMap).toEqual([]);
      // The map has its own way to clear it, whichever side panel is open.
      await page.click('[data-testid="indicator-key_complex"]');
      await expect.poll(onMap).toEqual(expected);
      await page.click('[data-testid="side-tab-map"]');
      await page.click('[data-testid="map-clear-highlight"]');
      await expect.poll(onMap).toEqual([]);
      await page.click('[data-testid="side-tab-dashboard"]');
      await page.waitForSelector('[data-testid="indicators"]');
    });

    it('reaches the breakdown segments from the keyboard, one tab stop per bar, and highlights with Enter', async () => {
      const api = await indicators(`asOf=${TEST_TODAY}`);
      const segments = api.statusBreakdown.filter((b) => b.kind === 'drug_free' && b.count > 0);
      expect(segments.length).toBeGreaterThan(1);
      const bar = page.locator('[data-testid="status-breakdown"] svg').filter({ has: page.locator('[data-testid^="segment-drug_free-"]') });
      expect(await bar.locator('[tabindex="0"]').count()).toBe(1);
      await bar.locator('[tabindex="0"]').focus();
      await page.keyboard.press('ArrowRight');
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
      expect(focused).toBe(`segment-drug_free-${segments[1].value}`);
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid="highlight-box"]');
      const listed = await page.$$eval('[data-testid="highlight-box-list"] li', (els) => els.map((e) => e.getAttribute('data-code')!).sort());
      expect(listed).toEqual([...segments[1].communes].sort());
      await page.click('[data-testid="clear-highlight"]');
    });

    it('computes the dashboard for communes shift-clicked on the map, and goes back to the province', async () => {
      const target = await page.evaluate(() => {
        const map = (window as unknown as PostureWindow).__posture.map;
        const canvas = map.getCanvas().getBoundingClientRect();
        for (let y = 0.3; y <= 0.7; y += 0.05) {
          for (let x = 0.3; x <= 0.7; x += 0.05) {
            const px: [number, number] = [canvas.width * x, canvas.height * y];
            const hits = map.queryRenderedFeatures(px);
            if (hits.length > 0 && hits[0].layer.id === 'commune-fill') return { x: canvas.left + px[0], y: canvas.top + px[1], code: String(hits[0].properties.code) };
          }
        }
        return null;
      });
      expect(target).not.toBeNull();
      await page.keyboard.down('Shift');
      await page.mouse.click(target!.x, target!.y);
      await page.keyboard.up('Shift');
      await page.waitForSelector('[data-testid="selection-box"]');
      await expect(page.innerText('[data-testid="dashboard-scope"]')).resolves.toContain('1 xã');
      const api = await indicators(`asOf=${TEST_TODAY}&communes=${target!.code}`);
      expect(api.communeCount).toBe(1);
      await expect.poll(async () => page.getAttribute('[data-testid="indicator-key_complex"]', 'data-total')).toBe('1');
      await expect.poll(async () => (await figures()).key_complex).toBe(String(api.items.find((i) => i.id === 'key_complex')!.current.value));
      // No commune detail opened: shift-click selects.
      expect(await page.locator('[data-testid="commune-detail"]').count()).toBe(0);

      await page.click('[data-testid="back-to-province"]');
      const whole = await indicators(`asOf=${TEST_TODAY}`);
      expect(whole.communeCount).toBeGreaterThan(1);
      await expect.poll(async () => page.getAttribute('[data-testid="indicator-key_complex"]', 'data-total')).toBe(String(whole.items.find((i) => i.id === 'key_complex')!.current.total));
    });

    it('keeps the view in the address bar and restores a shared link after the login page', async () => {
      await page.click('[data-testid="side-tab-map"]');
      await page.selectOption('[data-testid="colour-by"]', 'drug_free');
      await expect.poll(() => new URL(page.url()).searchParams.get('by')).toBe('drug_free');
      await page.click('[data-testid="side-tab-dashboard"]');
      // "Copy link" copies the address of this very view.
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
      await page.click('[data-testid="copy-link"]');
      await page.waitForSelector('[data-testid="link-copied"]');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(new URL(copied).searchParams.get('by')).toBe('drug_free');
      expect(new URL(copied).searchParams.get('tab')).toBe('dashboard');
      // The address bar catches up with the view after its debounce.
      await expect.poll(() => page.url()).toBe(copied);

      const shared = `${app.baseUrl}/?asOf=2023-06-30&by=key_complex&tab=map&map=9.4/21.7/103.05&hl=99001,99002&hlOf=key_complex`;
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const other = await context.newPage();
        await other.goto(shared);
        await logIn(other, 'commanderAll');
        await expect(other.getAttribute('[data-testid="as-of"]', 'data-iso')).resolves.toBe('2023-06-30');
        await expect(other.getAttribute('[data-testid="side-tab-map"]', 'aria-selected')).resolves.toBe('true');
        await expect(other.inputValue('[data-testid="colour-by"]')).resolves.toBe('key_complex');
        const camera = await other.evaluate(() => {
          const map = (window as unknown as PostureWindow).__posture.map;
          return { zoom: map.getZoom(), ...map.getCenter() };
        });
        expect(camera.zoom).toBeCloseTo(9.4, 1);
        expect(camera.lat).toBeCloseTo(21.7, 2);
        expect(camera.lng).toBeCloseTo(103.05, 2);
        // The highlight stands for a figure (hlOf): it outlines that figure's communes on the link's date.
        const behind = await other.evaluate(async () => {
          const res = await fetch('/api/indicators?asOf=2023-06-30');
          return ((await res.json()) as IndicatorsResponse).items.find((i) => i.id === 'key_complex')!.communes;
        });
        expect(behind.length).toBeGreaterThan(0);
        await expect
          .poll(async () => JSON.stringify(await other.evaluate(() => (window as unknown as PostureWindow).__posture.map.getFilter('commune-highlight'))))
          .toSatisfy((filter: string) => behind.every((code) => filter.includes(code)));
        // The restored view is written back (nothing lost on the way).
        await expect.poll(() => new URL(other.url()).searchParams.get('asOf')).toBe('2023-06-30');
      } finally {
        await context.close();
      }
    });

    it('drops the communes of a shared link that lie outside the area and computes for the others', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const other = await context.newPage();
        await other.goto(`${app.baseUrl}/?sel=90001,99002`);
        await logIn(other, 'commanderAll');
        await other.waitForSelector('[data-testid="indicators"]');
        await expect.poll(() => other.getAttribute('[data-testid="indicator-key_complex"]', 'data-total')).toBe('1');
        expect(await other.locator('[data-testid="dashboard-error"]').count()).toBe(0);
        await expect.poll(() => new URL(other.url()).searchParams.get('sel')).toBe('99002');
      } finally {
        await context.close();
      }
    });

    it('gives a commune-limited commander the figures of their area, without the province-wide yearly figures', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const other = await context.newPage();
        await other.goto(app.baseUrl);
        await logIn(other, 'commanderOne');
        await other.waitForSelector('[data-testid="indicators"]');
        await expect(other.innerText('[data-testid="dashboard-scope"]')).resolves.toContain('địa bàn được phân công, 1 xã');
        await expect(other.getAttribute('[data-testid="indicator-key_complex"]', 'data-total')).resolves.toBe('1');
        await expect(other.innerText('[data-testid="yearly"]')).resolves.toContain('chỉ có cho toàn tỉnh');
      } finally {
        await context.close();
      }
    });

    it('generates a one-page A4 landscape PDF briefing with a searchable Vietnamese title and the demo mark', async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 90_000 }),
        page.click('[data-testid="export-pdf"]'),
        // The page's own thread is busy drawing the briefing while its progress shows: a loaded machine needs time.
        page.waitForSelector('[data-testid="briefing-progress"]', { timeout: 60_000 }),
      ]);
      expect(download.suggestedFilename()).toMatch(/^bao-cao-tinh-hinh-.+-\d{4}-\d{2}-\d{2}\.pdf$/);
      const file = join(downloads, 'briefing.pdf');
      await download.saveAs(file);
      const info = (await run('pdfinfo', [file])).stdout;
      expect(info).toMatch(/^Pages:\s+1$/m);
      const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
      expect(Number(size![1])).toBeCloseTo(841.89, 0);
      expect(Number(size![2])).toBeCloseTo(595.28, 0);
      const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
      expect(text).toContain('Báo cáo tình hình an ninh, trật tự');
      expect(text).toContain('DỮ LIỆU MẪU / Demo data');
      expect(text).toContain('xã trọng điểm, phức tạp về ANTT');
      await run('pdftoppm', ['-r', '80', '-png', '-singlefile', file, 'test-results/dashboard-briefing-pdf']);
    });

    it('generates a PNG briefing of the A4 page at 150 dpi that is not blank', async () => {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.click('[data-testid="export-png"]')]);
      const file = join(downloads, 'briefing.png');
      await download.saveAs(file);
      const png = await readFile(file);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1754, 1240]);
      // Decoded by the browser: the page, not one flat colour (the map area has many).
      const colours = await page.evaluate(async (b64) => {
        const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        const seen = new Set<string>();
        // Sample the map frame (left two thirds of the page, below the header).
        const { data } = ctx.getImageData(150, 250, 1000, 800);
        for (let i = 0; i < data.length; i += 4 * 97) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
        return seen.size;
      }, png.toString('base64'));
      expect(colours).toBeGreaterThan(50);
      expect(pageErrors).toEqual([]);
    });
  });
}
