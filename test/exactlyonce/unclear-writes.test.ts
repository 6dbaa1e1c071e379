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
  expect(beats).toEqual([{ operationId: 'addLicenseCount', writeSentAt: expect.any(Number) }, { operationId: 'addLicenseCount' }]);
  expect(api.requests.at(-1)).toMatchObject({ method: 'POST' });
});
