// Client-side pacing per API operation. LINE WORKS counts requests per operation per minute (240 on paid plans, 60 on
// Free) for the partner's whole tenant. Two layers, both per operation:
//   1. a sliding window: at most `limit` requests in ANY window of `windowMs` from this process, so it also holds for
//      whatever fixed minute the server counts in; callers that exceed it wait (FIFO) instead of failing;
//   2. the partner-wide gate (partner-wide-pacing.ts): paces by the API's own rateLimit-remaining / rateLimit-reset
//      headers, which count every worker process of the partner, and holds every caller until the reset after a 429.
// docs/partner-api-client.md "Rate limits" describes the design and its limits.
import { PartnerWideGate, type PacingOptions } from './partner-wide-pacing.js';

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
  /** Pacing by the API's headers across processes (reserve, share, jitter); `false` keeps only the sliding window. */
  partnerWide?: PacingOptions | false;
}

export const DEFAULT_REQUESTS_PER_MINUTE = 240;

/** One limiter per API operation, created on first use. */
export class OperationRateLimits {
  readonly #limiters = new Map<string, SlidingWindowLimiter>();
  readonly #gates = new Map<string, PartnerWideGate>();
  readonly #options: RateLimitOptions;

  constructor(options: RateLimitOptions = {}) {
    this.#options = options;
  }

  /** The partner-wide gate of `operation`; undefined when turned off. */
  gateFor(operation: string): PartnerWideGate | undefined {
    if (this.#options.partnerWide === false) return undefined;
    let gate = this.#gates.get(operation);
    if (!gate) {
      gate = new PartnerWideGate(this.#options.clock ?? realClock, this.#options.partnerWide);
      this.#gates.set(operation, gate);
    }
    return gate;
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

  /**
   * Waits until a request to `operation` may be sent; returns the ms waited. Every acquire must be followed by
   * `answered` (an HTTP answer came) or `unanswered` (it did not, or it was never sent).
   */
  async acquire(operation: string, signal?: AbortSignal): Promise<number> {
    const waited = await this.limiterFor(operation).acquire(signal);
    const gate = this.gateFor(operation);
    return gate ? waited + (await gate.acquire(signal)) : waited;
  }

  /** An HTTP answer to an acquired request: the partner-wide gate learns the window from its headers. */
  answered(operation: string, status: number, headers: Record<string, string | string[] | undefined>): void {
    this.#gates.get(operation)?.observe(status, headers);
  }

  /** An acquired request got no answer (network error, timeout, abort) or was not sent. */
  unanswered(operation: string): void {
    this.#gates.get(operation)?.release();
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
