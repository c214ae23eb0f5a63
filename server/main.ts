import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.ts';
import { loggerOptions } from './logger.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase } from './db/open.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import type { Db } from './db/client.ts';
import { seedDemoIfEmpty } from './seed.ts';
import { ensureBundledBorder } from './reference-border.ts';
import { ensureReferenceUnits } from './reference-units.ts';
import { ensureFirstAdmin } from './auth/bootstrap.ts';
import { deriveStaleOutlines } from './repositories/province-outlines.ts';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`Configuration error: ${err.message}`);
    process.exit(2);
  }
  throw err;
}

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const where = config.databaseUrl ? 'PostgreSQL server (DATABASE_URL)' : `embedded PostGIS in ${config.dataDir}`;
console.log(`Posture ${version}: opening ${where}…`);

// The application's modules load while the database opens (the embedded one takes seconds to start).
const loading = Promise.all([import('./app.ts'), import('./basemap/archive.ts')]);
let db: Db;
try {
  db = await openDatabase(config);
} catch (err) {
  if (err instanceof DataDirLockedError) {
    console.error(`Cannot start: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
const [{ buildApp }, { BasemapError }] = await loading;
const applied = await migrate(db);
if (applied.length > 0) console.log(`Applied migrations ${applied.join(', ')} (${elapsed()})`);
if ((await ensureBundledBorder(db)) > 0) console.log(`Loaded Vietnam's land border lines (OpenStreetMap) (${elapsed()})`);
if (await ensureReferenceUnits(db)) console.log(`Loaded the official 2025 list of provinces and communes (${elapsed()})`);
// Outlines an import marked and a stopped process did not derive: derived in the background while the server starts.
void deriveStaleOutlines(db);
const seeded = config.demo ? await seedDemoIfEmpty(db) : null;
if (!config.demo) console.log('POSTURE_DEMO=false: no demo province is loaded; import real boundaries from Administration → Import.');
if (seeded) {
  console.log(`Loaded the DEMO province: ${seeded.communes} communes, ${seeded.hqs} HQs, ${seeded.statuses} status records (${elapsed()})`);
  for (const r of seeded.repairs) console.log(`  repaired ${r.entity} ${r.code}: ${r.reason}`);
}

const admin = await ensureFirstAdmin(db, { username: config.adminUser, password: config.adminPassword });
if (admin?.generatedPassword) {
  console.log(`\nCreated the first administrator "${admin.username}" with the password:\n\n    ${admin.generatedPassword}\n`);
  console.log('It is shown only this once: log in and change it, or set POSTURE_ADMIN_USER / POSTURE_ADMIN_PASSWORD on first start.\n');
} else if (admin) {
  console.log(`Created the first administrator "${admin.username}" from POSTURE_ADMIN_USER.`);
}

const app = await buildApp({ db, config, version, logger: loggerOptions(config) }).catch(async (err: unknown) => {
  if (!(err instanceof BasemapError)) throw err;
  console.error(`Configuration error: POSTURE_BASEMAP: ${err.message}`);
  await db.close();
  process.exit(2);
});

// Graceful close: requests in progress finish and the database closes cleanly; a close that hangs, or a second
// signal (Ctrl+C again), ends the process at once.
const CLOSE_GRACE_MS = 10_000;
let closing = false;
async function shutdown(signal: string) {
  if (closing) {
    console.error(`${signal} again: stopping without waiting`);
    process.exit(1);
  }
  closing = true;
  console.log(`${signal}: closing…`);
  setTimeout(() => {
    console.error(`Still closing after ${CLOSE_GRACE_MS / 1000} s: stopping`);
    process.exit(1);
  }, CLOSE_GRACE_MS).unref();
  try {
    await app.close();
  } finally {
    await db.close();
  }
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  await app.listen({ port: config.port, host: config.host });
} catch (err) {
  console.error(`Cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`);
  await db.close();
  process.exit(1);
}
const addr = app.server.address();
const port = typeof addr === 'object' && addr ? addr.port : config.port;
const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
console.log(`Posture is ready at http://${shownHost}:${port}/ (${db.kind} database, started in ${elapsed()})`);
