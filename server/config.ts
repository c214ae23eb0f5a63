import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { PASSWORD_LENGTH } from './schemas/auth.ts';

/** Validated start-up configuration. The only module that reads process.env. */
export interface Config {
  port: number;
  host: string;
  /** Real PostgreSQL/PostGIS server; when absent the embedded database in `dataDir` is used. */
  databaseUrl: string | null;
  dataDir: string;
  adminUser: string | null;
  adminPassword: string | null;
  /** Folder with the built client (served statically). */
  clientDir: string;
  logLevel: string;
  /** Log lines for a person at a terminal, or one JSON object a line for a collector (POSTURE_LOG_FORMAT). */
  logFormat: 'pretty' | 'json';
  /** Behind a TLS-terminating proxy: trust X-Forwarded-* (client address, https for Secure cookies). */
  trustProxy: boolean;
  /** Largest file accepted by the import routes, in bytes (POSTURE_IMPORT_MAX_MB, default 50). */
  importMaxBytes: number;
  /** Load the demo province on a first start with an empty database (POSTURE_DEMO, default true). */
  demo: boolean;
  /** Operator-supplied basemap, a PMTiles or MBTiles file served under /api/basemap (POSTURE_BASEMAP); null: none. */
  basemap: string | null;
}

export class ConfigError extends Error {}

/**
 * The configuration from environment variables (`.env` files are not read: set them in the shell, the service
 * unit or the container). `stdoutIsTty` picks the log format when POSTURE_LOG_FORMAT does not.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, stdoutIsTty = Boolean(process.stdout.isTTY)): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer between 0 and 65535, got "${env.PORT}"`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const adminUser = env.POSTURE_ADMIN_USER?.trim() || null;
  const adminPassword = env.POSTURE_ADMIN_PASSWORD || null;
  if ((adminUser === null) !== (adminPassword === null)) {
    throw new ConfigError('set both POSTURE_ADMIN_USER and POSTURE_ADMIN_PASSWORD, or neither');
  }
  if (adminPassword !== null) {
    // Counted as the API's password schema counts (code points); the password itself is never shown.
    const length = [...adminPassword].length;
    if (length < PASSWORD_LENGTH.min) throw new ConfigError(`POSTURE_ADMIN_PASSWORD must have at least ${PASSWORD_LENGTH.min} characters, got ${length}`);
    if (length > PASSWORD_LENGTH.max) {
      throw new ConfigError(`POSTURE_ADMIN_PASSWORD must have at most ${PASSWORD_LENGTH.max} characters (login takes no more), got ${length}`);
    }
  }
  const importMb = env.POSTURE_IMPORT_MAX_MB === undefined || env.POSTURE_IMPORT_MAX_MB.trim() === '' ? 50 : Number(env.POSTURE_IMPORT_MAX_MB);
  if (!Number.isFinite(importMb) || importMb <= 0 || importMb > 2048) {
    throw new ConfigError(`POSTURE_IMPORT_MAX_MB must be a number of megabytes between 0 and 2048, got "${env.POSTURE_IMPORT_MAX_MB}"`);
  }
  const logFormat = env.POSTURE_LOG_FORMAT?.trim().toLowerCase() || (stdoutIsTty ? 'pretty' : 'json');
  if (logFormat !== 'pretty' && logFormat !== 'json') {
    throw new ConfigError(`POSTURE_LOG_FORMAT must be pretty or json, got "${env.POSTURE_LOG_FORMAT}"`);
  }
  const basemap = env.POSTURE_BASEMAP?.trim() ? resolve(env.POSTURE_BASEMAP.trim()) : null;
  if (basemap !== null && !isFile(basemap)) {
    throw new ConfigError(`POSTURE_BASEMAP must name a PMTiles or MBTiles file, but there is no file at ${basemap}`);
  }
  return {
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    dataDir: resolve(env.POSTURE_DATA_DIR?.trim() || '.posture-data'),
    adminUser,
    adminPassword,
    clientDir: resolve(env.POSTURE_CLIENT_DIR?.trim() || 'dist/client'),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    logFormat,
    trustProxy: parseBoolean('POSTURE_TRUST_PROXY', env.POSTURE_TRUST_PROXY),
    importMaxBytes: Math.round(importMb * 1024 * 1024),
    demo: parseBoolean('POSTURE_DEMO', env.POSTURE_DEMO, true),
    basemap,
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function parseBoolean(name: string, value: string | undefined, fallback = false): boolean {
  const v = value?.trim().toLowerCase();
  if (!v) return fallback;
  if (v === '0' || v === 'false' || v === 'no') return false;
  if (v === '1' || v === 'true' || v === 'yes') return true;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}
