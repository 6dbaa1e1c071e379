// Observability end to end: a real Temporal dev server, a real worker with the real activities and the observability
// interceptors, the simulator over HTTP, a CRM stand-in, the webhook over HTTP. The worker's /metrics is scraped and
// counters are compared with what the simulator's journal saw; spans are collected in memory and must form one trace
// from the webhook to the Partner API call; /readyz must say "not ready" before the worker polls and "ready" after.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/ports.js';
import { Writable } from 'node:stream';
import { Client, isGrpcServiceError, ServiceError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { FastifyInstance } from 'fastify';
import { parse } from 'yaml';
import { createActivities } from '../../activities/index.js';
import { signatureHeaders } from '../../crm/signature.js';
import { createLogger } from '../../lib/logger.js';
import { workerReadiness } from '../../observability/health.js';
import { startObservabilityServer, type ObservabilityServer } from '../../observability/http-server.js';
import { APP_METRIC_NAMES, createMetrics } from '../../observability/metrics.js';
import { partnerApiObserver } from '../../observability/partner-api-observer.js';
import { clientTracing, startTracing, WORKFLOW_TRACING_MODULES } from '../../observability/tracing.js';
import { workerObservabilityOptions } from '../../observability/worker-interceptors.js';
import { refreshWorkflowsWaiting } from '../../observability/workflows-waiting.js';
import { workflowMetricsSinks } from '../../observability/workflow-metrics-sink.js';
import { addDays } from '../../domain/dates.js';
import { dnsDeadlineDecisionUpdate, type ChangeSubscriptionResult, type DnsDeadlineDecision, type OnboardingStatus } from '../../workflows/index.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { SIMULATOR_TOKEN } from '../../partner-api/from-config.js';
import { buildWebhookApp, EVENTS_PATH } from '../../webhook/app.js';
import { installRuntimeLogger, sdkMetricsUrl } from '../../workers/runtime.js';
import { createWorker, workflowBundleOptions } from '../../workers/worker.js';
import { clientFor, journal, startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';
import { startSimulatedDns } from '../../scripts/simulated-dns.js';
import type { AuthoritativeDnsServer } from '../../dns/authoritative-server.js';
import { seedCustomer, simToday, STD_CUSTOMER } from '../subscriptions/support.js';
import { bundleWorkflows, createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { recordedHistories } from '../replay/histories.js';
import { eventually, startCrmStandIn, TEST_SECRET, type CrmStandIn } from '../triggers/support.js';

const logLines: Array<Record<string, unknown>> = [];
const logger = createLogger(
  { level: 'info' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  }),
);

const spans = new InMemorySpanExporter();
const tracing = startTracing({ serviceName: 'observability-test', spanProcessor: new SimpleSpanProcessor(spans) })!;
const metrics = createMetrics();
const sdkTelemetry = { prometheusBindAddress: '' };

let env: TestWorkflowEnvironment;
let simulator: RunningSimulator;
/** The simulated customers' authoritative DNS (as npm start runs it): records published through the control API. */
let simDns: AuthoritativeDnsServer;
let crm: CrmStandIn;
let server: ObservabilityServer;
let worker: Worker | undefined;
let bundle: WorkflowBundleWithSourceMap;
let running: Promise<void> | undefined;
let webhook: FastifyInstance;
let webhookUrl: string;
let client: Client;
let dataDir: string;
const taskQueue = uniqueTaskQueue('observability');

beforeAll(async () => {
  // The SDK's Prometheus exporter needs the runtime installed before anything else creates it.
  sdkTelemetry.prometheusBindAddress = `127.0.0.1:${await freePort()}`;
  installRuntimeLogger(logger, 'WARN', sdkTelemetry);
  [env, simulator, crm] = await Promise.all([createLocalEnv(), startTestSimulator(), startCrmStandIn()]);
  simDns = await startSimulatedDns(simulator.state, await freePort());
  client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default', interceptors: clientTracing() });
  server = await startObservabilityServer({
    host: '127.0.0.1',
    port: 0,
    registry: metrics.registry,
    sdkMetricsUrl: sdkMetricsUrl(sdkTelemetry),
    readiness: workerReadiness(
      () => worker,
      () => env.nativeConnection,
    ),
    beforeScrape: () => refreshWorkflowsWaiting(client, metrics),
  });
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'observability-'));
  webhook = buildWebhookApp({ client, taskQueue, secret: TEST_SECRET, crmStateFile: path.join(dataDir, 'crm-state.json'), metrics });
  webhookUrl = `${await webhook.listen({ port: 0, host: '127.0.0.1' })}${EVENTS_PATH}`;
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await webhook?.close();
  await server?.close();
  await Promise.all([simulator?.app.close(), crm?.close(), simDns?.close()]);
  await tracing.shutdown();
  await env?.teardown();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function get(path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, text: await response.text() };
}

/** The value of one sample in the scrape, e.g. sample(text, 'lineworks_api_requests_total', { operation: 'createCustomer' }). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[4]);
  }
  return undefined;
}

async function onboard(domain: string) {
  return client.workflow.start('onboardCustomer', {
    taskQueue,
    workflowId: `onboard/${domain}`,
    args: [{ domain, companyName: 'Observed Inc.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP' }],
  });
}

test('readiness: not ready before the worker polls, ready once it does; liveness answers throughout', async () => {
  expect((await get('/healthz')).status).toBe(200);
  const before = await get('/readyz');
  expect(before.status).toBe(503);
  expect(JSON.parse(before.text)).toMatchObject({ status: 'not ready' });

  bundle = await bundleWorkflowCode(workflowBundleOptions(WORKFLOW_TRACING_MODULES));
  const partner = new PartnerApiClient({
    baseUrl: simulator.baseUrl,
    tokens: new StaticTokenProvider(SIMULATOR_TOKEN),
    timeoutMs: 5_000,
    logger: logger.child({ component: 'partner-api' }),
    observer: partnerApiObserver(metrics),
  });
  worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: bundle,
    observability: workerObservabilityOptions(metrics, tracing),
    activities: createActivities({
      client: partner,
      dns: { resolvers: [simDns.server], authoritativePort: simDns.port, timeoutMs: 1_000 },
      notify: { callbackUrl: crm.url, secret: TEST_SECRET, timeoutMs: 5_000 },
    }),
  });
  // Created but not yet polling.
  expect((await get('/readyz')).status).toBe(503);
  running = worker.run();
  const ready = await eventually(async () => {
    const answer = await get('/readyz');
    return answer.status === 200 ? answer : undefined;
  }, 'the worker to be ready');
  expect(JSON.parse(ready.text)).toMatchObject({ status: 'ready' });
});

test('a scrape counts the Partner API calls the simulator saw, by operation and status class, and the notifications', async () => {
  // One notification attempt fails (the CRM answers 500): counted as failed, then delivered on the retry.
  crm.failNext(1, 500);
  await Promise.all(['metrics-a.by-works.com', 'metrics-b.by-works.com'].map(async (domain) => (await onboard(domain)).result()));

  const seen = await journal(simulator);
  const created = seen.filter((e) => e.operation === 'createCustomer' && e.status < 300).length;
  expect(created).toBe(2);
  // Notifications are delivered by detached workflows of their own (workflows/notifications/): the onboardings'
  // results come first, and the failed attempt is retried after Temporal's back-off.
  const delivered = async () => {
    const scrape = await get('/metrics');
    return sample(scrape.text, 'lineworks_notifications_total', { type: 'onboarding.completed', outcome: 'delivered' }) === 2 ? scrape : undefined;
  };
  const { text } = await eventually(delivered, 'both onboarding.completed notifications to be delivered');
  expect(sample(text, 'lineworks_api_requests_total', { operation: 'createCustomer', status_class: '2xx' })).toBe(created);
  const verified = seen.filter((e) => e.operation === 'verifyDomain' && e.status < 300).length;
  expect(sample(text, 'lineworks_api_requests_total', { operation: 'verifyDomain', status_class: '2xx' })).toBe(verified);
  expect(sample(text, 'lineworks_api_request_duration_seconds_count', { operation: 'createCustomer' })).toBe(created);
  expect(sample(text, 'lineworks_api_rate_limit_remaining', { operation: 'createCustomer' })).toBeGreaterThan(0);
  expect(sample(text, 'lineworks_api_token_requests_total', { scope: 'partner', outcome: 'issued' })).toBe(1);
  expect(sample(text, 'lineworks_notifications_total', { type: 'onboarding.completed', outcome: 'delivered' })).toBe(2);
  expect(sample(text, 'lineworks_notifications_total', { outcome: 'failed' })).toBe(1);
  expect(sample(text, 'lineworks_notifications_undelivered')).toBe(0);
  // The Temporal SDK's runtime metrics are in the same answer.
  expect(text).toMatch(/^temporal_\w+/m);

  // A log line of a Partner API call made inside an activity names its workflow, run and activity.
  const line = logLines.find((l) => l.msg === 'partner api call' && l.operation === 'createCustomer' && String(l.workflowId).startsWith('onboard/metrics-a'));
  expect(line).toMatchObject({ workflowId: 'onboard/metrics-a.by-works.com', activityType: 'ensureCustomer' });
  expect(typeof line?.runId).toBe('string');
});

test('an onboarding waiting for DNS shows in workflows waiting by state, and its DNS checks are counted', async () => {
  const handle = await onboard('waiting.example');
  await eventually(async () => ((await handle.query<{ step: string }>('onboardingStatus')).step === 'WAITING_FOR_DNS' ? true : undefined), 'the DNS wait');
  // The gauge is counted by visibility, not by this worker: the same query an operator would run.
  const direct = await client.workflow.count('ExecutionStatus = "Running" AND PartnerState = "WAITING_FOR_DNS"');
  const waiting = await eventually(async () => {
    const value = sample((await get('/metrics')).text, 'lineworks_workflows_waiting', { state: 'waiting_for_dns' });
    return value !== undefined && value >= 1 ? value : undefined;
  }, `the waiting workflow to be counted (visibility says ${direct.count})`);
  expect(waiting).toBe(1);
  await eventually(async () => sample((await get('/metrics')).text, 'lineworks_dns_checks_total', { result: 'error' }) ?? sample((await get('/metrics')).text, 'lineworks_dns_checks_total', { result: 'not_yet' }), 'a DNS check');
  await handle.terminate('test done');
});

let untracedBundle: WorkflowBundleWithSourceMap | undefined;
/**
 * Replays a committed history recorded by the code before this change (test/replay/histories/, which
 * test/replay/replay.test.ts replays too) on the current code. It was recorded by a worker without tracing, so it
 * replays without the tracing interceptors: those change when an update's completion is sent, so a history made
 * without them does not replay with them (docs/operations.md, "Traces").
 */
async function replayRecorded(name: string, options: { sinks?: ReturnType<typeof workflowMetricsSinks> } = {}): Promise<void> {
  const [recorded] = recordedHistories((file) => file === `${name}.json`);
  untracedBundle ??= await bundleWorkflows();
  await Worker.runReplayHistory({ workflowBundle: untracedBundle, ...options }, recorded!.history, recorded!.workflowId);
}

test('a change stopped by the collision guard is counted once as blocked_by_collision_guard, and not again on replay', async () => {
  const domainId = await seedCustomer(simulator, { ...STD_CUSTOMER, domain: 'guarded.example' });
  const sub = (await clientFor(simulator).listSubscriptions(domainId)).subscriptions!.find((s) => s.productId === 'STD')!;
  // A scheduled ADD_LICENSE that adding licenses now would delete: the guard stops the change.
  await clientFor(simulator).addSubscriptionReservation(domainId, String(sub.subscriptionId), { type: 'ADD_LICENSE', applyDate: addDays(await simToday(simulator), 20), licenseCount: 7 });
  const workflowId = `subscription-change/${domainId}/guarded`;
  const handle = await client.workflow.start('changeSubscription', {
    taskQueue,
    workflowId,
    args: [{ domainId, requestId: 'guarded', action: 'ADD_LICENSES', subscriptionId: sub.subscriptionId, addLicenses: 1, when: 'now' }],
  });
  const result = (await handle.result()) as ChangeSubscriptionResult;
  expect(result.outcome).toBe('BLOCKED');
  const operation = result.plan.calls.at(-1)!.operationId;
  expect(operation).toBe('addLicenseCount');

  const blocked = () => get('/metrics').then(({ text }) => sample(text, 'lineworks_guarded_writes_total', { operation, outcome: 'blocked_by_collision_guard' }));
  // Sinks are called after the workflow task completes: the count may land a moment after the result.
  expect(await eventually(blocked, 'the blocked change to be counted')).toBe(1);
  expect((await journal(simulator)).filter((e) => e.operation === operation)).toEqual([]);

  // The sink adds no command: this run's history, and one recorded before the sink existed, replay on the current
  // code. A replay worker given the counting sink does not count again (callDuringReplay: false).
  const replaySinks = workflowMetricsSinks(metrics);
  await Worker.runReplayHistory({ workflowBundle: bundle, sinks: replaySinks }, await handle.fetchHistory(), workflowId);
  await replayRecorded('changeSubscription-blocked-by-collision-guard', { sinks: replaySinks });
  expect(await blocked()).toBe(1);
});

test('the time from DNS records handed out to activation is observed once the customer publishes them', async () => {
  const domain = 'published.example';
  const handle = await client.workflow.start('onboardCustomer', {
    taskQueue,
    workflowId: `onboard/${domain}`,
    args: [{ domain, companyName: 'Published Inc.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP', dnsWait: { initialInterval: '1s', grace: '0s' } }],
  });
  // The records are handed out by a notification of its own delivery workflow: wait until the CRM has it.
  const scrape = async () => (await get('/metrics')).text;
  const handedOut = () => crm.received.find((r) => r.body.type === 'onboarding.dns_records' && (r.body.data as { domain?: string }).domain === domain);
  await eventually(async () => handedOut(), 'the DNS records handed out');
  expect(sample(await scrape(), 'lineworks_dns_wait_to_activation_seconds_count')).toBe(0);

  const published = await fetch(`${simulator.url}/_simulator/dns/${domain}/publish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(published.status).toBe(201);
  await handle.signal('recheckDns');
  expect(await handle.result()).toMatchObject({ outcome: 'ACTIVE' });
  const text = await scrape();
  expect(sample(text, 'lineworks_dns_wait_to_activation_seconds_count')).toBe(1);
  expect(sample(text, 'lineworks_dns_checks_total', { result: 'propagated' })).toBeGreaterThanOrEqual(1);
});

/**
 * Sends the deadline decision. The server refuses an update (FAILED_PRECONDITION) when the workflow task carrying it
 * is dropped, e.g. while the workflow's own deadline notification is being started: the caller sends it again.
 */
const GRPC_FAILED_PRECONDITION = 9;
async function decide(handle: WorkflowHandle, decision: DnsDeadlineDecision): Promise<void> {
  await eventually(
    () =>
      handle.executeUpdate(dnsDeadlineDecisionUpdate, { args: [decision] }).then(
        () => true,
        (err: unknown) => {
          if (err instanceof ServiceError && isGrpcServiceError(err.cause) && err.cause.code === GRPC_FAILED_PRECONDITION) return undefined;
          throw err;
        },
      ),
    'the decision to be accepted',
  );
}

test('an onboarding past its DNS deadline shows as dns_deadline_reached while it waits for a decision, and the alert rule watches that series', async () => {
  const domain = 'deadline.example';
  const handle = await client.workflow.start('onboardCustomer', {
    taskQueue,
    workflowId: `onboard/${domain}`,
    args: [{ domain, companyName: 'Deadline Inc.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP', dnsWait: { initialInterval: '1s', deadline: '2s' } }],
  });
  const step = async () => (await handle.query<OnboardingStatus>('onboardingStatus')).step;
  const reached = async () => ((await step()) === 'DNS_DEADLINE_REACHED' ? true : undefined);
  await eventually(reached, 'the DNS deadline');
  const waiting = (state: string) => get('/metrics').then(({ text }) => sample(text, 'lineworks_workflows_waiting', { state }));
  expect(await eventually(async () => ((await waiting('dns_deadline_reached')) === 1 ? 1 : undefined), 'the run past its deadline to be counted')).toBe(1);

  // The DnsWaitsPastDeadline rule selects exactly that series: its metric and labels are in the scrape.
  const rules = parse(readFileSync(new URL('../../deploy/observability/alert-rules.yml', import.meta.url), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
  const rule = rules.groups.flatMap((g) => g.rules).find((r) => r.alert === 'DnsWaitsPastDeadline')!;
  const selector = /(\w+)\{([^}]*)\}/.exec(rule.expr)!;
  const labels = Object.fromEntries([...selector[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  expect({ metric: selector[1], labels }).toEqual({ metric: 'lineworks_workflows_waiting', labels: { state: 'dns_deadline_reached' } });
  expect(sample((await get('/metrics')).text, selector[1]!, labels)).toBe(1);

  // Extended: the wait goes on as WAITING_FOR_DNS (the series drops to 0) until the new deadline; then cancelled. The
  // extension (10 s) is long enough for a poll on a loaded machine to see the wait between the two deadlines.
  await decide(handle, { action: 'extend', extendBy: '10s', decidedBy: 'observability test' });
  await eventually(async () => ((await step()) === 'WAITING_FOR_DNS' ? true : undefined), 'the wait to go on after the extension');
  await eventually(reached, 'the extended deadline');
  await decide(handle, { action: 'cancel', decidedBy: 'observability test' });
  expect(await handle.result()).toMatchObject({ outcome: 'CANCELLED' });
  expect(await eventually(async () => ((await waiting('dns_deadline_reached')) === 0 ? 0 : undefined), 'the cancelled run to leave the gauge')).toBe(0);

  // patched(): this run (with the marker) and one recorded before the change (deadline, extension, deadline, cancel:
  // PartnerState stayed WAITING_FOR_DNS) both replay on the current code.
  await Worker.runReplayHistory({ workflowBundle: bundle }, await handle.fetchHistory(), handle.workflowId);
  await replayRecorded('onboardCustomer-dns-deadline-extend-cancel');
});

test('spans form one trace from the webhook request through the workflow and activity to the Partner API call', async () => {
  spans.reset();
  const raw = JSON.stringify({ specVersion: '1', id: `evt-trace-${process.pid}`, type: 'customer.contracted', occurredAt: new Date().toISOString(), data: { domain: 'traced.by-works.com', companyName: 'Traced Inc.', phoneNumber: '03-0000-0000' } });
  const response = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...signatureHeaders(TEST_SECRET, raw) }, body: raw });
  expect(response.status).toBe(202);
  await client.workflow.getHandle('onboard/traced.by-works.com').result();
  const refused = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
  expect(refused.status).toBe(401);

  const root = await eventually(async () => spans.getFinishedSpans().find((s) => s.name === 'POST /crm/events'), 'the webhook span');
  const trace = (): ReadableSpan[] => spans.getFinishedSpans().filter((s) => s.spanContext().traceId === root.spanContext().traceId);
  const call = await eventually(async () => trace().find((s) => s.name === 'partner-api createCustomer'), 'the createCustomer span in the trace');
  const names = trace().map((s) => s.name);
  expect(names).toEqual(expect.arrayContaining(['StartWorkflow:onboardCustomer', 'RunWorkflow:onboardCustomer', 'RunActivity:ensureCustomer']));
  const activity = trace().find((s) => s.name === 'RunActivity:ensureCustomer')!;
  expect(call.parentSpanId).toBe(activity.spanContext().spanId);
  expect(call.attributes).toMatchObject({ 'lineworks.operation': 'createCustomer', 'http.response.status_code': 201, 'lineworks.attempt': 1 });
  expect(root.attributes['http.response.status_code']).toBe(202);

  const text = (await get('/metrics')).text;
  expect(sample(text, 'lineworks_webhook_events_total', { outcome: 'accepted', reason: 'customer.contracted' })).toBe(1);
  expect(sample(text, 'lineworks_webhook_events_total', { outcome: 'rejected', reason: 'unauthenticated' })).toBe(1);
});

test('every metric the dashboard and the alert rules use exists in a scrape', async () => {
  const text = (await get('/metrics')).text;
  const scraped = new Set([...text.matchAll(/^# TYPE (\S+) (\w+)/gm)].flatMap((m) => (m[2] === 'histogram' ? [m[1]!, `${m[1]}_bucket`, `${m[1]}_sum`, `${m[1]}_count`] : [m[1]!])));
  for (const line of text.split('\n')) if (/^[a-z_]/.test(line)) scraped.add(line.split(/[{ ]/)[0]!);
  scraped.add('up'); // Prometheus's own series for every scrape target.
  for (const name of APP_METRIC_NAMES) expect(scraped).toContain(name);

  const dashboard = JSON.parse(readFileSync(new URL('../../deploy/observability/grafana/dashboards/lineworks-partner.json', import.meta.url), 'utf8')) as { panels: Array<{ title: string; targets?: Array<{ expr: string }> }> };
  const rules = parse(readFileSync(new URL('../../deploy/observability/alert-rules.yml', import.meta.url), 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
  const expressions = [
    ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((t) => ({ where: `panel ${panel.title}`, expr: t.expr }))),
    ...rules.groups.flatMap((group) => group.rules.map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr }))),
  ];
  expect(expressions.length).toBeGreaterThan(5);
  const PROMQL_WORDS = new Set(['sum', 'by', 'rate', 'increase', 'max', 'min', 'histogram_quantile', 'le', 'or', 'and', 'unless', 'on', 'vector', 'absent', 'count', 'clamp_min', 'without', 'avg', 'topk', 'bool', 'ignoring', 'group_left']);
  const missing = expressions.flatMap(({ where, expr }) =>
    [...expr.replace(/\{[^}]*\}/g, '').replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').matchAll(/\b([a-z_][a-z0-9_]*)\b/g)]
      .map((m) => m[1]!)
      .filter((word) => !PROMQL_WORDS.has(word) && !scraped.has(word) && !/^(operation|status_class|state|outcome|reason|result|job|instance|type|scope)$/.test(word))
      .map((word) => `${where}: ${word}`),
  );
  expect(missing).toEqual([]);
});

// Last: after a 429 every createCustomer call of this worker waits for the reset it names (60 s), partner-wide pacing
// (docs/partner-api-client.md), so the onboardings of the other tests would wait too.
test('one 429 injected by the simulator is counted once, as 4xx and as rate limited', async () => {
  await fetch(`${simulator.url}/_simulator/faults/createCustomer/next`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'tooManyRequests', count: 1 }),
  });
  // The activity retries after the 60 s the 429 asks for; the count is what matters here, so the run is ended after.
  const handle = await onboard('limited.by-works.com');
  const limited = await eventually(async () => sample((await get('/metrics')).text, 'lineworks_api_rate_limited_total', { operation: 'createCustomer' }), 'the 429 to be counted');
  expect(limited).toBe(1);
  const text = (await get('/metrics')).text;
  expect(sample(text, 'lineworks_api_requests_total', { operation: 'createCustomer', status_class: '4xx' })).toBe(1);
  expect(sample(text, 'lineworks_api_rate_limit_remaining', { operation: 'createCustomer' })).toBe(0);
  expect((await journal(simulator)).filter((e) => e.operation === 'createCustomer' && e.status === 429)).toHaveLength(1);
  await handle.terminate('test done');
});
