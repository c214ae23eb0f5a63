import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { loggerOptions } from '../../server/logger.ts';

const dir = await mkdtemp(join(tmpdir(), 'posture-log-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** What a Fastify app logging as configured writes for one request to /communes/99001 answered 404. */
async function logOf(format: string, file: string): Promise<string> {
  const config = loadConfig({ POSTURE_LOG_FORMAT: format }, false);
  const app = Fastify({ logger: loggerOptions(config, join(dir, file)) });
  app.get('/communes/:code', async (_req, reply) => reply.code(404).send({ error: 'not found' }));
  await app.inject({ method: 'GET', url: '/communes/99001' });
  await app.close();
  // pino-pretty writes from its own thread: wait for the line of the answer.
  const end = Date.now() + 10_000;
  let text = '';
  while (!/request completed/.test(text) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    text = await readFile(join(dir, file), 'utf8').catch(() => '');
  }
  return text;
}

describe('logging', () => {
  it('picks readable lines at a terminal and JSON otherwise, unless POSTURE_LOG_FORMAT says which', () => {
    expect(loadConfig({}, true).logFormat).toBe('pretty');
    expect(loadConfig({}, false).logFormat).toBe('json');
    expect(loadConfig({ POSTURE_LOG_FORMAT: 'json' }, true).logFormat).toBe('json');
    expect(loadConfig({ POSTURE_LOG_FORMAT: 'Pretty' }, false).logFormat).toBe('pretty');
    expect(() => loadConfig({ POSTURE_LOG_FORMAT: 'xml' })).toThrow('POSTURE_LOG_FORMAT must be pretty or json, got "xml"');
  });

  it('writes one JSON object a line, the request and its status included', async () => {
    const lines = (await logOf('json', 'json.log')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.find((l) => l.msg === 'incoming request')).toMatchObject({ level: 30, req: { method: 'GET', url: '/communes/99001' } });
    expect(lines.find((l) => l.msg === 'request completed')).toMatchObject({ level: 30, res: { statusCode: 404 } });
  });

  it('writes a line a person reads: time, level, message, method, address, status and duration, no JSON', async () => {
    const text = await logOf('pretty', 'pretty.log');
    const lines = text.trim().split('\n');
    expect(lines.some((l) => /^\[\d\d:\d\d:\d\d\] INFO: incoming request GET \/communes\/99001$/.test(l)), text).toBe(true);
    expect(lines.some((l) => /^\[\d\d:\d\d:\d\d\] INFO: request completed → 404 in \d+ ms$/.test(l)), text).toBe(true);
    expect(text).not.toMatch(/[{}]/);
  });
});
