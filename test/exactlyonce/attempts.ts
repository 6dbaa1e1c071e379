// Drives one activity through successive attempts the way Temporal's retry does (MockActivityEnvironment per attempt,
// each given the previous attempt's last heartbeat details), recording what each attempt heartbeated and where the
// simulator's journal stood when it began and ended. The first retry comes after `firstRetryMs` whatever the failure
// asked for (as when the worker died and the heartbeat timeout fired); later ones honour `nextRetryDelay`.
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { parseDuration } from '../../domain/durations.js';

export interface AttemptRecord {
  attempt: number;
  heartbeats: unknown[];
  /** Journal length when the attempt began and ended. */
  journalFrom: number;
  journalTo: number;
  failure?: ApplicationFailure;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function delayMs(delay: unknown): number {
  if (typeof delay === 'number') return delay;
  if (typeof delay === 'string') return parseDuration(delay) ?? 1_000;
  return 1_000;
}

export async function runAttempts<T>(
  activity: () => Promise<T>,
  journalLength: () => Promise<number>,
  { firstRetryMs = 1_000, maxAttempts = 6 }: { firstRetryMs?: number; maxAttempts?: number } = {},
): Promise<{ result: T; attempts: AttemptRecord[] }> {
  const attempts: AttemptRecord[] = [];
  let details: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const env = new MockActivityEnvironment(
      { attempt, heartbeatDetails: details, startToCloseTimeoutMs: 60_000, currentAttemptScheduledTimestampMs: Date.now() },
      { logger: new DefaultLogger('ERROR') },
    );
    const record: AttemptRecord = { attempt, heartbeats: [], journalFrom: await journalLength(), journalTo: 0 };
    attempts.push(record);
    env.on('heartbeat', (d: unknown) => {
      record.heartbeats.push(d);
      details = d;
    });
    try {
      const result = (await env.run(activity)) as T;
      record.journalTo = await journalLength();
      return { result, attempts };
    } catch (err) {
      record.journalTo = await journalLength();
      if (!(err instanceof ApplicationFailure) || err.nonRetryable) throw err;
      record.failure = err;
      await sleep(attempt === 1 ? firstRetryMs : delayMs(err.nextRetryDelay));
    }
  }
  throw new Error(`no success in ${maxAttempts} attempts: ${attempts.map((a) => a.failure?.message).join(' | ')}`);
}
