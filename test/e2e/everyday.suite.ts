import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness, TestUser } from '../support/harness.ts';
import { hasChromium, inCi, TEST_TODAY } from '../support/env.ts';
import type { IndicatorsResponse } from '../../server/schemas/indicators.ts';
import type { CommuneDetail, HqProperties } from '../../server/schemas/api.ts';
import type { BorderGateProperties } from '../../client/api/client.ts';
import { GATE_COLOURS } from '../../client/map/colours.ts';
import { vi } from '../../client/i18n/vi.ts';
import { logIn, startAppUnderTest, type AppUnderTest } from './app-under-test.ts';

const run = promisify(execFile);
type PostureWindow = { __posture: { map: import('maplibre-gl').Map } };
type Fc<P> = { features: { id?: number; geometry: { coordinates: [number, number] }; properties: P }[] };

const nextDay = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const later = (a: string, b: string) => (a > b ? a : b);

/**
 * Everyday work in the built client in Chromium: a planner records a status and edits an HQ from the panels and
 * sees the map, the dashboard and the history follow; a highlighted figure follows the date; the briefing shows and
 * names the border gates; the selection CSV keeps its byte-order mark. Registered last: it writes records.
 */
export function everydayBrowserSuite(h: Harness) {
  describe.skipIf(!hasChromium && !inCi)('everyday work in Chromium', () => {
    let app: AppUnderTest;
    let downloads: string;
    const pageErrors: string[] = [];
    const consoleLines: string[] = [];

    beforeAll(async () => {
      app = await startAppUnderTest(h);
      downloads = await mkdtemp(join(tmpdir(), 'posture-everyday-'));
    });

    afterAll(async () => {
      await app?.close();
      if (downloads) await rm(downloads, { recursive: true, force: true });
    });

    /** A page opened on `query` (a shared link), through the login page, as `user`. */
    async function open(user: TestUser, query: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
      const page = await app.browser.newPage({ viewport, acceptDownloads: true, locale: 'vi-VN' });
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.on('console', (m) => consoleLines.push(m.text()));
      await page.goto(`${app.baseUrl}/${query}`);
      await logIn(page, user);
      return page;
    }

    /** A GET of the API from the page, with the page's session. */
    const get = <T,>(page: Page, path: string) =>
      page.evaluate(async (p) => {
        const res = await fetch(p);
        if (!res.ok) throw new Error(`${p}: ${res.status}`);
        return res.json();
      }, path) as Promise<T>;

    const figures = (page: Page) =>
      page.$$eval('[data-testid^="indicator-"]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-testid')!.slice(10), e.getAttribute('data-value')])));

    const figureOf = (data: IndicatorsResponse, id: string) => String(data.items.find((i) => i.id === id)!.current.value);

    /** Brings `bbox` into view and waits for the map to draw it. */
    const showOnMap = (page: Page, bbox: number[], zoom?: number) =>
      page.evaluate(
        ([box, z]) =>
          new Promise<void>((resolve) => {
            const map = (window as unknown as PostureWindow).__posture.map;
            if (z) map.jumpTo({ center: [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2], zoom: z });
            else map.fitBounds(box as [number, number, number, number], { duration: 0, padding: 40 });
            map.once('idle', () => resolve());
            map.triggerRepaint();
          }),
        [bbox, zoom] as const,
      );

    /** A rendered feature property of one commune or HQ, read from the tiles the map drew. */
    const rendered = (page: Page, layer: 'commune-fill' | 'hq-point', match: { key: string; value: string | number }, prop: string) =>
      page.evaluate(
        ([l, m, p]) => {
          const map = (window as unknown as PostureWindow).__posture.map;
          const f = map.queryRenderedFeatures(undefined, { layers: [l] }).find((x) => (m.key === 'id' ? x.id === m.value : String(x.properties[m.key]) === String(m.value)));
          return f ? String(f.properties[p] ?? '') : null;
        },
        [layer, match, prop] as const,
      );

    it('lets a planner record a status from the commune panel, and the map, dashboard and history follow', async () => {
      // The planner's communes; a record may only be added after the latest of its kind.
      const probe = await open('plannerTwo', `?asOf=${TEST_TODAY}`);
      const code = '99002';
      const before = await get<CommuneDetail>(probe, `/api/communes/${code}?asOf=${TEST_TODAY}`);
      const latest = before.properties.history.filter((r) => r.kind === 'safe_standard').map((r) => r.validFrom).sort().at(-1);
      const from = latest && latest >= TEST_TODAY ? nextDay(latest) : TEST_TODAY;
      await probe.close();

      const page = await open('plannerTwo', `?asOf=${from}&commune=${code}`);
      await page.waitForSelector('[data-testid="commune-detail-name"]:not(:empty)');
      const detail = await get<CommuneDetail>(page, `/api/communes/${code}?asOf=${from}`);
      const current = detail.properties.safe_standard;
      const target = current === 'met' ? 'not_met' : 'met';
      const bbox = (await get<{ items: { code: string; bbox: number[] }[] }>(page, `/api/communes/summaries?asOf=${from}`)).items.find((c) => c.code === code)!.bbox;
      await showOnMap(page, bbox);
      await expect.poll(() => rendered(page, 'commune-fill', { key: 'code', value: code }, 'safe_standard')).toBe(current);
      const dashboardBefore = await get<IndicatorsResponse>(page, `/api/indicators?asOf=${from}`);
      await expect.poll(async () => (await figures(page)).safe_standard).toBe(figureOf(dashboardBefore, 'safe_standard'));

      await page.click('[data-testid="record-status"]');
      await page.selectOption('[data-testid="status-kind"]', 'safe_standard');
      await page.selectOption('[data-testid="status-value"]', target);
      // The form offers today, the server's date, to start from (as the field writes it).
      expect([TEST_TODAY, vi.formatDate(TEST_TODAY)]).toContain(await page.inputValue('[data-testid="status-valid-from"]'));
      await page.fill('[data-testid="status-valid-from"]', from);
      await page.fill('[data-testid="status-decision-no"]', '812/QĐ-UBND-KT');
      await page.fill('[data-testid="status-note"]', 'Kiểm tra "đạt chuẩn" — đợt 2');
      await page.click('[data-testid="status-submit"]');
      await expect.poll(() => page.textContent('[data-testid="edit-saved"]')).toContain(vi.statusKinds.safe_standard.values[target]);

      // The history lists the new record, the map's tiles and the dashboard were read again.
      const history = page.locator('[data-testid="status-history"] li', { hasText: '812/QĐ-UBND-KT' });
      await expect.poll(() => history.count()).toBe(1);
      await expect(history.innerText()).resolves.toContain(vi.formatDate(from));
      await expect.poll(() => rendered(page, 'commune-fill', { key: 'code', value: code }, 'safe_standard'), { timeout: 20_000 }).toBe(target);
      const dashboardAfter = await get<IndicatorsResponse>(page, `/api/indicators?asOf=${from}`);
      expect(figureOf(dashboardAfter, 'safe_standard')).not.toBe(figureOf(dashboardBefore, 'safe_standard'));
      await expect.poll(async () => (await figures(page)).safe_standard, { timeout: 20_000 }).toBe(figureOf(dashboardAfter, 'safe_standard'));

      // Recording the same day again is refused, and the refusal is shown in the form.
      await page.click('[data-testid="record-status"]');
      await page.selectOption('[data-testid="status-kind"]', 'safe_standard');
      await page.fill('[data-testid="status-valid-from"]', from);
      await page.click('[data-testid="status-submit"]');
      await expect.poll(() => page.locator('[data-testid="status-error"]').isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('[data-testid="status-form"]').count()).toBe(0);
      await page.screenshot({ path: 'test-results/everyday-status.png' });
      await page.close();
    });

    it('lets a planner edit an HQ from its popup on the map: staff and a new status, with the map and dashboard following', async () => {
      const probe = await open('plannerTwo', `?asOf=${TEST_TODAY}`);
      const details = await Promise.all(['99002', '99003'].map((c) => get<CommuneDetail>(probe, `/api/communes/${c}?asOf=${TEST_TODAY}`)));
      const withHq = details.find((d) => d.properties.hqs.length > 0);
      expect(withHq, 'a commune of the planner with an HQ').toBeDefined();
      const hq = withHq!.properties.hqs[0];
      const latest = hq.history.map((r) => r.validFrom).sort().at(-1);
      const from = latest && latest >= TEST_TODAY ? nextDay(latest) : TEST_TODAY;
      await probe.close();

      const page = await open('plannerTwo', `?asOf=${from}`);
      const hqs = await get<Fc<HqProperties>>(page, `/api/hqs?asOf=${from}`);
      const feature = hqs.features.find((f) => f.properties.id === hq.id)!;
      const [lon, lat] = feature.geometry.coordinates;
      const status = feature.properties.status;
      const target = status === 'independent' ? 'shared' : 'independent';
      const dashboardBefore = await get<IndicatorsResponse>(page, `/api/indicators?asOf=${from}`);

      await showOnMap(page, [lon, lat, lon, lat], 12);
      await expect.poll(() => rendered(page, 'hq-point', { key: 'id', value: hq.id }, 'status')).toBe(status ?? '');
      const at = await page.evaluate(([x, y]) => {
        const map = (window as unknown as PostureWindow).__posture.map;
        const p = map.project([x, y]);
        const r = map.getCanvas().getBoundingClientRect();
        return { x: r.left + p.x, y: r.top + p.y };
      }, [lon, lat] as const);
      await page.mouse.click(at.x, at.y);
      await page.click('[data-testid="popup-edit-hq"]');
      await page.waitForSelector('[data-testid="hq-form"]');
      await expect(page.inputValue('[data-testid="hq-name"]')).resolves.toBe(hq.name);

      // The position is offered as it stands; half a position is refused in Vietnamese before anything is sent.
      expect(Number(await page.inputValue('[data-testid="hq-lon"]'))).toBeCloseTo(lon, 5);
      expect(Number(await page.inputValue('[data-testid="hq-lat"]'))).toBeCloseTo(lat, 5);
      const latText = await page.inputValue('[data-testid="hq-lat"]');
      await page.fill('[data-testid="hq-lat"]', 'bắc');
      await page.click('[data-testid="hq-submit"]');
      await expect.poll(() => page.textContent('[data-testid="hq-error"]')).toBe(vi.edit.hqPositionBoth);
      await page.fill('[data-testid="hq-lat"]', latText);

      // Nothing changed: said so, nothing sent.
      await page.click('[data-testid="hq-submit"]');
      await expect.poll(() => page.textContent('[data-testid="hq-error"]')).toBe(vi.edit.nothingChanged);

      // A status dated before the HQ's latest record is refused in Vietnamese, naming the HQ.
      await page.fill('[data-testid="hq-staff"]', String(hq.staffCount + 3));
      await page.selectOption('[data-testid="hq-status"]', target);
      if (latest) {
        await page.fill('[data-testid="hq-status-from"]', latest);
        await page.click('[data-testid="hq-submit"]');
        await expect.poll(() => page.textContent('[data-testid="hq-error"]')).toContain(`trụ sở "${hq.name}"`);
        expect(await page.textContent('[data-testid="hq-error"]')).toMatch(/phải bắt đầu sau/);
      }

      await page.fill('[data-testid="hq-status-from"]', from);
      await page.fill('[data-testid="hq-decision-no"]', '07/QĐ-CAT');
      await page.click('[data-testid="hq-submit"]');
      await expect.poll(() => page.textContent('[data-testid="edit-saved"]')).toContain(hq.name);
      await expect.poll(() => page.locator('.hq-history li', { hasText: '07/QĐ-CAT' }).count()).toBe(1);
      await expect.poll(() => rendered(page, 'hq-point', { key: 'id', value: hq.id }, 'status'), { timeout: 20_000 }).toBe(target);
      await expect.poll(() => rendered(page, 'hq-point', { key: 'id', value: hq.id }, 'staffCount'), { timeout: 20_000 }).toBe(String(hq.staffCount + 3));

      const dashboardAfter = await get<IndicatorsResponse>(page, `/api/indicators?asOf=${from}`);
      expect(figureOf(dashboardAfter, 'officers')).not.toBe(figureOf(dashboardBefore, 'officers'));
      await expect.poll(async () => (await figures(page)).officers, { timeout: 20_000 }).toBe(figureOf(dashboardAfter, 'officers'));
      await expect.poll(async () => (await figures(page)).hq_independent, { timeout: 20_000 }).toBe(figureOf(dashboardAfter, 'hq_independent'));
      // Written through the API docs/api.md documents, with the audit trail.
      const detail = await get<CommuneDetail>(page, `/api/communes/${withHq!.properties.code}?asOf=${from}`);
      const saved = detail.properties.hqs.find((x) => x.id === hq.id)!;
      expect(saved.history.at(-1)).toMatchObject({ status: target, validFrom: from, validTo: null, decisionNo: '07/QĐ-CAT' });
      await page.screenshot({ path: 'test-results/everyday-hq.png' });
      await page.close();
    });

    it('does not offer the forms to a commander', async () => {
      const page = await open('commanderAll', `?asOf=${TEST_TODAY}&commune=99002`);
      await page.waitForSelector('[data-testid="commune-detail-name"]:not(:empty)');
      await page.waitForSelector('[data-testid="status-history"]');
      expect(await page.locator('[data-testid="record-status"]').count()).toBe(0);
      expect(await page.locator('[data-testid^="edit-hq-"]').count()).toBe(0);
      await page.close();
    });

    it('keeps a highlighted figure on the communes behind it at the date shown', async () => {
      const page = await open('commanderAll', `?asOf=${TEST_TODAY}`);
      await page.waitForSelector('[data-testid="indicators"]');
      const now = await get<IndicatorsResponse>(page, `/api/indicators?asOf=${TEST_TODAY}`);
      await expect.poll(async () => (await figures(page)).key_complex).toBe(figureOf(now, 'key_complex'));
      await page.click('[data-testid="indicator-key_complex"]');
      await page.waitForSelector('[data-testid="highlight-box"]');

      const slider = page.locator('[data-testid="year-slider"]');
      const first = Number(await slider.getAttribute('min'));
      await slider.focus();
      await page.keyboard.press('Home');
      const asOf = `${first}-12-31`;
      const then = await get<IndicatorsResponse>(page, `/api/indicators?asOf=${asOf}`);
      const expected = [...then.items.find((i) => i.id === 'key_complex')!.communes].sort();
      expect(expected).not.toEqual([...now.items.find((i) => i.id === 'key_complex')!.communes].sort());
      await expect.poll(async () => (await figures(page)).key_complex, { timeout: 20_000 }).toBe(figureOf(then, 'key_complex'));
      const listed = () => page.$$eval('[data-testid="highlight-box-list"] li', (els) => els.map((e) => e.getAttribute('data-code')!).sort());
      await expect.poll(listed, { timeout: 20_000 }).toEqual(expected);
      await expect(page.innerText('[data-testid="highlight-box"] h3')).resolves.toContain(String(expected.length));
      const onMap = () =>
        page.evaluate(() => {
          const map = (window as unknown as PostureWindow).__posture.map;
          return [...new Set(map.queryRenderedFeatures(undefined, { layers: ['commune-highlight'] }).map((f) => String(f.properties.code)))].sort();
        });
      await expect.poll(onMap, { timeout: 20_000 }).toEqual(expected);
      // The address bar, and so a shared link or a briefing, names the same communes.
      await expect.poll(() => new URL(page.url()).searchParams.get('hl')).toBe(expected.join(','));
      await page.close();
    });

    it('prints the border gates in the briefing: drawn on the map image and named in the PDF legend', async () => {
      const page = await open('commanderAll', `?asOf=${TEST_TODAY}`);
      await page.waitForSelector('[data-testid="indicators"]');
      const gates = await get<Fc<BorderGateProperties>>(page, `/api/border-gates?asOf=${TEST_TODAY}`);
      const bounds = await page.evaluate(() => (window as unknown as PostureWindow).__posture.map.getBounds().toArray().flat());
      const inView = gates.features.filter(({ geometry: { coordinates: [x, y] } }) => x >= bounds[0] && x <= bounds[2] && y >= bounds[1] && y <= bounds[3]);
      expect(inView.length).toBeGreaterThan(0);
      consoleLines.length = 0;

      const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('[data-testid="export-pdf"]')]);
      const pdfFile = join(downloads, 'briefing.pdf');
      await pdf.saveAs(pdfFile);
      await run('pdftoppm', ['-r', '80', '-png', '-singlefile', pdfFile, 'test-results/everyday-briefing']);
      const text = (await run('pdftotext', ['-raw', pdfFile, '-'])).stdout.replace(/\s+/g, ' ');
      // The legend names gates of the printed map under their level.
      expect(Object.values(vi.gateLevels).some((level) => text.includes(`${level}: `))).toBe(true);
      expect(inView.some((g) => text.includes(g.properties.name))).toBe(true);

      const [png] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.click('[data-testid="export-png"]')]);
      const pngFile = join(downloads, 'briefing.png');
      await png.saveAs(pngFile);
      // Pixels of the gate symbols' colours inside the map frame (10–192 mm × 31–175 mm of the A4 page at 150 dpi).
      const colours = Object.values(GATE_COLOURS).map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
      const symbolPixels = await page.evaluate(
        async ([b64, wanted]) => {
          const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const ctx = canvas.getContext('2d')!;
          ctx.drawImage(bitmap, 0, 0);
          const mm = (v: number) => Math.round((v / 25.4) * 150);
          const { data } = ctx.getImageData(mm(10), mm(31), mm(182), mm(144));
          let n = 0;
          for (let i = 0; i < data.length; i += 4) {
            if (wanted.some(([r, g, b]) => Math.abs(data[i] - r) < 10 && Math.abs(data[i + 1] - g) < 10 && Math.abs(data[i + 2] - b) < 10)) n++;
          }
          return n;
        },
        [(await readFile(pngFile)).toString('base64'), colours] as const,
      );
      expect(symbolPixels).toBeGreaterThan(20);
      expect(consoleLines.filter((l) => l.includes('could not be loaded'))).toEqual([]);
      await page.close();
    });

    it('downloads the selection CSV with the byte-order mark the server wrote', async () => {
      const page = await open('commanderAll', `?asOf=${TEST_TODAY}&tab=campaigns&sel=99002,99003`);
      await page.waitForSelector('[data-testid="selection-list"] li[data-code="99003"]', { timeout: 20_000 });
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="selection-export-csv"]')]);
      const file = join(downloads, 'selection.csv');
      await download.saveAs(file);
      const bytes = await readFile(file);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').split('\r\n');
      expect(lines.filter((l) => /^9900[23],/.test(l))).toHaveLength(2);
      await page.close();
    });

    it('keeps the map page usable on a 390 × 844 phone: nothing overlaps, a commune opens in a sheet over the map and closes back to it', async () => {
      const page = await open('commanderAll', `?asOf=${TEST_TODAY}&p=99`, { width: 390, height: 844 });
      const box = async (selector: string) => {
        const b = await page.locator(selector).first().boundingBox();
        expect(b, selector).not.toBeNull();
        return b!;
      };
      const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      await page.screenshot({ path: 'test-results/everyday-phone.png' });

      // The header: the demo badge beside, not over, the title and the view's name.
      const badge = await box('[data-testid="demo-badge"]');
      expect(overlap(badge, await box('header h1'))).toBe(false);
      expect(overlap(badge, await box('header .subtitle'))).toBe(false);
      // The time bar lies within the screen and clear of the scale bar.
      const time = await box('[data-testid="time-control"]');
      expect(time.x).toBeGreaterThanOrEqual(0);
      expect(time.x + time.width).toBeLessThanOrEqual(390);
      expect(overlap(time, await box('.maplibregl-ctrl-scale'))).toBe(false);

      // A tap on a commune opens it in a sheet; the map stays in view above it.
      // A demo commune brought into the upper map, whatever area the view spans (the demo alone, a few provinces
      // or the whole country), then a point of the upper map where a commune is drawn (other layers may lie above
      // it; the tiles may still load).
      const [inside] = await h.db.query<{ lon: number; lat: number }>(
        `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM commune WHERE code = '99001') s`,
      );
      await page.evaluate(({ lon, lat }) => {
        const map = (window as unknown as PostureWindow).__posture.map;
        map.jumpTo({ center: [lon, lat], zoom: 10, padding: { top: 0, left: 0, right: 0, bottom: map.getCanvas().clientHeight * 0.4 } });
      }, inside);
      const findTarget = () =>
        page.evaluate(() => {
          const map = (window as unknown as PostureWindow).__posture.map;
          const r = map.getCanvas().getBoundingClientRect();
          // The whole upper map: in a national view much of the middle is sea or a neighbour.
          for (let y = 0.1; y <= 0.55; y += 0.025) {
            for (let x = 0.05; x <= 0.95; x += 0.025) {
              const hit = map.queryRenderedFeatures([r.width * x, r.height * y], { layers: ['commune-fill'] })[0];
              if (hit) return { x: r.left + r.width * x, y: r.top + r.height * y, code: String(hit.properties.code) };
            }
          }
          return null;
        });
      await expect.poll(findTarget, { timeout: 60_000 }).not.toBeNull();
      const target = await findTarget();
      expect(target).not.toBeNull();
      await page.mouse.click(target!.x, target!.y);
      await page.waitForSelector('[data-testid="commune-detail-name"]:not(:empty)');
      const sheet = await box('[data-testid="commune-detail"]');
      const mapBox = await box('.maplibregl-canvas');
      expect(sheet.y + sheet.height).toBeLessThanOrEqual(845);
      expect(sheet.y - Math.max(mapBox.y, 0)).toBeGreaterThan(200);
      await page.screenshot({ path: 'test-results/everyday-phone-commune.png' });
      await page.click('[data-testid="commune-detail"] button.close');
      await expect.poll(() => page.locator('[data-testid="commune-detail"]').count()).toBe(0);
      expect(await page.locator('.maplibregl-canvas').isVisible()).toBe(true);
      await page.close();
    });

    it('raised no page error', () => {
      expect(pageErrors).toEqual([]);
    });
  });
}
