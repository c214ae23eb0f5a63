// pino transport for a person at a terminal (see logger.ts): pino-pretty, one line a record, a request's method,
// address, status and duration in words rather than nested objects. Plain JavaScript: pino loads it in its own thread.
import pretty from 'pino-pretty';

/** @param {import('pino-pretty').PrettyOptions} options */
export default function prettyLog(options) {
  return pretty({
    ...options,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,reqId,req,res,responseTime',
    singleLine: true,
    messageFormat: (log, messageKey) => {
      const req = /** @type {{ method?: string, url?: string } | undefined} */ (log.req);
      const res = /** @type {{ statusCode?: number } | undefined} */ (log.res);
      let line = String(log[messageKey] ?? '');
      if (req?.method) line += ` ${req.method} ${req.url}`;
      if (res?.statusCode) line += ` → ${res.statusCode}${typeof log.responseTime === 'number' ? ` in ${Math.round(log.responseTime)} ms` : ''}`;
      return line;
    },
  });
}
