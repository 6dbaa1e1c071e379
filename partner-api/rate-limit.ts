// Client-side pacing so one worker process never draws a 429 on its own.
// LINE WORKS counts requests per API operation per minute (240 on paid plans, 60 on Free) for the partner's tenant.
// A sliding window guarantees at most `limit` requests in ANY window of `windowMs`, so it also holds for whatever
// fixed minute the server counts in. Callers that exceed it wait (FIFO) instead of failing.
// Several worker processes share the partner's limit: see docs/partner-api-client.md for Temporal's task-queue limit.

/** Time source, injectable so tests can count calls without waiting on a real clock. */
export interface LimiterClock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  /** Window length in ms. Default 60000 (the API's per-minute limits). */
  windowMs?: number;
}

/**
 * Sliding-window limiter. Each acquire reserves the earliest slot that keeps at most `limit` slots inside any window,
 * then waits for it. Reservations are handed out in call order, so waiting callers are served first-come first-served.
 */
export class SlidingWindowLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly #clock: LimiterClock;
  /** Start times of granted and reserved slots, ascending; only the last `limit` matter. */
  #slots: number[] = [];

  constructor(rate: RateLimit, clock: LimiterClock = realClock) {
    if (!Number.isInteger(rate.limit) || rate.limit < 1) throw new RangeError(`rate limit must be a positive whole number, got ${rate.limit}`);
    this.limit = rate.limit;
    this.windowMs = rate.windowMs ?? 60_000;
    this.#clock = clock;
  }

  /** Waits until a request may be sent; returns the ms waited. Rejects with the signal's reason on abort. */
  async acquire(signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) throw signal.reason;
    const now = this.#clock.now();
    this.#slots = this.#slots.filter((t) => t > now - this.windowMs);
    const blocking = this.#slots.length >= this.limit ? this.#slots[this.#slots.length - this.limit] : undefined;
    const slot = blocking === undefined ? now : Math.max(now, blocking + this.windowMs);
    this.#slots.push(slot);
    if (slot <= now) return 0;
    try {
      await this.#clock.sleep(slot - now, signal);
    } catch (err) {
      // Give the slot back. Later reservations keep their (now slightly conservative) times.
      const index = this.#slots.indexOf(slot);
      if (index >= 0) this.#slots.splice(index, 1);
      throw err;
    }
    return slot - now;
  }
}

export interface RateLimitOptions {
  /** Requests per minute for every operation. Default 240 (paid plans); use 60 on the Free plan. */
  perMinute?: number;
  /** Per-operation overrides, requests per minute. */
  perOperation?: Partial<Record<string, number>>;
  /** Window length in ms. Default 60000. */
  windowMs?: number;
  clock?: LimiterClock;
}

export const DEFAULT_REQUESTS_PER_MINUTE = 240;

/** One limiter per API operation, created on first use. */
export class OperationRateLimits {
  readonly #limiters = new Map<string, SlidingWindowLimiter>();
  readonly #options: RateLimitOptions;

  constructor(options: RateLimitOptions = {}) {
    this.#options = options;
  }

  limiterFor(operation: string): SlidingWindowLimiter {
    let limiter = this.#limiters.get(operation);
    if (!limiter) {
      const limit = this.#options.perOperation?.[operation] ?? this.#options.perMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
      limiter = new SlidingWindowLimiter({ limit, windowMs: this.#options.windowMs }, this.#options.clock);
      this.#limiters.set(operation, limiter);
    }
    return limiter;
  }

  acquire(operation: string, signal?: AbortSignal): Promise<number> {
    return this.limiterFor(operation).acquire(signal);
  }
}

const shared = new Map<string, OperationRateLimits>();

/**
 * The process-wide limiters for one API base URL and per-minute limit, so every client a worker builds for the same
 * partner API draws on the same budget.
 */
export function sharedRateLimits(baseUrl: string, perMinute: number = DEFAULT_REQUESTS_PER_MINUTE): OperationRateLimits {
  const key = `${perMinute} ${baseUrl}`;
  let limits = shared.get(key);
  if (!limits) {
    limits = new OperationRateLimits({ perMinute });
    shared.set(key, limits);
  }
  return limits;
}
