// partnerctl against a real Temporal dev server and worker: spawned as a process (exit codes, --json on stdout)
// and called in-process through main() with the test client.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureSchedules } from '../../workers/schedules.js';
import { addDays, dateInZone, DEFAULT_API_TIME_ZONE } from '../../domain/dates.js';
import { clientFor, journal } from '../helpers/simulator.js';
import { eventually, runCli, startTriggerEnv, type TriggerEnv } from './support.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let t: TriggerEnv;

beforeAll(async () => {
  t = await startTriggerEnv('cli');
});

afterAll(async () => {
  await t?.close();
});

/** Runs `npx tsx cli/partnerctl.ts …` as an operator would, pointed at the test server. */
function spawnCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['--no-install', 'tsx', 'cli/partnerctl.ts', ...args],
      { cwd: ROOT, timeout: 60_000, env: { ...process.env, TEMPORAL_ADDRESS: t.env.address, TEMPORAL_TASK_QUEUE: t.taskQueue, LOG_LEVEL: 'warn' } },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const run = (args: string[]) => runCli(t, args);

const ONBOARD_FLAGS = ['--set', 'companyName=Acme Inc.', '--set', 'phoneNumber=03-0000-0000', '--set', 'timeZone=Asia/Tokyo', '--set', 'locale=ja_JP'];

test('start --wait --json (spawned) runs an onboarding to its end and prints the result as JSON', async () => {
  const { code, stdout, stderr } = await spawnCli(['start', 'onboardCustomer', '--set', 'domain=cli.by-works.com', ...ONBOARD_FLAGS, '--wait', '--json']);
  expect({ code, stderr }).toEqual({ code: 0, stderr: expect.any(String) });
  const printed = JSON.parse(stdout) as { workflowId: string; result: { outcome: string } };
  expect(printed).toMatchObject({ workflowId: 'onboard/cli.by-works.com', type: 'onboardCustomer', result: { outcome: 'ACTIVE' } });
});

test('start with invalid input (spawned) exits 2 naming the fields, and starts nothing', async () => {
  const { code, stdout } = await spawnCli(['start', 'onboardCustomer', '--set', 'domain=Bad_Name', '--set', 'locale=fr_FR', '--json']);
  expect(code).toBe(2);
  const printed = JSON.parse(stdout) as { error: string; problems: string[] };
  expect(printed.error).toContain('invalid input');
  expect(printed.problems.join('\n')).toEqual(expect.stringContaining('companyName'));
  expect(printed.problems.join('\n')).toEqual(expect.stringContaining('locale'));
  expect((await t.env.client.workflow.count('WorkflowId = "onboard/Bad_Name"')).count).toBe(0);
});

test('bad usage exits 2: unknown command, unknown workflow, bad flag values, unknown flags', async () => {
  expect((await run(['frobnicate'])).code).toBe(2);
  expect((await run(['start', 'noSuchWorkflow'])).err).toContain('unknown workflow noSuchWorkflow');
  expect((await run(['list', '--limit', 'many'])).code).toBe(2);
  expect((await run(['list', '--domain-id', 'abc'])).code).toBe(2);
  expect((await run(['status', '--bogus'])).code).toBe(2);
  expect((await run(['start', 'onboardCustomer', '--data', '{not json'])).code).toBe(2);
});

test('status shows the workflow and its status query, human-readable and as JSON; an unknown ID exits 1', async () => {
  await t.env.client.workflow.execute('onboardCustomer', {
    taskQueue: t.taskQueue,
    workflowId: 'onboard/status.by-works.com',
    args: [{ domain: 'status.by-works.com', companyName: 'Acme Inc.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP' }],
  });
  const human = await run(['status', 'onboard/status.by-works.com']);
  expect(human.code).toBe(0);
  expect(human.out).toContain('status: COMPLETED');
  expect(human.out).toContain('domain: status.by-works.com');
  expect(human.out).toContain('onboardingStatus:');
  expect(human.out).toContain('step: DONE');

  const json = await run(['status', 'onboard/status.by-works.com', '--json']);
  expect(JSON.parse(json.out)).toMatchObject({ type: 'onboardCustomer', status: 'COMPLETED', operation: 'onboard', state: 'DONE', details: { step: 'DONE' } });

  const missing = await run(['status', 'onboard/nobody.example', '--json']);
  expect(missing.code).toBe(1);
  expect(JSON.parse(missing.out)).toMatchObject({ error: 'no workflow onboard/nobody.example' });
});

test('list filters by the partner search attributes', async () => {
  await t.env.client.workflow.execute('onboardCustomer', {
    taskQueue: t.taskQueue,
    workflowId: 'onboard/listed.by-works.com',
    args: [{ domain: 'listed.by-works.com', companyName: 'Listed', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP' }],
  });
  const listed = await eventually(async () => {
    const { code, out } = await run(['list', '--domain', 'listed.by-works.com', '--operation', 'onboard', '--state', 'DONE', '--json']);
    const parsed = JSON.parse(out) as { query: string; workflows: Array<{ workflowId: string; domainId?: number }> };
    return code === 0 && parsed.workflows.length > 0 ? parsed : undefined;
  }, 'the workflow in visibility');
  expect(listed.query).toBe('CustomerDomain = "listed.by-works.com" AND PartnerOperation = "onboard" AND PartnerState = "DONE"');
  expect(listed.workflows.map((w) => w.workflowId)).toEqual(['onboard/listed.by-works.com']);

  const byId = await run(['list', '--domain-id', String(listed.workflows[0]?.domainId), '--json']);
  expect((JSON.parse(byId.out) as { workflows: Array<{ workflowId: string }> }).workflows.map((w) => w.workflowId)).toContain('onboard/listed.by-works.com');

  const human = await run(['list', '--domain', 'listed.by-works.com']);
  expect(human.out.split('\n')[0]).toMatch(/^workflowId\s+type\s+status/);
  expect((await run(['list', '--domain', 'say "hi"'])).code).toBe(2);
  expect((await run(['list', '--domain', 'nothing-here.example'])).out).toContain('no workflows');
});

test('signal sends a named signal with JSON arguments; approve needs an approval update and its flags', async () => {
  const handle = await t.env.client.workflow.start('onboardCustomer', {
    taskQueue: t.taskQueue,
    workflowId: 'onboard/signal.example',
    args: [{ domain: 'signal.example', companyName: 'Acme Inc.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP' }],
  });
  const sent = await run(['signal', 'onboard/signal.example', 'recheckDns', '--json']);
  expect(sent.code).toBe(0);
  expect(JSON.parse(sent.out)).toEqual({ workflowId: 'onboard/signal.example', signal: 'recheckDns', args: [] });
  expect((await run(['signal', 'onboard/signal.example', 'recheckDns', '{bad'])).code).toBe(2);
  expect((await run(['signal', 'onboard/nobody.example', 'recheckDns'])).code).toBe(1);

  expect((await run(['approve', 'onboard/signal.example'])).code).toBe(2);
  const notApprovable = await run(['approve', 'onboard/signal.example', '--approver', 'boss', '--reason', 'ok']);
  expect(notApprovable.code).toBe(2);
  expect(notApprovable.err).toContain('takes no approval');

  await handle.terminate('test done');
  const history = await handle.fetchHistory();
  expect((history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'recheckDns')).toHaveLength(1);
});

async function seedLicensedCustomer(domain: string): Promise<{ domainId: number; subscriptionId: number }> {
  const seeded = await fetch(`${t.simulator.url}/_simulator/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customers: [{ domain, companyName: 'Licensed', subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 }] }] }),
  });
  const domainId = ((await seeded.json()) as { domainIds: number[] }).domainIds[0] as number;
  const { body } = await clientFor(t.simulator).call<{ subscriptions: Array<{ subscriptionId: number }> }>('listSubscriptions', { path: { domainId } });
  return { domainId, subscriptionId: body.subscriptions[0]?.subscriptionId as number };
}

test('preview runs a subscription change as a dry run: the plan comes back and nothing is written', async () => {
  const { domainId, subscriptionId } = await seedLicensedCustomer('preview.by-works.com');
  const data = JSON.stringify({ domainId, requestId: 'cli-preview', action: 'ADD_LICENSES', subscriptionId, addLicenses: 3, when: 'now' });
  const { code, out } = await run(['preview', 'changeSubscription', '--data', data, '--json']);
  expect(code).toBe(0);
  const printed = JSON.parse(out) as { workflowId: string; result: { outcome: string; route: string; plan: unknown } };
  expect(printed.workflowId).toBe(`subscription-preview/${domainId}/cli-preview`);
  expect(printed.result).toMatchObject({ outcome: 'PREVIEW', route: 'IMMEDIATE' });
  const { body } = await clientFor(t.simulator).call<{ licenseCount: number }>('getSubscription', { path: { domainId, subscriptionId } });
  expect(body.licenseCount).toBe(10);
  // Workflows without a dry-run mode say so (exit 2).
  expect((await run(['preview', 'onboardCustomer', '--set', 'domain=x.by-works.com', ...ONBOARD_FLAGS])).err).toContain('no dry-run mode');
});

test('a change request ID is used once: starting it again reports the finished workflow instead of applying twice', async () => {
  const { domainId, subscriptionId } = await seedLicensedCustomer('once.by-works.com');
  const data = JSON.stringify({ domainId, requestId: 'cli-once', action: 'ADD_LICENSES', subscriptionId, addLicenses: 2, when: 'now' });
  const first = await run(['start', 'changeSubscription', '--data', data, '--wait', '--json']);
  expect(first.code).toBe(0);
  expect(JSON.parse(first.out)).toMatchObject({ result: { outcome: 'APPLIED' } });
  const again = await run(['start', 'changeSubscription', '--data', data, '--json']);
  expect(again.code).toBe(0);
  expect(JSON.parse(again.out)).toMatchObject({ workflowId: `subscription-change/${domainId}/cli-once`, existing: true });
  const { body } = await clientFor(t.simulator).call<{ licenseCount: number }>('getSubscription', { path: { domainId, subscriptionId } });
  expect(body.licenseCount).toBe(12);
});

test('calendar lists pending scheduled changes and the next runs of the schedules, in date order', async () => {
  await ensureSchedules(t.env.client, t.taskQueue);
  const { domainId, subscriptionId } = await seedLicensedCustomer('calendar.by-works.com');
  const reduce = JSON.stringify({ domainId, requestId: 'cli-renewal', action: 'REDUCE_LICENSES', subscriptionId, licenseCount: 8, when: 'renewal' });
  expect((await run(['start', 'changeSubscription', '--data', reduce, '--wait', '--json'])).code).toBe(0);

  const forCustomer = await run(['calendar', '--domain-id', String(domainId), '--json']);
  expect(forCustomer.code).toBe(0);
  const changes = (JSON.parse(forCustomer.out) as { entries: Array<{ kind: string; id: string; what: string }> }).entries.filter((e) => e.kind === 'change');
  expect(changes).toEqual([expect.objectContaining({ id: expect.stringMatching(new RegExp(`^(calendar.by-works.com|${domainId})$`)), what: expect.stringContaining('RENEWAL_CHANGE') })]);
  expect((await run(['calendar', '--domain-id', 'x'])).code).toBe(2);

  const { code, out } = await run(['calendar', '--json']);
  expect(code).toBe(0);
  const entries = (JSON.parse(out) as { entries: Array<{ kind: string; id: string; when: string }> }).entries;
  expect(entries.filter((e) => e.kind === 'schedule').map((e) => e.id)).toEqual(expect.arrayContaining(['monthly-usage-invoice-report', 'daily-drift-check']));
  expect(entries.every((e, i) => i === 0 || entries[i - 1]!.when <= e.when)).toBe(true);
});

test('workflows lists what can be started', async () => {
  const { code, out } = await run(['workflows', '--json']);
  expect(code).toBe(0);
  expect((JSON.parse(out) as { workflows: Array<{ type: string }> }).workflows.map((w) => w.type)).toEqual(
    expect.arrayContaining(['onboardCustomer', 'monthlyReport', 'driftCheck', 'changeSubscription', 'changeOption', 'licenseRenewal', 'scheduledChangesCalendar']),
  );
});

test('approve runs the cancellation approval update; a second cancellation for the customer meanwhile exits 1', async () => {
  const seeded = await fetch(`${t.simulator.url}/_simulator/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customers: [{ domain: 'approve.by-works.com', companyName: 'Approve', subscriptions: [{ productId: 'STD', plan: 'MONTHLY' }] }] }),
  });
  const domainId = ((await seeded.json()) as { domainIds: number[] }).domainIds[0] as number;
  const workflowId = `cancel/${domainId}`;
  const started = await run(['start', 'cancelCustomer', '--set', `domainId=${domainId}`, '--set', 'mode=NOW', '--set', 'reason=contract ended', '--json']);
  expect(started.code).toBe(0);
  expect(JSON.parse(started.out)).toMatchObject({ workflowId, type: 'cancelCustomer' });
  const busy = await run(['start', 'cancelCustomer', '--set', `domainId=${domainId}`, '--set', 'mode=NOW']);
  expect(busy.code).toBe(1);
  expect(busy.err).toContain('already running');

  await eventually(async () => ((await run(['status', workflowId, '--json'])).out.includes('WAITING_FOR_APPROVAL') ? true : undefined), 'waiting for approval');
  expect((await run(['approve', workflowId, '--approver', 'boss'])).code).toBe(2);
  const approved = await run(['approve', workflowId, '--approver', 'boss', '--reason', 'confirmed', '--json']);
  expect(approved.code).toBe(0);
  expect(JSON.parse(approved.out)).toMatchObject({ workflowId, update: 'approveCancellation' });
  await t.env.client.workflow.getHandle(workflowId).result();
  // Approving again: the workflow has finished, so the approval is refused (exit 1), never applied twice.
  const again = await run(['approve', workflowId, '--approver', 'boss', '--reason', 'again']);
  expect(again.code).toBe(1);
  expect(again.err).toContain('no longer running');
  expect((await journal(t.simulator)).filter((e) => e.operation === 'deleteCustomer' && e.status < 300)).toHaveLength(1);
});

test('start changeOption RESCHEDULE --wait moves the option task (one PATCH); a date outside the window exits 2 naming when, with no call', async () => {
  const { domainId } = await seedLicensedCustomer('reschedule.by-works.com');
  const today = dateInZone(DEFAULT_API_TIME_ZONE, t.simulator.clock.nowMs());
  await clientFor(t.simulator).addOptionProductOrders(domainId, { optionProductId: 'ACV2', type: 'APPLY', subOptionId: 'ACV201', applyDate: addDays(today, 7) });
  const when = addDays(today, 9);
  const data = JSON.stringify({ domainId, requestId: 'cli-move', action: 'RESCHEDULE', optionProductId: 'ACV2', when });
  const moved = await run(['start', 'changeOption', '--data', data, '--wait', '--json']);
  expect(moved.code).toBe(0);
  expect(JSON.parse(moved.out)).toMatchObject({ result: { outcome: 'APPLIED', route: 'OPTION_ORDER', applied: [{ operationId: 'patchOptionProductOrder' }] } });
  expect((await clientFor(t.simulator).listOptionProductOrders(domainId)).optionProductOrders).toEqual([expect.objectContaining({ optionProductId: 'ACV2', applyDate: when })]);
  const patches = async () => (await journal(t.simulator)).filter((e) => e.operation === 'patchOptionProductOrder' || e.operation === 'patchSubscriptionPreOrder');
  expect(await patches()).toHaveLength(1);

  const tooFar = JSON.stringify({ domainId, requestId: 'cli-too-far', action: 'RESCHEDULE', productId: 'STD', when: addDays(today, 40) });
  const refused = await run(['start', 'changeSubscription', '--data', tooFar, '--json']);
  expect(refused.code).toBe(2);
  expect((JSON.parse(refused.out) as { problems: string[] }).problems).toEqual([expect.stringMatching(/^when .* is outside the pre-order window/)]);
  expect(await patches()).toHaveLength(1);
  expect((await t.env.client.workflow.count(`WorkflowId = "subscription-change/${domainId}/cli-too-far"`)).count).toBe(0);
});

test('start bulkChange --wait follows the batch to its end; preview bulkChange plans it under its own batch ID and writes nothing', async () => {
  const a = await seedLicensedCustomer('bulk-a.by-works.com');
  const b = await seedLicensedCustomer('bulk-b.by-works.com');
  const data = JSON.stringify({ batchId: 'cli-bulk', change: { kind: 'subscription', request: { action: 'ADD_LICENSES', addLicenses: 1, when: 'now' } }, customers: { domainIds: [a.domainId, b.domainId] } });
  const preview = await run(['preview', 'bulkChange', '--data', data, '--json']);
  expect(preview.code).toBe(0);
  expect(JSON.parse(preview.out)).toMatchObject({ workflowId: 'bulk-change/cli-bulk.preview', result: { outcome: 'DONE', preview: true, counts: { PREVIEW: 2 } } });
  const previewed = await clientFor(t.simulator).call<{ licenseCount: number }>('getSubscription', { path: { domainId: a.domainId, subscriptionId: a.subscriptionId } });
  expect(previewed.body.licenseCount).toBe(10);

  const started = await run(['start', 'bulkChange', '--data', data, '--wait', '--json']);
  expect(started.code).toBe(0);
  expect(JSON.parse(started.out)).toMatchObject({ workflowId: 'bulk-change/cli-bulk', result: { outcome: 'DONE', processed: 2, counts: { APPLIED: 2 }, files: ['bulk-change-cli-bulk.csv', 'bulk-change-cli-bulk.json'] } });
  for (const { domainId, subscriptionId } of [a, b]) {
    const { body } = await clientFor(t.simulator).call<{ licenseCount: number }>('getSubscription', { path: { domainId, subscriptionId } });
    expect(body.licenseCount).toBe(11);
  }
});
