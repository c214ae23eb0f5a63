/**
 * wrk (Debian package `wrk`) as the benches' load generator: C over epoll, a few per cent of a core where a load
 * generator in Node took a third of one, which the servers sharing the machine's cores then missed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const wrkAvailable = () => !spawnSync('wrk', ['--version']).error;

/** What one wrk run printed from its `done` function (latencies in microseconds). */
export interface WrkResult {
  requests: number;
  durationUs: number;
  p50: number;
  p95: number;
  /** Answers with an HTTP status of 400 or more. */
  status: number;
  connect: number;
  read: number;
  write: number;
  timeout: number;
}

/** The kinds of failure wrk counts: HTTP statuses of 400 or more, then connection errors and timeouts. */
export const WRK_ERRORS = ['status', 'connect', 'read', 'write', 'timeout'] as const;

const luaString = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/**
 * A wrk script: the requests take the paths and the session cookies (if any) in turn (so that both are spread over
 * the connections), with `headers`, written out once when wrk starts rather than for every request; `done` prints the
 * figures as one JSON line.
 */
function wrkScript(paths: string[], cookies: string[], headers: Record<string, string>): string {
  const fixed = Object.entries(headers).map(([k, v]) => `[${luaString(k)}] = ${luaString(v)}`).join(', ');
  return `local paths = { ${paths.map(luaString).join(', ')} }
local cookies = { ${cookies.map(luaString).join(', ')} }
local prepared = {}
local n = 0
init = function()
  for k = 1, #paths * math.max(#cookies, 1) do
    local headers = { ${fixed} }
    if #cookies > 0 then headers["Cookie"] = cookies[(k % #cookies) + 1] end
    prepared[k] = wrk.format("GET", paths[(k % #paths) + 1], headers)
  end
end
request = function()
  n = n % #prepared + 1
  return prepared[n]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"durationUs":%d,"p50":%d,"p95":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), e.status, e.connect, e.read, e.write, e.timeout))
end
`;
}

export interface WrkRun {
  /** http://host:port */
  base: string;
  paths: string[];
  /** Session cookies (`name=value`), taken in turn; none for a public route. */
  cookies: string[];
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}

/** Runs wrk with `connections` kept-alive connections against `base` for `seconds`, asking `paths` in turn. */
export async function wrk(run: WrkRun): Promise<WrkResult> {
  const dir = mkdtempSync(join(tmpdir(), 'posture-wrk-'));
  try {
    const script = join(dir, 'requests.lua');
    writeFileSync(script, wrkScript(run.paths, run.cookies, run.headers));
    return await new Promise((resolve, reject) => {
      const child = spawn('wrk', ['-t1', `-c${run.connections}`, `-d${run.seconds}s`, '--timeout', '10s', '-s', script, run.base], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.once('error', reject);
      child.once('exit', (code) => {
        const line = out.split('\n').find((l) => l.startsWith('{"requests"'));
        if (code !== 0 || !line) reject(new Error(`wrk exited with ${code}: ${out}`));
        else resolve(JSON.parse(line) as WrkResult);
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Requests per second of a wrk run that must see no failure (it throws naming `what` and the failures). */
export async function wrkRate(run: WrkRun, what: string): Promise<number> {
  const r = await wrk(run);
  const errors = WRK_ERRORS.reduce((a, k) => a + r[k], 0);
  if (errors > 0) throw new Error(`${what}: ${errors} errors under load`);
  return r.requests / (r.durationUs / 1e6);
}
