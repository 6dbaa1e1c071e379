// The simulated clock. It runs with real time from an adjustable offset, or stands still when frozen, so tests and
// demos can jump to the day a scheduled change applies. "Today" is the calendar date in a configurable time zone
// (the docs do not say which zone decides "tomorrow"; Asia/Tokyo is the default, see inferred.ts).

export interface ClockState {
  now: string;
  today: string;
  timeZone: string;
  frozen: boolean;
}

export class SimClock {
  #offsetMs = 0;
  #frozenAt: number | undefined;
  readonly timeZone: string;
  readonly #dateFormat: Intl.DateTimeFormat;

  readonly #start: Date | undefined;
  readonly #startFrozen: boolean;

  constructor(timeZone: string, start?: Date, frozen = false) {
    // Throws RangeError for an unknown zone, naming it.
    this.#dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    this.timeZone = timeZone;
    this.#start = start;
    this.#startFrozen = frozen;
    this.restart();
  }

  /** Back to the configured start (or real time): used by the control API's reset. */
  restart(): void {
    this.#frozenAt = undefined;
    this.#offsetMs = 0;
    if (this.#start) this.set(this.#start, this.#startFrozen);
    else if (this.#startFrozen) this.set(new Date(), true);
  }

  nowMs(): number {
    return this.#frozenAt ?? Date.now() + this.#offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Today's date (YYYY-MM-DD) in the clock's time zone. */
  today(): string {
    return this.#dateFormat.format(this.now());
  }

  /** Jumps to `at`; `frozen` stops the clock there until the next set/advance/resume. */
  set(at: Date, frozen = this.#frozenAt !== undefined): void {
    if (Number.isNaN(at.getTime())) throw new RangeError('clock time is not a valid date');
    if (frozen) this.#frozenAt = at.getTime();
    else {
      this.#frozenAt = undefined;
      this.#offsetMs = at.getTime() - Date.now();
    }
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('clock can only move forward by a finite number of milliseconds');
    this.set(new Date(this.nowMs() + ms));
  }

  /** Keeps running with real time, from the current simulated time. */
  resume(): void {
    this.set(this.now(), false);
  }

  state(): ClockState {
    return { now: this.now().toISOString(), today: this.today(), timeZone: this.timeZone, frozen: this.#frozenAt !== undefined };
  }
}
