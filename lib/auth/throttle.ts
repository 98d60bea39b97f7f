/**
 * Failed sign-ins per account and per client address over a sliding window. Past the limit further attempts
 * are refused, right password or not, until the window has moved on: guessing a password takes forever,
 * and one address cannot lock out every account cheaply. In memory: one server process owns the database.
 */
export interface ThrottleLimits {
  windowMs: number;
  perAccount: number;
  perAddress: number;
}

export const SIGN_IN_LIMITS: ThrottleLimits = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 30 };

export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: ThrottleLimits = SIGN_IN_LIMITS) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.limits.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Seconds until an attempt for this account from this address is allowed again; 0 when it is now. */
  retryAfter(account: string, address: string | null, now = Date.now()): number {
    const waits: number[] = [];
    const a = this.recent(`account:${account}`, now);
    if (a.length >= this.limits.perAccount) waits.push(a[a.length - this.limits.perAccount]! + this.limits.windowMs - now);
    if (address !== null) {
      const b = this.recent(`address:${address}`, now);
      if (b.length >= this.limits.perAddress) waits.push(b[b.length - this.limits.perAddress]! + this.limits.windowMs - now);
    }
    return waits.length ? Math.ceil(Math.max(...waits) / 1000) : 0;
  }

  fail(account: string, address: string | null, now = Date.now()): void {
    for (const key of [`account:${account}`, ...(address !== null ? [`address:${address}`] : [])]) this.failures.set(key, [...this.recent(key, now), now]);
    // bounded: an attacker cycling through made-up accounts must not grow memory without limit
    if (this.failures.size > 100_000) for (const key of [...this.failures.keys()].slice(0, 10_000)) this.failures.delete(key);
  }

  succeed(account: string): void {
    this.failures.delete(`account:${account}`);
  }
}
