/**
 * wrk (Debian package `wrk`) as the benches' load generator: C over epoll, a few per cent of a core where a load
 * generator in Node took a third of one, which the servers sharing the machine's cores then missed.
 */
import { spawn, spawnSync } from 'node:child_process';

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

const luaString = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/**
 * A wrk script: the requests take the paths and the session cookies (if any) in turn (so that both are spread over
 * the connections), with `headers`, written out once when wrk starts rather than for every request; `done` prints the
 * figures as one JSON line.
 */
export function wrkScript(paths: string[], cookies: string[], headers: Record<string, string>): string {
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

/** Runs the wrk script at `script` with `connections` kept-alive connections against `base` for `seconds`. */
export function wrk(base: string, script: string, connections: number, seconds: number): Promise<WrkResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, base], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{"requests"'));
      if (code !== 0 || !line) reject(new Error(`wrk exited with ${code}: ${out}`));
      else resolve(JSON.parse(line) as WrkResult);
    });
  });
}
