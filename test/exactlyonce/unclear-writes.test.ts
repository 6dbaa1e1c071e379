// Activity unit tests (MockActivityEnvironment) of the guarded write's budget and of the crash path, against a
// loopback stand-in of the API that records every request: nothing may be sent when the answer cannot arrive in time,
// and an attempt that follows one which sent the write and died re-reads only after the settle delay.
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { applyPlannedCall } from '../../activities/subscriptions.js';
import type { GuardedWriteHeartbeat } from '../../activities/unclear-write.js';
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { MIN_REQUEST_MS, PartnerApiClient } from '../../partner-api/client.js';
import { PartnerNotSentError } from '../../partner-api/errors.js';
import { startLoopbackServer, type LoopbackServer } from '../partner-api/support/loopback-server.js';

let api: LoopbackServer;
beforeAll(async () => {
  api = await startLoopbackServer(() => ({ status: 200, body: { subscriptions: [{ subscriptionId: 7, licenseCount: 10 }] } }));
});
afterAll(async () => api?.close());

const client = () => new PartnerApiClient({ baseUrl: `${api.url}/v1.0`, tokens: new StaticTokenProvider('token'), rateLimits: false });
const call = {
  operationId: 'addLicenseCount' as const,
  path: { domainId: 1, subscriptionId: 7 },
  body: { addLicenseCount: 5 },
  guard: { kind: 'LICENSE_COUNT' as const, subscriptionId: 7, before: 10, target: 15 },
  summary: 'add 5',
};

test('a request whose caller has less than MIN_REQUEST_MS left (after the limiter and the token) is not sent', async () => {
  const before = api.requests.length;
  const error = await client()
    .call('addLicenseCount', { path: call.path, body: call.body, deadline: Date.now() + MIN_REQUEST_MS - 1_000 })
    .catch((err: unknown) => err);
  expect(error).toBeInstanceOf(PartnerNotSentError);
  expect(error).toMatchObject({ code: 'ERR_PARTNER_NOT_SENT', retryable: true });
  expect(api.requests.length).toBe(before);
});

test('after an attempt that sent the write and died (heartbeat details), the next one waits out the settle delay before it reads', async () => {
  const before = api.requests.length;
  const sentAt = Date.now() - 30_000;
  const attempt = new MockActivityEnvironment(
    {
      attempt: 2,
      startToCloseTimeoutMs: 180_000,
      currentAttemptScheduledTimestampMs: Date.now(),
      heartbeatDetails: { operationId: 'addLicenseCount', writeSentAt: sentAt } satisfies GuardedWriteHeartbeat,
    },
    { logger: new DefaultLogger('ERROR') },
  );
  const error = await attempt.run(() => applyPlannedCall(client(), call, '2 minutes')).catch((err: unknown) => err);
  expect(error).toBeInstanceOf(ApplicationFailure);
  expect(error).toMatchObject({ type: 'ERR_UNCLEAR_WRITE', nonRetryable: false });
  const delay = (error as ApplicationFailure).nextRetryDelay as number;
  expect(delay).toBeGreaterThan(80_000);
  expect(delay).toBeLessThanOrEqual(90_000);
  expect(api.requests.length).toBe(before); // not even a read before the settle delay has passed
});

test('a guarded write records "write sent" in its heartbeat details before it sends', async () => {
  const beats: unknown[] = [];
  const attempt = new MockActivityEnvironment({ startToCloseTimeoutMs: 180_000, currentAttemptScheduledTimestampMs: Date.now() }, { logger: new DefaultLogger('ERROR') });
  attempt.on('heartbeat', (d: unknown) => beats.push(d));
  const result = await attempt.run(() => applyPlannedCall(client(), call, '2 minutes'));
  expect(result).toMatchObject({ outcome: 'APPLIED' });
  // "Sent" before the request, then "answered" (nothing left to settle) once the answer came.
  expect(beats).toEqual([{ operationId: 'addLicenseCount', writeSentAt: expect.any(Number), inFlightUntil: expect.any(Number) }, { operationId: 'addLicenseCount' }]);
  expect(api.requests.at(-1)).toMatchObject({ method: 'POST' });
});

/** The retry delay a second attempt gets from an earlier attempt's heartbeat record, and the requests it made. */
async function settleAfter(record: GuardedWriteHeartbeat): Promise<{ delay: number; requests: number }> {
  const before = api.requests.length;
  const attempt = new MockActivityEnvironment(
    { attempt: 2, startToCloseTimeoutMs: 180_000, currentAttemptScheduledTimestampMs: Date.now(), heartbeatDetails: record },
    { logger: new DefaultLogger('ERROR') },
  );
  const error = await attempt.run(() => applyPlannedCall(client(), call, '2 minutes')).catch((err: unknown) => err);
  expect(error).toMatchObject({ type: 'ERR_UNCLEAR_WRITE', nonRetryable: false });
  return { delay: (error as ApplicationFailure).nextRetryDelay as number, requests: api.requests.length - before };
}

test('a worker that died mid-write: the settle delay counts from the latest moment its request could be in flight, not from "sent"', async () => {
  // Handed to the client 100 s ago; the client may have waited for its limiter and the rate-limit gate, so the request
  // could have been in flight until the attempt's deadline, 20 s ago.
  const now = Date.now();
  const { delay, requests } = await settleAfter({ operationId: 'addLicenseCount', writeSentAt: now - 100_000, inFlightUntil: now - 20_000 });
  expect(delay).toBeGreaterThan(95_000); // 120 s from the deadline, not 20 s from "sent"
  expect(delay).toBeLessThanOrEqual(100_000);
  expect(requests).toBe(0);
});

test('an attempt that saw its write end unclearly: the settle delay counts from that end', async () => {
  const now = Date.now();
  const { delay } = await settleAfter({ operationId: 'addLicenseCount', writeSentAt: now - 100_000, inFlightUntil: now + 30_000, endedAt: now - 60_000 });
  expect(delay).toBeGreaterThan(55_000);
  expect(delay).toBeLessThanOrEqual(60_000);
});

test('an unclear end records when the request ended before the attempt fails', async () => {
  // Reads answer; the write gets a 500 (it may or may not have been committed).
  const failingWrites = await startLoopbackServer((request) =>
    request.method === 'GET' ? { status: 200, body: { subscriptions: [{ subscriptionId: 7, licenseCount: 10 }] } } : { status: 500, body: { code: 'INTERNAL', description: 'boom' } },
  );
  try {
    const beats: GuardedWriteHeartbeat[] = [];
    const attempt = new MockActivityEnvironment({ startToCloseTimeoutMs: 180_000, currentAttemptScheduledTimestampMs: Date.now() }, { logger: new DefaultLogger('ERROR') });
    attempt.on('heartbeat', (d: GuardedWriteHeartbeat) => beats.push(d));
    const failing = new PartnerApiClient({ baseUrl: `${failingWrites.url}/v1.0`, tokens: new StaticTokenProvider('token'), rateLimits: false });
    const error = await attempt.run(() => applyPlannedCall(failing, call, '2 minutes')).catch((err: unknown) => err);
    expect(error).toMatchObject({ nonRetryable: false, message: expect.stringContaining('re-reading in 2 minutes') });
    const last = beats.at(-1)!;
    expect(last).toMatchObject({ operationId: 'addLicenseCount', writeSentAt: expect.any(Number), inFlightUntil: expect.any(Number), endedAt: expect.any(Number) });
    expect(last.endedAt!).toBeGreaterThanOrEqual(last.writeSentAt!);
  } finally {
    await failingWrites.close();
  }
});
