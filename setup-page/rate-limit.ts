// "Check now" once per interval per link: each press is a signal and a DNS check of the customer's servers, so a
// held-down key or a script must not turn the page into a load generator. Kept in memory: a restart forgets it, which
// at worst allows one extra press.
export class PerLinkLimiter {
  readonly #last = new Map<string, number>();

  constructor(
    readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Accepts and records the press, or says how many seconds to wait. */
  take(link: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.now();
    for (const [key, at] of this.#last) if (now - at >= this.intervalMs) this.#last.delete(key);
    const last = this.#last.get(link);
    if (last !== undefined) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((last + this.intervalMs - now) / 1000)) };
    this.#last.set(link, now);
    return { ok: true };
  }
}
