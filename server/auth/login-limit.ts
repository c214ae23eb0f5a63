/**
 * Failed logins per key (address and username) in a sliding window. Only failures count: a user who logs in
 * often is never locked out, and a successful login forgets the key's failures. Bounded in memory: beyond
 * `maxKeys` the keys failed longest ago are forgotten first.
 *
 * @example
 * const limit = new FailedLoginLimit({ max: 10, windowMs: 15 * 60_000 });
 * if (limit.waitMs(key) > 0) refuse(); else if (!ok) limit.failed(key); else limit.succeeded(key);
 */
export class FailedLoginLimit {
  private readonly failures = new Map<string, number[]>();
  private readonly max: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(opts: { max: number; windowMs: number; maxKeys?: number; now?: () => number }) {
    this.max = opts.max;
    this.windowMs = opts.windowMs;
    this.maxKeys = opts.maxKeys ?? 100_000;
    this.now = opts.now ?? Date.now;
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  waitMs(key: string): number {
    const recent = this.recent(key);
    return recent.length >= this.max ? recent[recent.length - this.max] + this.windowMs - this.now() : 0;
  }

  failed(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    // Re-inserted last: the map's first key is the one that failed longest ago.
    this.failures.delete(key);
    this.failures.set(key, recent.slice(-this.max));
    while (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }
}
