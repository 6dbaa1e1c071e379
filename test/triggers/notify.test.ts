// The CRM notification activity over real HTTP to a CRM stand-in: signed like inbound events, stable IDs across
// retries, retryable vs final failures, cancellation, and no callback configured.
import { createServer } from 'node:http';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment as BaseMockEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createNotifyActivities, type NotifyResult } from '../../activities/notify.js';
import { computeSignature, verifySignature } from '../../crm/signature.js';
import { startCrmStandIn, TEST_SECRET, type CrmStandIn } from './support.js';

let crm: CrmStandIn;
beforeAll(async () => {
  crm = await startCrmStandIn();
});
afterAll(async () => crm?.close());

/** The mock environment with the expected failure logs silenced (failures are asserted, not printed). */
class MockActivityEnvironment extends BaseMockEnvironment {
  constructor(activityInfo: ConstructorParameters<typeof BaseMockEnvironment>[0]) {
    super(activityInfo, { logger: new DefaultLogger('ERROR') });
  }
}

const info = { activityId: '7', workflowExecution: { workflowId: 'onboard/acme.example', runId: 'run-1' } };

test('a notification arrives signed over "<timestamp>.<body>" in the inbound envelope format', async () => {
  const { notifyCrm } = createNotifyActivities({ callbackUrl: crm.url, secret: TEST_SECRET });
  const result = await new MockActivityEnvironment(info).run(notifyCrm, { type: 'onboarding.dns_records', data: { domain: 'acme.example', records: [{ type: 'TXT' }] } });
  expect(result).toEqual({ delivered: true, id: 'onboard/acme.example/run-1/7/onboarding.dns_records', status: 204 });
  const last = crm.received.at(-1);
  expect(last).toMatchObject({
    signatureValid: true,
    body: { specVersion: '1', id: 'onboard/acme.example/run-1/7/onboarding.dns_records', type: 'onboarding.dns_records', data: { domain: 'acme.example' } },
  });
  expect(Date.parse(String(last?.body.occurredAt))).not.toBeNaN();
});

test('the same activity retried sends the same ID (the CRM can drop the repeat); an explicit ID wins', async () => {
  const { notifyCrm } = createNotifyActivities({ callbackUrl: crm.url, secret: TEST_SECRET });
  const first: NotifyResult = await new MockActivityEnvironment({ ...info, attempt: 1 }).run(notifyCrm, { type: 'onboarding.done', data: {} });
  const second: NotifyResult = await new MockActivityEnvironment({ ...info, attempt: 2 }).run(notifyCrm, { type: 'onboarding.done', data: {} });
  expect(second.id).toBe(first.id);
  const explicit: NotifyResult = await new MockActivityEnvironment(info).run(notifyCrm, { type: 'report.ready', data: {}, id: 'report/2026-10' });
  expect(explicit.id).toBe('report/2026-10');
});

test('5xx and 429 fail retryably, other 4xx fail for good; the secret never appears in the failure', async () => {
  const { notifyCrm } = createNotifyActivities({ callbackUrl: crm.url, secret: TEST_SECRET });
  for (const [status, nonRetryable] of [[503, false], [429, false], [400, true], [401, true]] as const) {
    crm.failNext(1, status);
    const error = await new MockActivityEnvironment(info).run(notifyCrm, { type: 'x.y', data: {} }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'ERR_CRM_CALLBACK', nonRetryable, message: expect.stringContaining(`HTTP ${status}`) });
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(TEST_SECRET);
  }
});

test('an unreachable CRM fails retryably; a cancelled activity aborts its request', async () => {
  const unreachable = createNotifyActivities({ callbackUrl: 'http://127.0.0.1:9/callback', secret: TEST_SECRET, timeoutMs: 2_000 });
  await expect(new MockActivityEnvironment(info).run(unreachable.notifyCrm, { type: 'x.y', data: {} })).rejects.toMatchObject({ nonRetryable: false, message: expect.stringContaining('not delivered') });

  // A CRM that never answers: cancelling the activity must end the request instead of waiting for the timeout.
  // The cancel comes once the CRM has the request (not after a fixed delay, which a loaded machine can outrun).
  let requestsReceived = 0;
  let environment: MockActivityEnvironment | undefined;
  const silent = createServer(() => {
    requestsReceived++;
    environment?.cancel();
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = silent.address() as { port: number };
    const slow = createNotifyActivities({ callbackUrl: `http://127.0.0.1:${port}/`, secret: TEST_SECRET, timeoutMs: 600_000 });
    environment = new MockActivityEnvironment(info);
    const error = await environment.run(slow.notifyCrm, { type: 'x.y', data: {} }).then(
      () => undefined,
      (err: unknown) => err,
    );
    // Reported as the activity's cancellation (not as an undelivered callback), not at the 600 s request timeout
    // (the test's own 120 s timeout is far below it: reaching this line at all means the cancel ended the request).
    expect(error).toBeInstanceOf(CancelledFailure);
    // The request was under way (the CRM got it) when the cancel ended it.
    expect(requestsReceived).toBe(1);
  } finally {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  }
});

test('without a callback the notification is reported as not delivered instead of failing the workflow', async () => {
  const { notifyCrm } = createNotifyActivities(undefined);
  await expect(new MockActivityEnvironment(info).run(notifyCrm, { type: 'x.y', data: {} })).resolves.toMatchObject({ delivered: false, reason: expect.stringContaining('CRM_CALLBACK_URL') });
});

test('signatures: constant-time check of any v1 value, rejects other schemes, malformed values and stale timestamps', () => {
  const body = Buffer.from('{"a":1}');
  const now = 1_800_000_000_000;
  const ts = String(now / 1000);
  const good = computeSignature(TEST_SECRET, ts, body);
  const check = (signatureHeader: string | undefined, timestampHeader: string | undefined = ts, nowMs = now) =>
    verifySignature({ secret: TEST_SECRET, rawBody: body, signatureHeader, timestampHeader, toleranceSeconds: 300, nowMs });
  expect(check(`v1=${good}`)).toEqual({ ok: true });
  // During a secret rotation the CRM may send two signatures; one valid is enough.
  expect(check(`v1=${'0'.repeat(64)}, v1=${good}`)).toEqual({ ok: true });
  expect(check(`v0=${good}`)).toMatchObject({ ok: false });
  expect(check('v1=abc')).toMatchObject({ ok: false });
  expect(check(undefined)).toMatchObject({ ok: false });
  expect(check(`v1=${good}`, 'soon')).toMatchObject({ ok: false });
  expect(check(`v1=${good}`, ts, now + 301_000)).toMatchObject({ ok: false, reason: expect.stringContaining('tolerance') });
  // A timestamp from the future beyond the tolerance is refused too (a pre-signed replay).
  expect(check(`v1=${good}`, ts, now - 301_000)).toMatchObject({ ok: false });
});
