import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** True under CI: checks that are skipped on a developer machine without their prerequisites must run there. */
export const inCi = process.env.CI === 'true' || process.env.CI === '1';

/** Real boundaries for conformance tests, next to the repository (never copied into it). */
export const geodataDir = fileURLToPath(new URL('../../../shared/geodata/', import.meta.url));
export const hasGeodata = existsSync(`${geodataDir}/dienbien/dienbien_communes_2025.geojson`);

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);

/** Fixed "today" for tests so results do not depend on the calendar. */
export const TEST_TODAY = '2025-12-31';
