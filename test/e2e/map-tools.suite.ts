import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Harness, TestUser } from '../support/harness.ts';
import { hasChromium, inCi, TEST_TODAY } from '../support/env.ts';
import type { HqProperties } from '../../server/schemas/api.ts';
import { vn2000Tm3 } from '../../server/import/projections.ts';
import { vi } from '../../client/i18n/vi.ts';
import { formatDecimal } from '../../client/map/coordinates.ts';
import { colourEntries } from '../../client/map/colours.ts';
import { auditFieldLabel, colourByLabel } from '../../client/i18n/labels.ts';
import { STATUS_KIND_NAMES } from '../../server/domain.ts';
import type { CommuneDetail } from '../../server/schemas/api.ts';
import type { IndicatorsResponse } from '../../server/schemas/indicators.ts';
import { logIn, startAppUnderTest, type AppUnderTest } from './app-under-test.ts';

type PostureWindow = { __posture: { map: import('maplibre-gl').Map } };
type Fc<P> = { features: { id?: number; geometry: { coordinates: [number, number] }; properties: P }[] };

/**
 * The map's GIS tools in the built client in Chromium: measuring a geodesic distance and area against PostGIS,
 * the pointer's coordinates against MapLibre's own projection and the importer's VN-2000 transform, going to typed
 * coordinates with its errors in Vietnamese, fullscreen, and all of it on a phone; and what a user reads first: the
 * legend on the opening tab, a commune's history by status kind, overdue campaign milestones, no empty figures.
 * Writes one campaign (commune 99002), read by no later suite.
 */
export function mapToolsBrowserSuite(h: Harness) {
  describe.skipIf(!hasChromium && !inCi)('map tools in Chromium', () => {
    let app: AppUnderTest;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      app = await startAppUnderTest(h);
    });

    afterAll(async () => {
      await app?.close();
    });

    async function open(user: TestUser, query: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
      const page = await app.browser.newPage({ viewport, locale: 'vi-VN' });
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await page.goto(`${app.baseUrl}/${query}`);
      await logIn(page, user);
      return page;
    }

    const get = <T,>(page: Page, path: string) =>
      page.evaluate(async (p) => {
        const res = await fetch(p);
        if (!res.ok) throw new Error(`${p}: ${res.status}`);
        return res.json();
      }, path) as Promise<T>;

    /** Moves the camera and waits for the map to settle. */
    const fit = (page: Page, bbox: number[], padding = 120) =>
      page.evaluate(
        ([box, pad]) =>
          new Promise<void>((resolve) => {
            const map = (window as unknown as PostureWindow).__posture.map;
            map.fitBounds(box as [number, number, number, number], { duration: 0, padding: pad });
            map.once('idle', () => resolve());
            map.triggerRepaint();
          }),
        [bbox, padding] as const,
      );

    /** The page position (CSS pixels) where the map draws a longitude/latitude. */
    const onPage = (page: Page, lonLat: [number, number]) =>
      page.evaluate(([x, y]) => {
        const map = (window as unknown as PostureWindow).__posture.map;
        const p = map.project([x, y]);
        const r = map.getCanvas().getBoundingClientRect();
        return { x: r.left + p.x, y: r.top + p.y };
      }, lonLat);

    const centre = (page: Page) =>
      page.evaluate(() => {
        const c = (window as unknown as PostureWindow).__posture.map.getCenter();
        return [c.lng, c.lat] as [number, number];
      });

    it('measures the distance between two HQs and the area between three as PostGIS does, within 0.5 %', async () => {
      const page = await open('commanderAll', `?asOf=${TEST_TODAY}`);
      const hqs = await get<Fc<HqProperties>>(page, `/api/hqs?asOf=${TEST_TODAY}`);
      // Three HQs of the demo province, a few kilometres apart at least (so a pixel is a small share of the distance).
      const demo = hqs.features.filter((f) => f.properties.communeCode.startsWith('99'));
      const [a, b, c] = demo;
      expect(c, 'three demo HQs').toBeDefined();
      const ids = [a, b, c].map((f) => f.properties.id);
      const xs = [a, b, c].map((f) => f.geometry.coordinates[0]);
      const ys = [a, b, c].map((f) => f.geometry.coordinates[1]);
      await fit(page, [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], 160);

      await page.click('[data-testid="tool-measure"]');
      await page.waitForSelector('[data-testid="measure-panel"]');
      for (const f of [a, b]) {
        const at = await onPage(page, f.geometry.coordinates);
        // A few pixels off the symbol: the point snaps onto the HQ.
        await page.mouse.click(at.x + 3, at.y - 2);
      }
      const result = page.locator('[data-testid="measure-result"]');
      await expect.poll(() => result.getAttribute('data-points')).toBe('2');
      const measured = Number(await result.getAttribute('data-length-m'));

      const [{ metres }] = await h.db.query<{ metres: number }>(
        'SELECT ST_Distance(a.geom::geography, b.geom::geography) AS metres FROM police_hq a, police_hq b WHERE a.id = $1 AND b.id = $2',
        [ids[0], ids[1]],
      );
      expect(metres).toBeGreaterThan(1000);
      expect(Math.abs(measured - Number(metres)) / Number(metres)).toBeLessThan(0.005);
      // Shown in Vietnamese number format, in km.
      const km = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(measured / 1000);
      await expect(page.textContent('[data-testid="measure-length"]')).resolves.toBe(`${km} km`);
      // A click while measuring opened neither the HQ's popup nor a commune.
      expect(await page.locator('.maplibregl-popup').count()).toBe(0);
      expect(await page.locator('[data-testid="commune-detail-name"]').count()).toBe(0);

      // The third HQ and the area of the triangle, against PostGIS on the geography.
      const third = await onPage(page, c.geometry.coordinates);
      await page.mouse.click(third.x, third.y);
      await page.check('[data-testid="measure-area"]');
      await expect.poll(() => result.getAttribute('data-points')).toBe('3');
      const areaKm2 = Number(await result.getAttribute('data-area-km2'));
      const [{ km2 }] = await h.db.query<{ km2: number }>(
        `SELECT ST_Area(ST_MakePolygon(ST_MakeLine(ARRAY[a.geom, b.geom, c.geom, a.geom]))::geography) / 1e6 AS km2
           FROM police_hq a, police_hq b, police_hq c WHERE a.id = $1 AND b.id = $2 AND c.id = $3`,
        ids,
      );
      expect(Math.abs(areaKm2 - Number(km2)) / Number(km2)).toBeLessThan(0.005);
      console.info(
        `measure: ${measured.toFixed(3)} m vs PostGIS ${Number(metres).toFixed(3)} m (${((measured / Number(metres) - 1) * 100).toExponential(2)} %); ` +
          `${areaKm2.toFixed(6)} km² vs ${Number(km2).toFixed(6)} km² (${((areaKm2 / Number(km2) - 1) * 100).toExponential(2)} %)`,
      );

      // Keyboard: the map's centre as a point, then taken back; Escape closes the tool.
      await page.focus('[data-testid="measure-add-centre"]');
      await page.keyboard.press('Enter');
      await expect.poll(() => result.getAttribute('data-points')).toBe('4');
      await page.focus('[data-testid="measure-undo"]');
      await page.keyboard.press('Enter');
      await expect.poll(() => result.getAttribute('data-points')).toBe('3');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('[data-testid="measure-panel"]').count()).toBe(0);
      await page.screenshot({ path: 'test-results/map-tools-measure.png' });
      await page.close();
    });

    it('shows the pointer’s coordinates in WGS 84 and VN-2000 as MapLibre and the importer’s transform compute them', async () => {
      const page = await open('commanderAll', `?asOf=${TEST_TODAY}`);
      // Wait for the map to come to rest (it may still be settling after the log-in), then note the pixel MapLibre
      // reads from the next pointer move (the browser may round the pointer's position).
      await page.evaluate(() => new Promise<void>((resolve) => {
        const map = (window as unknown as PostureWindow).__posture.map;
        if (!map.isMoving()) resolve();
        else map.once('moveend', () => resolve());
      }));
      type Seen = { __seen?: [number, number] };
      await page.evaluate(() => {
        (window as unknown as PostureWindow).__posture.map.on('mousemove', (e) => ((window as Seen).__seen = [e.point.x, e.point.y]));
      });
      const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.37, box.y + box.height * 0.61);
      await expect.poll(() => page.evaluate(() => !!(window as Seen).__seen)).toBe(true);
      const px = await page.evaluate(() => (window as Seen).__seen!);
      const readout = page.locator('[data-testid="cursor-coords"]');
      await expect.poll(() => readout.getAttribute('data-pointer')).toBe('true');
      const expected = await page.evaluate(([x, y]) => {
        const ll = (window as unknown as PostureWindow).__posture.map.unproject([x, y]);
        return [ll.lng, ll.lat] as [number, number];
      }, px);
      const gap = async () => Math.max(Math.abs(Number(await readout.getAttribute('data-lon')) - expected[0]), Math.abs(Number(await readout.getAttribute('data-lat')) - expected[1]));
      await expect.poll(gap).toBeLessThan(1e-9);
      await expect(page.textContent('[data-testid="coords-dd"]')).resolves.toBe(
        `${formatDecimal(vi, expected[1], 'lat')}, ${formatDecimal(vi, expected[0], 'lon')}`,
      );

      // VN-2000 on the province's central meridian, by the transform the importer reads VN-2000 files with.
      const meridian = Number(await readout.getAttribute('data-meridian'));
      const [e, n] = proj4('+proj=longlat +datum=WGS84 +no_defs', vn2000Tm3(meridian)).forward(expected);
      expect(Math.abs(Number(await readout.getAttribute('data-x')) - n)).toBeLessThan(0.01);
      expect(Math.abs(Number(await readout.getAttribute('data-y')) - e)).toBeLessThan(0.01);
      const grid = (v: number) => new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
      await expect(page.textContent('[data-testid="coords-vn2000"]')).resolves.toContain(`X ${grid(n)} · Y ${grid(e)}`);

      // Off the map, the readout gives the map's centre.
      await page.mouse.move(box.x + box.width + 40, box.y + 10);
      await expect.poll(() => readout.getAttribute('data-pointer')).toBe('false');
      const [clon, clat] = await centre(page);
      expect(Math.abs(Number(await readout.getAttribute('data-lon')) - clon)).toBeLessThan(1e-9);
      expect(Math.abs(Number(await readout.getAttribute('data-lat')) - clat)).toBeLessThan(1e-9);
      await page.close();
    });

    it('goes to typed coordinates, WGS 84 or VN-2000, marks the point, and says what is wrong with bad input', async () => {
      const page = await open('commanderAll', `?asOf=${TEST_TODAY}`);
      const hqs = await get<Fc<HqProperties>>(page, `/api/hqs?asOf=${TEST_TODAY}`);
      const target = hqs.features.find((f) => f.properties.communeCode.startsWith('99'))!.geometry.coordinates;
      // Reached from the keyboard: the tool's button takes the focus and opens on Enter.
      await page.focus('[data-testid="tool-goto"]');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid="goto-form"]');

      const submit = async (lat: string, lon: string) => {
        await page.fill('[data-testid="goto-lat"]', lat);
        await page.fill('[data-testid="goto-lon"]', lon);
        await page.click('[data-testid="goto-submit"]');
      };
      const error = () => page.textContent('[data-testid="goto-error"]');
      await submit('hai mốt', '103');
      await expect.poll(error).toBe(vi.mapTools.notNumber(vi.mapTools.lat, 'hai mốt'));
      await submit('95', '103');
      await expect.poll(error).toBe(vi.mapTools.latRange);
      await submit('21', '190');
      await expect.poll(error).toBe(vi.mapTools.lonRange);
      await submit('103.2', '21.5');
      await expect.poll(error).toBe(vi.mapTools.swapped);
      await submit('48,85', '2,35');
      await expect.poll(error).toBe(vi.mapTools.outside('48,85', '2,35'));
      await submit('', '103');
      await expect.poll(error).toBe(vi.mapTools.required(vi.mapTools.lat));

      // A Vietnamese decimal comma is read as the decimal separator.
      await submit(String(target[1]).replace('.', ','), String(target[0]));
      await expect.poll(() => page.locator('[data-testid="goto-error"]').count()).toBe(0);
      const near = async (p: [number, number]) => {
        const [x, y] = await centre(page);
        return Math.max(Math.abs(x - p[0]), Math.abs(y - p[1]));
      };
      await expect.poll(() => near(target), { timeout: 15_000 }).toBeLessThan(1e-6);
      const marks = () =>
        page.evaluate(() => {
          const map = (window as unknown as PostureWindow).__posture.map;
          return map.queryRenderedFeatures(undefined, { layers: ['goto-mark'] }).map((f) => (f.geometry as GeoJSON.Point).coordinates);
        });
      await expect.poll(async () => (await marks()).length).toBe(1);

      // VN-2000: X/Y of a point 2 km east of it, computed with the importer's transform on the form's meridian.
      await page.selectOption('[data-testid="goto-system"]', 'vn2000');
      const meridian = Number(await page.inputValue('[data-testid="goto-meridian"]'));
      const east: [number, number] = [target[0] + 0.02, target[1]];
      const [e, n] = proj4('+proj=longlat +datum=WGS84 +no_defs', vn2000Tm3(meridian)).forward(east);
      await page.fill('[data-testid="goto-x"]', n.toFixed(3));
      await page.fill('[data-testid="goto-y"]', e.toFixed(3));
      await page.click('[data-testid="goto-submit"]');
      await expect.poll(() => near(east), { timeout: 15_000 }).toBeLessThan(1e-6);
      await page.fill('[data-testid="goto-x"]', '99999999');
      await page.click('[data-testid="goto-submit"]');
      await expect.poll(error).toMatch(/^Điểm .* nằm ngoài vùng bản đồ/);
      await page.close();
    });

    it('puts the map, the time bar and the commune panel in fullscreen and back', async () => {
      const page = await open('commanderAll', `?asOf=${TEST_TODAY}`);
      const button = page.locator('.maplibregl-ctrl-fullscreen');
      await expect(button.getAttribute('title')).resolves.toBe(vi.mapUi['FullscreenControl.Enter']);
      await button.click();
      await expect
        .poll(() => page.evaluate(() => !!document.fullscreenElement?.querySelector('.maplibregl-canvas') && !!document.fullscreenElement?.querySelector('.time-slot')))
        .toBe(true);
      await page.locator('.maplibregl-ctrl-shrink').click();
      await expect.poll(() => page.evaluate(() => document.fullscreenElement === null)).toBe(true);
      await page.close();
    });

    it('fits the tools on a 390×844 phone', async () => {
      const page = await open('commanderAll', `?asOf=${TEST_TODAY}`, { width: 390, height: 844 });
      for (const id of ['tool-measure', 'tool-goto', 'cursor-coords']) {
        const b = (await page.locator(`[data-testid="${id}"]`).boundingBox())!;
        expect(b.x, id).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width, id).toBeLessThanOrEqual(390);
      }
      await page.click('[data-testid="tool-goto"]');
      const form = (await page.locator('[data-testid="goto-form"]').boundingBox())!;
      expect(form.x).toBeGreaterThanOrEqual(0);
      expect(form.x + form.width).toBeLessThanOrEqual(390);
      await page.click('[data-testid="tool-measure"]');
      const panel = (await page.locator('[data-testid="measure-panel"]').boundingBox())!;
      expect(panel.x).toBeGreaterThanOrEqual(0);
      await page.screenshot({ path: 'test-results/map-tools-phone.png' });
      await page.close();
    });

    it('shows the map’s legend on the dashboard the page opens on, with every commune counted once', async () => {
      const page = await open('commanderAll', `?asOf=${TEST_TODAY}`);
      await expect(page.getAttribute('[data-testid="side-tab-dashboard"]', 'aria-selected')).resolves.toBe('true');
      const legend = page.locator('[data-testid="dashboard-legend"]');
      await expect(legend.isVisible()).resolves.toBe(true);
      await expect(legend.locator('h3').innerText()).resolves.toBe(vi.legend.mapColours(colourByLabel(vi, 'transformation')));
      const rows = await legend.locator('li').allInnerTexts();
      const labels = colourEntries('transformation').map((e) => e.value);
      expect(rows.length).toBeGreaterThanOrEqual(labels.length);
      const counts = await legend.locator('li .count').allInnerTexts();
      const summaries = await get<{ items: unknown[] }>(page, `/api/communes/summaries?asOf=${TEST_TODAY}`);
      expect(counts.map((c) => Number(c.replace(/\D/g, ''))).reduce((a, b) => a + b, 0)).toBe(summaries.items.length);
      await page.close();
    });

    it('groups a commune’s history by status kind, each group with all its records', async () => {
      const page = await open('commanderAll', `?asOf=${TEST_TODAY}&commune=99002`);
      await page.waitForSelector('[data-testid="status-history"]');
      const detail = await get<CommuneDetail>(page, `/api/communes/99002?asOf=${TEST_TODAY}`);
      const records = [...detail.properties.history, ...detail.properties.formerHistory];
      const kinds = STATUS_KIND_NAMES.filter((k) => records.some((r) => r.kind === k));
      expect(kinds.length).toBeGreaterThan(1);
      const shown = await page.$$eval('[data-testid^="history-group-"]', (els) => els.map((e) => e.getAttribute('data-testid')!.slice('history-group-'.length)));
      expect(shown).toEqual(kinds);
      for (const kind of kinds) {
        const group = page.locator(`[data-testid="history-group-${kind}"]`);
        await expect(group.locator('h4').innerText()).resolves.toContain(vi.statusKinds[kind].label);
        expect(await group.locator('li').count(), kind).toBe(records.filter((r) => r.kind === kind).length);
      }
      await page.close();
    });

    it('flags overdue campaign milestones, dated dd/mm/yyyy, in the commune panel and the campaign list', async () => {
      const created = await h.as('plannerTwo', {
        method: 'POST',
        url: '/api/campaigns',
        payload: {
          kind: 'transformation',
          name: 'Chuyển hóa "Nà Khá" — mốc quá hạn',
          periodStart: '2025-01-01',
          periodEnd: '2026-06-30',
          communeCodes: ['99002'],
          milestones: [
            { title: 'Khảo sát địa bàn', dueOn: '2025-03-15' },
            { title: 'Phê duyệt kế hoạch', dueOn: '2025-02-01', doneOn: '2025-01-30' },
            { title: 'Đánh giá cuối kỳ', dueOn: '2026-06-01' },
          ],
        },
      });
      expect(created.statusCode).toBe(201);
      const id = (created.json() as { id: number }).id;
      const late = vi.campaigns.overdueMilestone('Khảo sát địa bàn', '15/03/2025');

      const page = await open('plannerTwo', `?asOf=${TEST_TODAY}&commune=99002`);
      const panel = page.locator('[data-testid="commune-overdue"]');
      await expect.poll(() => panel.count(), { timeout: 20_000 }).toBe(1);
      const text = await panel.innerText();
      expect(text).toContain(late);
      expect(text).not.toContain('Phê duyệt kế hoạch');
      expect(text).not.toContain('Đánh giá cuối kỳ');
      // The campaign opens from there, its milestones flagged.
      await panel.getByRole('button', { name: vi.detail.openCampaign('Chuyển hóa "Nà Khá" — mốc quá hạn') }).click();
      await expect.poll(() => page.getAttribute('[data-testid="side-tab-campaigns"]', 'aria-selected')).toBe('true');
      await expect.poll(() => page.textContent('[data-testid="overdue-count"]'), { timeout: 20_000 }).toBe(vi.campaigns.overdue(1));
      await page.getByRole('button', { name: `← ${vi.campaigns.back}` }).click();
      await expect.poll(() => page.locator(`[data-testid="campaign-overdue-${id}"]`).innerText(), { timeout: 20_000 }).toContain(late);
      await page.close();
    });

    it('words the fields of an audit record (the campaign above) instead of their stored names', async () => {
      const page = await open('admin', `?asOf=${TEST_TODAY}`);
      await page.click('[data-testid="nav-admin"]');
      await page.click('[data-testid="admin-tab-audit"]');
      await page.fill('[data-testid="audit-entity"]', 'campaign');
      await page.click('[data-testid="audit-apply"]');
      await page.waitForSelector('[data-testid="audit-table"] [data-testid^="audit-row-"]');
      await page.locator('[data-testid="audit-toggle"]').first().click();
      const diff = page.locator('[data-testid="audit-diff"]').first();
      await diff.waitFor();
      const fields = await diff.locator('th[data-field]').evaluateAll((els) => els.map((e) => ({ key: e.getAttribute('data-field')!, text: (e as HTMLElement).innerText })));
      const worded = fields.filter((f) => auditFieldLabel(vi, f.key) !== null);
      expect(worded.length).toBeGreaterThan(0);
      for (const f of worded) expect(f.text.startsWith(auditFieldLabel(vi, f.key)!), f.key).toBe(true);
      await page.close();
    });

    it('leaves out the figures a border officer has nothing to count in, and names them', async () => {
      const page = await open('borderAll', `?asOf=${TEST_TODAY}`);
      await page.waitForSelector('[data-testid="indicators"]');
      const data = await get<IndicatorsResponse>(page, `/api/indicators?asOf=${TEST_TODAY}`);
      const empty = data.items.filter((i) => ['border_drug_free', 'inland_drug_free'].includes(i.id) && i.current.total === 0).map((i) => i.id);
      // A border officer's area is the border communes: no inland commune to count.
      expect(empty).toEqual(['inland_drug_free']);
      for (const item of data.items) {
        expect(await page.locator(`[data-testid="indicator-${item.id}"]`).count(), item.id).toBe(empty.includes(item.id) ? 0 : 1);
      }
      const note = await page.innerText('[data-testid="indicators-not-applicable"]');
      expect(note).toMatch(/^Không áp dụng cho địa bàn này/);
      expect(note).toContain('nội địa');
      await page.close();
    });

    it('raised no page errors', () => {
      expect(pageErrors).toEqual([]);
    });
  });
}
