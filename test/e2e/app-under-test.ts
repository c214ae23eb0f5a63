import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { build } from 'vite';
import { buildApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { TEST_PASSWORD, usernameOf, type Harness, type TestUser } from '../support/harness.ts';
import { TEST_TODAY } from '../support/env.ts';
import { launchChromium } from './browser.ts';

/**
 * What every browser suite needs: the client built once per run (the build is the slow part, so suites
 * share it), a real server on the run's database, and Chromium.
 */
let clientBuild: Promise<string> | null = null;

function builtClient(): Promise<string> {
  clientBuild ??= (async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'posture-client-'));
    // Removed when the test process ends, after the last suite that uses it.
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    return outDir;
  })();
  return clientBuild;
}

export interface AppUnderTest {
  baseUrl: string;
  server: FastifyInstance;
  browser: Browser;
  close(): Promise<void>;
}

/** `config` overrides the default configuration (e.g. a basemap file). */
export async function startAppUnderTest(h: Harness, config: Partial<Config> = {}): Promise<AppUnderTest> {
  const clientDir = await builtClient();
  const server = await buildApp({
    db: h.db,
    config: { ...loadConfig({}), clientDir, ...config },
    version: 'test',
    today: () => TEST_TODAY,
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const addr = server.server.address();
  const baseUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const browser = await launchChromium();
  return {
    baseUrl,
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Fills the login form and waits for the map to be ready. */
export async function logIn(page: Page, user: TestUser): Promise<void> {
  await page.waitForSelector('[data-testid="login-form"]', { timeout: 60_000 });
  await page.fill('[data-testid="login-username"]', usernameOf(user));
  await page.fill('[data-testid="login-password"]', TEST_PASSWORD);
  await page.click('[data-testid="login-submit"]');
  await page.waitForSelector('[data-map-ready="true"]', { timeout: 45_000 });
}

/** A new page of the app, logged in as `user`; the page's uncaught errors are pushed to `errors`. */
export async function openLoggedIn(app: AppUnderTest, user: TestUser, errors: string[], options: Parameters<Browser['newPage']>[0] = {}): Promise<Page> {
  const page = await app.browser.newPage(options);
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(app.baseUrl);
  await logIn(page, user);
  return page;
}
