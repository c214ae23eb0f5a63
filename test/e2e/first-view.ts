import type { Browser, BrowserContext } from 'playwright-core';

type MapWindow = { __posture: { map: import('maplibre-gl').Map } };

/** What the first view of one page cost: bytes on the wire (compressed as sent) and the time until the map is ready. */
export interface FirstView {
  ms: number;
  bytes: number;
  apiBytes: number;
  tileBytes: number;
  /** API paths requested, without their query. */
  paths: string[];
  communes: number;
  /** Each API request: its path and when its answer ended, in ms after the navigation started. */
  timeline: { path: string; endMs: number }[];
}

/**
 * Opens `path` in a fresh browser context logged in as `login` and measures the first view: the bytes of every
 * response as sent (headers and br/gzip-encoded body) and the time from navigation to the map's `data-map-ready`.
 */
export async function firstView(
  app: { baseUrl: string; browser: Browser },
  path: string,
  login: { username: string; password: string },
): Promise<FirstView> {
  const context: BrowserContext = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const res = await context.request.post(`${app.baseUrl}/api/auth/login`, { data: login });
    if (!res.ok()) throw new Error(`login: ${res.status()}`);
    const page = await context.newPage();
    // Playwright reports the requests of the page and of its workers (MapLibre fetches tiles from a worker), each
    // with its sizes as sent: headers and the encoded (br/gzip) body.
    const urls: string[] = [];
    const seen = { bytes: 0, apiBytes: 0, tileBytes: 0 };
    const pending: Promise<void>[] = [];
    const timeline: FirstView['timeline'] = [];
    let started = 0;
    page.on('requestfinished', (req) => {
      pending.push(
        req.sizes().then((sizes) => {
          const url = req.url();
          const n = sizes.responseHeadersSize + sizes.responseBodySize;
          urls.push(url);
          const t = req.timing();
          if (url.includes('/api/')) timeline.push({ path: new URL(url).pathname, endMs: t.startTime + t.responseEnd - started });
          seen.bytes += n;
          if (url.includes('/api/')) seen.apiBytes += n;
          if (url.includes('/api/tiles/')) seen.tileBytes += n;
        }),
      );
    });
    started = Date.now();
    const t0 = performance.now();
    await page.goto(`${app.baseUrl}${path}`);
    await page.waitForSelector('[data-map-ready="true"]', { timeout: 180_000 });
    const ms = performance.now() - t0;
    const communes = await page.evaluate(
      () => new Set((window as unknown as MapWindow).__posture.map.querySourceFeatures('communes', { sourceLayer: 'communes' }).map((f) => f.properties.code)).size,
    );
    await Promise.all(pending);
    const paths = [...new Set(urls.filter((u) => u.includes('/api/')).map((u) => new URL(u).pathname))].sort();
    return { ms, ...seen, paths, communes, timeline: timeline.sort((a, b) => a.endMs - b.endMs) };
  } finally {
    await context.close();
  }
}

