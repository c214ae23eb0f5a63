import { createWriteStream } from 'node:fs';
import type { Config } from './config.ts';

/**
 * Fastify's logger (pino) as configured: JSON lines as pino writes them, or through pino-pretty (pretty-log.mjs,
 * in pino's transport thread) one readable line a record — time, level, message, the request's method, address,
 * status and duration — for a person at a terminal. `destination` is standard output unless given (a file, in tests).
 */
export function loggerOptions(config: Pick<Config, 'logLevel' | 'logFormat'>, destination?: string) {
  if (config.logFormat === 'json') {
    return { level: config.logLevel, ...(destination ? { stream: createWriteStream(destination, { flags: 'a' }) } : {}) };
  }
  return {
    level: config.logLevel,
    transport: {
      target: new URL('./pretty-log.mjs', import.meta.url).href,
      options: { destination: destination ?? 1, colorize: destination === undefined && Boolean(process.stdout.isTTY) },
    },
  };
}
