// Pacing by the API's own rate-limit headers, so several worker processes together stay under the partner-wide limit.
// LINE WORKS counts each operation for the whole partner and says so on every answer (conventions.md §3.2):
// `rateLimit-remaining` (calls left in the window, counted for every client of the partner) and `rateLimit-reset`
// (seconds until the window starts again). One gate per operation per process:
//   - after each answer it learns the partner-wide remaining count and the reset time, less this process's own calls
//     still in flight (the server may not have counted them yet) and less what it has sent since;
//   - it keeps `reserve` calls of every window unused, and lets at most 1/`share` of what is left be in flight unseen
//     at once, so other processes' calls it has not heard of yet cannot push the window over (docs/partner-api-client.md
//     "Several workers" for the bound);
//   - when the estimate reaches the reserve, or on a 429, every caller of the operation in this process waits until
//     the reset plus a random jitter drawn per process (so processes do not all start again at the same instant);
//   - at the start and after a reset, one probe call goes first and the others wait for its answer (the new window);
//     a probe unanswered for 2 s (a slow or hung call) lets another one go.
// Against a server whose first answer has no rate-limit headers the gate stays open (the sliding window alone paces).
import type { LimiterClock } from './rate-limit.js';

/** What one answer says about the operation's partner-wide window. */
export interface RateWindow {
  /** Calls left in the window, all of the partner's clients together. */
  remaining: number;
  /** Seconds until the window starts again. */
  resetSeconds: number;
  limit?: number;
}

type Headers = Record<string, string | string[] | undefined>;

function headerNumber(headers: Headers, name: string): number | undefined {
  const raw = headers[name];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw === undefined || raw === '' || !Number.isFinite(value) || value < 0 ? undefined : value;
}

/** Reads `rateLimit-remaining` and `rateLimit-reset` (Node lower-cases header names); undefined without both. */
export function rateWindowFrom(headers: Headers): RateWindow | undefined {
  const remaining = headerNumber(headers, 'ratelimit-remaining');
  const resetSeconds = headerNumber(headers, 'ratelimit-reset');
  if (remaining === undefined || resetSeconds === undefined) return undefined;
  const limit = headerNumber(headers, 'ratelimit-limit');
  return { remaining, resetSeconds, ...(limit === undefined ? {} : { limit }) };
}

export interface PacingOptions {
  /** Calls of every window this process leaves unused (it waits for the reset at this estimate). Default 3. */
  reserve?: number;
  /** At most 1/share of the calls left may be in flight, unanswered, at once (at least one). Default 8. */
  share?: number;
  /** Upper bound of the random extra wait after a reset, ms. Default 1000. */
  jitterMs?: number;
  /** Random numbers in [0, 1) for the jitter; injectable for tests. */
  random?: () => number;
}

/** How long a waiter sleeps at most before looking again, when it waits for an answer rather than for a time. */
const RECHECK_MS = 1_000;
/** A probe unanswered this long (a slow or hung call) does not hold the others back: another probe may go. */
const PROBE_PATIENCE_MS = 2_000;
/** Two answers whose reset times are this close describe the same window (reset is in whole seconds, plus latency). */
const SAME_WINDOW_MS = 5_000;

export class PartnerWideGate {
  readonly reserve: number;
  readonly share: number;
  readonly #jitterMs: number;
  readonly #random: () => number;
  readonly #clock: LimiterClock;
  /** Undefined until the first answer; false when it came without the headers (such a server leaves the gate open). */
  #headersSeen?: boolean;
  /** The current window as this process knows it; undefined before the first answer and after the reset. */
  #window?: { estimate: number; resetAt: number; budgetAtAnswer: number };
  /** Nobody sends before this time (the reset after an exhausted window or a 429, plus this process's jitter). */
  #blockedUntil = 0;
  #inFlight = 0;
  /** When the last call went out without a known window (a probe). */
  #probeSentAt = -Infinity;
  /** Waiters to wake when an answer changes what is known. */
  readonly #wakers = new Set<() => void>();

  constructor(clock: LimiterClock, options: PacingOptions = {}) {
    this.reserve = options.reserve ?? 3;
    this.share = options.share ?? 8;
    this.#jitterMs = options.jitterMs ?? 1_000;
    this.#random = options.random ?? Math.random;
    this.#clock = clock;
  }

  /** Calls sent and not answered yet. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Waits until a call may be sent and counts it as in flight; returns the ms waited. Rejects on abort. */
  async acquire(signal?: AbortSignal): Promise<number> {
    const start = this.#clock.now();
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const now = this.#clock.now();
      const waitMs = this.#waitMs(now);
      if (waitMs <= 0) {
        this.#inFlight++;
        if (this.#window) this.#window.estimate--;
        else this.#probeSentAt = now;
        return now - start;
      }
      await this.#sleepOrWake(waitMs, signal);
    }
  }

  /** The answer to a call this gate let through: learns the window from its headers. */
  observe(status: number, headers: Headers): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    const now = this.#clock.now();
    const answer = rateWindowFrom(headers);
    // A success without the headers means a server that sends none; errors (401 before the count) decide nothing.
    if (answer) this.#headersSeen = true;
    else if (status < 300 && this.#headersSeen === undefined) this.#headersSeen = false;
    if (answer) this.#learn(answer, now);
    if (status === 429) {
      // Every caller of this operation waits for the reset the server named (60 s when it named none).
      // The window is spent: after the wait, a probe learns the next one.
      const resetAt = now + (answer?.resetSeconds ?? 60) * 1_000;
      this.#window = { estimate: 0, resetAt, budgetAtAnswer: 0 };
      this.#block(resetAt);
    }
    this.#wakeAll();
  }

  /** A call this gate let through ended without an answer (network error, timeout, abort). */
  release(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    this.#wakeAll();
  }

  #learn(answer: RateWindow, now: number): void {
    const resetAt = now + answer.resetSeconds * 1_000;
    // The server may not have counted this process's other calls in flight yet: count them as spent.
    const estimate = answer.remaining - this.#inFlight;
    const known = this.#window;
    if (known && resetAt < known.resetAt - SAME_WINDOW_MS) return; // a late answer from a window already over
    if (known && Math.abs(resetAt - known.resetAt) <= SAME_WINDOW_MS) {
      // Same window: remaining only goes down, so a lower figure is the newer one; keep the later reset (safer).
      known.estimate = Math.min(known.estimate, estimate);
      known.resetAt = Math.max(known.resetAt, resetAt);
      known.budgetAtAnswer = Math.min(known.budgetAtAnswer, known.estimate - this.reserve);
      return;
    }
    this.#window = { estimate, resetAt, budgetAtAnswer: estimate - this.reserve };
  }

  #block(until: number): void {
    this.#blockedUntil = Math.max(this.#blockedUntil, until + Math.floor(this.#random() * this.#jitterMs));
  }

  /** 0 when a call may go now, else how long to wait at most before looking again. */
  #waitMs(now: number): number {
    if (this.#headersSeen === false) return 0;
    if (now < this.#blockedUntil) return this.#blockedUntil - now;
    const known = this.#window;
    if (!known || now >= known.resetAt) {
      // The first call, or a new window: one probe learns it; the rest wait for its answer (or its patience).
      this.#window = undefined;
      const patienceLeft = this.#probeSentAt + PROBE_PATIENCE_MS - now;
      return this.#inFlight === 0 || patienceLeft <= 0 ? 0 : Math.min(RECHECK_MS, patienceLeft);
    }
    if (known.estimate <= this.reserve) {
      this.#block(known.resetAt);
      return this.#blockedUntil - now;
    }
    const inFlightCap = Math.max(1, Math.floor(known.budgetAtAnswer / this.share));
    return this.#inFlight < inFlightCap ? 0 : RECHECK_MS;
  }

  #wakeAll(): void {
    const wakers = [...this.#wakers];
    this.#wakers.clear();
    for (const wake of wakers) wake();
  }

  /** Sleeps `ms`, or less when an answer arrives first; rejects with the signal's reason on abort. */
  async #sleepOrWake(ms: number, signal?: AbortSignal): Promise<void> {
    const stop = new AbortController();
    const onAbort = () => stop.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const woken = new Promise<void>((resolve) => {
      const wake = () => {
        stop.abort(WOKEN);
        resolve();
      };
      this.#wakers.add(wake);
      stop.signal.addEventListener('abort', () => this.#wakers.delete(wake), { once: true });
    });
    try {
      await Promise.race([this.#clock.sleep(ms, stop.signal), woken]);
    } catch (err) {
      if (err !== WOKEN) throw err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (!stop.signal.aborted) stop.abort(WOKEN);
    }
  }
}

/** The reason a sleeper is cut short by an answer (not an error). */
const WOKEN = Symbol('woken by an answer');
