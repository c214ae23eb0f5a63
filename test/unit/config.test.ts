import { describe, expect, it } from 'vitest';
import { isAbsolute } from 'node:path';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('loadConfig', () => {
  it('defaults to the embedded database on 127.0.0.1:3000', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.databaseUrl).toBeNull();
    expect(isAbsolute(c.dataDir)).toBe(true);
    expect(c.dataDir.endsWith('.posture-data')).toBe(true);
  });

  it('reads PORT, HOST, POSTURE_DATA_DIR and DATABASE_URL', () => {
    const c = loadConfig({ PORT: '8080', HOST: '0.0.0.0', POSTURE_DATA_DIR: '/var/lib/posture', DATABASE_URL: 'postgres://u@h/db' });
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', dataDir: '/var/lib/posture', databaseUrl: 'postgres://u@h/db' });
  });

  it.each([['abc'], ['-1'], ['70000'], ['3.5']])('refuses PORT=%s with a reason', (port) => {
    expect(() => loadConfig({ PORT: port })).toThrow(new ConfigError(`PORT must be an integer between 0 and 65535, got "${port}"`));
  });

  it('refuses a DATABASE_URL that is not a PostgreSQL URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must start with postgres/);
  });

  it('refuses an admin user without a password', () => {
    expect(() => loadConfig({ POSTURE_ADMIN_USER: 'admin' })).toThrow(/both POSTURE_ADMIN_USER and POSTURE_ADMIN_PASSWORD/);
  });

  it('refuses an admin password shorter than 10 characters, counting Vietnamese letters as one each', () => {
    expect(() => loadConfig({ POSTURE_ADMIN_USER: 'admin', POSTURE_ADMIN_PASSWORD: 'mậtkhẩuđ1' })).toThrow(
      new ConfigError('POSTURE_ADMIN_PASSWORD must have at least 10 characters, got 9'),
    );
    expect(loadConfig({ POSTURE_ADMIN_USER: 'admin', POSTURE_ADMIN_PASSWORD: 'mậtkhẩuđ12' }).adminPassword).toBe('mậtkhẩuđ12');
  });

  it('refuses an admin password longer than login takes (200 characters)', () => {
    expect(loadConfig({ POSTURE_ADMIN_USER: 'admin', POSTURE_ADMIN_PASSWORD: 'đ'.repeat(200) }).adminPassword).toHaveLength(200);
    expect(() => loadConfig({ POSTURE_ADMIN_USER: 'admin', POSTURE_ADMIN_PASSWORD: 'đ'.repeat(201) })).toThrow(
      new ConfigError('POSTURE_ADMIN_PASSWORD must have at most 200 characters (login takes no more), got 201'),
    );
  });

  it('loads the demo by default; POSTURE_DEMO=false starts without it', () => {
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ POSTURE_DEMO: 'false' }).demo).toBe(false);
    expect(() => loadConfig({ POSTURE_DEMO: 'maybe' })).toThrow(/POSTURE_DEMO must be true or false, got "maybe"/);
  });
});
