// A limiter clock that only moves when a test tells it to, so limiter tests count calls instead of timing them.
import type { LimiterClock } from '../../../partner-api/rate-limit.js';

/** A clock that only moves when told; sleepers wake when it passes their deadline. */
export class FakeClock implements LimiterClock {
  time = 1_000_000;
  sleepers: Array<{ until: number; wake: () => void; fail: (reason: unknown) => void }> = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const sleeper = { until: this.time + ms, wake: resolve, fail: reject };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(signal.reason);
      });
    });
  }

  advance(ms: number): void {
    this.time += ms;
    const due = this.sleepers.filter((s) => s.until <= this.time);
    this.sleepers = this.sleepers.filter((s) => s.until > this.time);
    for (const s of due) s.wake();
  }
}

/** Lets pending promise callbacks run (bounded). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

