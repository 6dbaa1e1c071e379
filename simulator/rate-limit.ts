// Per-operation rate limit: a fixed one-minute window per API operation (the docs count per operation and domain;
// the simulator serves one partner, so per operation), counting every client and token together, as LINE WORKS
// counts the partner's whole tenant. Windows run on the simulated clock. The answers' headers are in rateLimitHeaders.

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window starts again. */
  reset: number;
  used: number;
}

const WINDOW_MS = 60_000;

export class RateLimiter {
  readonly #windows = new Map<string, { startMs: number; count: number }>();
  readonly #overrides = new Map<string, number>();
  /** Calls answered 429 per operation since the last reset (tests and benchmarks read it: GET /_simulator/rate-limits). */
  readonly #refused = new Map<string, number>();

  constructor(public perMinute: number) {}

  setLimit(operation: string | undefined, perMinute: number): void {
    if (operation) this.#overrides.set(operation, perMinute);
    else this.perMinute = perMinute;
  }

  limits(): { default: number; operations: Record<string, number>; refused: Record<string, number> } {
    return { default: this.perMinute, operations: Object.fromEntries(this.#overrides), refused: Object.fromEntries(this.#refused) };
  }

  /** Counts one request to `operation` at `nowMs`. */
  take(operation: string, nowMs: number): RateDecision {
    const limit = this.#overrides.get(operation) ?? this.perMinute;
    let window = this.#windows.get(operation);
    if (!window || nowMs - window.startMs >= WINDOW_MS || nowMs < window.startMs) {
      window = { startMs: nowMs, count: 0 };
      this.#windows.set(operation, window);
    }
    const reset = Math.max(1, Math.ceil((window.startMs + WINDOW_MS - nowMs) / 1000));
    if (window.count >= limit) {
      this.#refused.set(operation, (this.#refused.get(operation) ?? 0) + 1);
      return { allowed: false, limit, remaining: 0, reset, used: window.count };
    }
    window.count++;
    return { allowed: true, limit, remaining: limit - window.count, reset, used: window.count };
  }

  /** Forgets the counted requests (control API reset); configured limits stay. */
  clearWindows(): void {
    this.#windows.clear();
    this.#refused.clear();
  }

  reset(defaultPerMinute: number): void {
    this.#windows.clear();
    this.#refused.clear();
    this.#overrides.clear();
    this.perMinute = defaultPerMinute;
  }
}

/**
 * The headers of a rate-limited answer, spelled as conventions.md §3.2 documents them: the applied limit, calls left,
 * seconds to the reset, and calls used (`rateLimit-ssed`, the docs' spelling, probably a typo of "used").
 */
export function rateLimitHeaders(rate: RateDecision): Record<string, number> {
  return { 'rateLimit-limit': rate.limit, 'rateLimit-remaining': rate.remaining, 'rateLimit-reset': rate.reset, 'rateLimit-ssed': rate.used };
}
