// The fault-matrix harness behind `npm run chaos` and its CI test: a real Temporal dev server on a SQLite file, the
// simulator over HTTP with seeded API faults, a CRM stand-in that is down for a while, and two worker processes that
// are SIGKILLed (and restarted) at random points; the dev server is restarted once on its SQLite file. A mix of write
// workflows runs through it (mix.ts); the oracle is the simulator's final state and its journal, whose fault labels
// explain every duplicate or loss (oracle.ts). Bounded: every wait has a limit.
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../../lib/dev-server.js';
import { serviceClient } from '../../lib/temporal-client.js';
import { startSimulator } from '../../simulator/app.js';
import { seeded } from '../../simulator/faults.js';
import type { JournalEntry } from '../../simulator/state.js';
import { MIX_WRITE_OPERATIONS, startCancellations, startTimedChanges, startTransfers, startUserCaps, type MixContext, type Started } from './mix.js';
import { checkWrites, committed, faultCounts, type ExpectedWrite } from './oracle.js';
import { workflowBundleOptions } from '../../workers/worker.js';
import {
  changeOption,
  changeSubscription,
  crmNotificationsQuery,
  onboardCustomer,
  optionChangeWorkflowId,
  subscriptionChangeWorkflowId,
  type CrmDeliveryStatus,
} from '../../workflows/index.js';
import { findTemporalCli } from '../tools/temporal-cli.js';
import { startWorkerProcess, type WorkerProcess } from './processes.js';

export interface ChaosOptions {
  seed: number;
  /** Customers, each with a 10-license STD subscription and a CST_S option of quantity 2. */
  customers: number;
  /** Additive changes (license adds and option quantity adds, "now"), spread over the customers. */
  changes: number;
  /** Group-name onboardings (each sends a CRM notification). */
  onboardings: number;
  /** Subscription and option changes on a date and at renewal, one per extra customer (mix.ts). Default 0. */
  timedChanges?: number;
  /** User-cap changes, one per additive customer (at most `customers`). Default 0. */
  userCaps?: number;
  /** Immediate cancellations (approved by an update), of extra customers. Default 0. */
  cancellations?: number;
  /** Transfers of Online Direct tenants. Default 0. */
  transfers?: number;
  /** Worker SIGKILLs (each followed by a restart of that worker). */
  kills: number;
  /** Restart the dev server once, on its SQLite file. */
  restartServer: boolean;
  /** Unclear-write settle delay of the workers (production: 2 minutes); longer than the slowest late commit. */
  settle: string;
  /** Upper bound of the whole run. */
  timeoutMs: number;
  log?: (line: string) => void;
}

export const DEFAULT_CHAOS: ChaosOptions = {
  seed: 11,
  customers: 6,
  changes: 40,
  onboardings: 6,
  timedChanges: 8,
  userCaps: 6,
  cancellations: 3,
  transfers: 3,
  kills: 20,
  restartServer: true,
  settle: '12s',
  timeoutMs: 15 * 60_000,
};

export interface ChaosReport {
  seed: number;
  workflows: number;
  completed: number;
  failed: number;
  stuck: number;
  /** Units written beyond what was asked (license or quantity), over every subscription and option. */
  duplicateWrites: number;
  /** Units asked for but not written. */
  lostWrites: number;
  notifications: number;
  undeliveredNotifications: number;
  kills: number;
  serverRestarts: number;
  /** Injected faults by kind, as labelled in the simulator's journal: on every call, and on writes. */
  injectedFaults: Record<string, number>;
  faultsOnWrites: Record<string, number>;
  /** Writes committed under a fault that hid them from the client (late commits, commit-then-fail): each absorbed once. */
  committedUnderFault: number;
  /** After each kill while work was open: time until the next workflow completed (progress resumed), in seconds. */
  recoveryP50Seconds: number | null;
  recoveryP95Seconds: number | null;
  failures: string[];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every message down a failure's cause chain (workflow → activity → the API's answer). */
function causeChain(err: unknown): string {
  const messages: string[] = [];
  for (let e = err as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.message) messages.push(e.message);
  return messages.join(' <- ');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `promise`'s value, or undefined once `ms` have passed; the timer is cleared either way (a pending one would keep the process, e.g. a jest worker, alive after the run). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A CRM callback endpoint that answers 503 while `down`, and records what it accepted. */
async function startCrm(): Promise<{ url: string; server: Server; received: Set<string>; setDown(down: boolean): void }> {
  const received = new Set<string>();
  let down = false;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (down) return void res.writeHead(503).end();
      received.add((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`, server, received, setDown: (d) => void (down = d) };
}

interface Customer {
  domainId: number;
  subscriptionId: number;
  licenses: number;
  optionQuantity: number;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => {});
  // The run's decisions (changes, kill times, victims) follow the seed, like the simulator's faults.
  const random = seeded(options.seed);
  const cliPath = findTemporalCli();
  if (!cliPath) throw new Error('the Temporal CLI is not installed: run `npm start` or `npm test` once (they install it)');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'chaos-'));
  const dbFile = path.join(dir, 'temporal.sqlite');
  const [port, uiPort] = [await freePort(), await freePort()];
  const startedAt = Date.now();
  const deadline = startedAt + options.timeoutMs;
  const failures: string[] = [];
  const workers: Array<WorkerProcess | undefined> = [undefined, undefined];
  let server: DevServer | undefined;
  let connection: Connection | undefined;
  const sim = await startSimulator(0, { faultSeed: options.seed });
  const crm = await startCrm();
  const control = async (method: string, p: string, body?: unknown) => {
    const r = await fetch(`${sim.url}/_simulator${p}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
    if (!r.ok) throw new Error(`control ${method} ${p}: ${r.status} ${await r.text()}`);
    const text = await r.text();
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  try {
    server = await startDevServer({ cliPath, port, uiPort, dbFile });
    const bundle = await bundleWorkflowCode(workflowBundleOptions());
    const bundleFile = path.join(dir, 'workflows.js');
    await writeFile(bundleFile, bundle.code);
    const taskQueue = `chaos-${options.seed}`;
    const workerEnv = {
      WORKER_TEMPORAL_ADDRESS: server.address,
      WORKER_TASK_QUEUE: taskQueue,
      WORKER_SIMULATOR_URL: sim.url,
      WORKER_BUNDLE_FILE: bundleFile,
      WORKER_SETTLE: options.settle,
      WORKER_TIMEOUT_MS: '5000',
      WORKER_CRM_URL: crm.url,
      WORKER_CRM_SECRET: 'chaos-secret-0123456789abcdef-0123456789',
    };
    const startWorker = async (index: number) => {
      workers[index] = await startWorkerProcess(workerEnv);
    };
    await Promise.all([startWorker(0), startWorker(1)]);
    log(`dev server ${server.address}, simulator ${sim.url}, 2 workers`);

    // The world: customers with a subscription and an option.
    const timedCount = options.timedChanges ?? 0;
    const cancelCount = options.cancellations ?? 0;
    const tenants = Array.from({ length: options.transfers ?? 0 }, (_, i) => ({ domain: `direct-${i}.example`, partnerCode: `Chaos${i}` }));
    const seededWorld = (await control('POST', '/seed', {
      customers: Array.from({ length: options.customers + timedCount + cancelCount }, (_, i) => ({
        domain: `chaos-${i}.example`,
        companyName: `Chaos ${i}`,
        activated: true,
        memberCount: 5,
        subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 }],
        options: [{ optionProductId: 'CST_S', subOptionId: 'CST_S01', quantity: 2 }],
      })),
      potentialCustomers: tenants,
    })) as { domainIds: number[] };
    const world: Customer[] = [];
    for (const domainId of seededWorld.domainIds) {
      const subs = (await (await fetch(`${sim.baseUrl}/partners/customers/${domainId}/subscriptions`, { headers: { authorization: 'Bearer simulator-token' } })).json()) as {
        subscriptions: Array<{ subscriptionId: number; licenseCount: number }>;
      };
      world.push({ domainId, subscriptionId: subs.subscriptions[0]!.subscriptionId, licenses: 10, optionQuantity: 2 });
    }
    // Additive customers first, then one per timed change, then the ones to cancel.
    const customers = world.slice(0, options.customers);
    const timedCustomers = world.slice(options.customers, options.customers + timedCount);
    const toCancel = world.slice(options.customers + timedCount);

    // API faults on every operation, seeded: 5xx, 429s, hangs, slow answers (some landing after the 5 s client
    // timeout: late commits) and commit-then-fail (with an error, and with a dropped connection on the adds).
    // (A 429 costs a minute: its rateLimit-reset is 60 s.)
    await control('PUT', '/faults/*', { rates: { error: 0.03, tooManyRequests: 0.01, hang: 0.01, slow: 0.03 }, delayMs: 7_000 });
    const writeRates = { error: 0.05, tooManyRequests: 0.02, hang: 0.03, slow: 0.08, commitThenFail: 0.12 };
    await control('PUT', '/faults/addLicenseCount', { rates: writeRates, delayMs: 7_000, mode: 'drop' });
    await control('PUT', '/faults/addOptionProductQuantity', { rates: writeRates, delayMs: 7_000, mode: 'error' });
    // The seeded rates may spare the writes a plain 5xx or 429 in a short run: the adds meet one of each for sure.
    for (const operation of ['addLicenseCount', 'addOptionProductQuantity']) {
      await control('POST', `/faults/${operation}/next`, { kind: 'error', status: 503 });
      await control('POST', `/faults/${operation}/next`, { kind: 'tooManyRequests' });
    }
    // Every other write of the mix meets the same faults, and each at least one late commit and one dropped connection.
    for (const [i, operation] of MIX_WRITE_OPERATIONS.entries()) {
      await control('PUT', `/faults/${operation}`, { rates: writeRates, delayMs: 7_000, mode: i % 2 === 0 ? 'drop' : 'error' });
      await control('POST', `/faults/${operation}/next`, { kind: 'slow', delayMs: 7_000 });
      await control('POST', `/faults/${operation}/next`, { kind: 'commitThenFail', mode: 'drop' });
    }

    connection = await Connection.connect({ address: server.address });
    const client = serviceClient({ connection });
    const handles: Array<WorkflowHandle> = [];
    const expected = new Map<number, { licenses: number; quantity: number }>(customers.map((c) => [c.domainId, { licenses: c.licenses, quantity: c.optionQuantity }]));
    for (let i = 0; i < options.changes; i++) {
      const customer = customers[Math.floor(random() * customers.length)]!;
      const requestId = `chaos-${i}`;
      const amount = 1 + Math.floor(random() * 3);
      if (random() < 0.5) {
        expected.get(customer.domainId)!.licenses += amount;
        handles.push(
          await client.workflow.start(changeSubscription, {
            taskQueue,
            workflowId: subscriptionChangeWorkflowId(customer.domainId, requestId),
            args: [{ domainId: customer.domainId, requestId, action: 'ADD_LICENSES', subscriptionId: customer.subscriptionId, addLicenses: amount, when: 'now' }],
          }),
        );
      } else {
        expected.get(customer.domainId)!.quantity += amount;
        handles.push(
          await client.workflow.start(changeOption, {
            taskQueue,
            workflowId: optionChangeWorkflowId(customer.domainId, requestId),
            args: [{ domainId: customer.domainId, requestId, action: 'ADD_QUANTITY', optionProductId: 'CST_S', addQuantity: amount, when: 'now' }],
          }),
        );
      }
    }
    const onboardings: WorkflowHandle[] = [];
    for (let i = 0; i < options.onboardings; i++) {
      // Group names: at most 22 characters (the input rule), so the seed and index stay short.
      const domain = `c${options.seed % 100_000}-${i}.by-works.com`;
      onboardings.push(
        await client.workflow.start(onboardCustomer, {
          taskQueue,
          workflowId: `onboard/${domain}`,
          args: [{ domain, companyName: `Chaos ${i}`, phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP' }],
        }),
      );
    }
    const today = ((await (await fetch(`${sim.url}/_simulator/clock`)).json()) as { today: string }).today;
    const mix: MixContext = { client, taskQueue, today, deadline };
    const capped = await startUserCaps(mix, customers.slice(0, options.userCaps ?? 0).map((c) => c.domainId));
    const others: Started[] = [
      ...capped,
      ...(await startTimedChanges(mix, timedCustomers)),
      ...(await startCancellations(mix, toCancel.map((c) => c.domainId), (line) => failures.push(line))),
      ...(await startTransfers(mix, tenants)),
    ];
    const onboardingWrites: ExpectedWrite[] = onboardings.map((h, i) => {
      const domain = `c${options.seed % 100_000}-${i}.by-works.com`;
      return { workflowId: h.workflowId, operation: 'createCustomer', label: `onboarding of ${domain}`, matches: (e: JournalEntry) => (e.body as { domain?: string } | undefined)?.domain === domain };
    });
    const all = [...handles, ...onboardings, ...others.map((o) => o.handle)];
    log(`${all.length} workflows started`);

    // Watch completions (for the recovery times) while the chaos runs.
    const closedAt = new Map<string, number>();
    const outcome = new Map<string, 'completed' | 'failed'>();
    for (const h of all) {
      h.result().then(
        () => (closedAt.set(h.workflowId, Date.now()), outcome.set(h.workflowId, 'completed')),
        (err: unknown) => (closedAt.set(h.workflowId, Date.now()), outcome.set(h.workflowId, 'failed'), failures.push(`${h.workflowId}: ${causeChain(err)}`)),
      );
    }

    // The CRM is down for a while early on; the kills come at random 2-8 s intervals; the server restarts once.
    crm.setDown(true);
    const crmUpAt = Date.now() + 30_000;
    const kills: number[] = [];
    let restarted = 0;
    const restartAfterKill = Math.floor(options.kills / 2);
    while (kills.length < options.kills && Date.now() < deadline) {
      await sleep(2_000 + random() * 6_000);
      if (Date.now() > crmUpAt) crm.setDown(false);
      const victim = Math.floor(random() * workers.length);
      workers[victim]!.signal('SIGKILL');
      await workers[victim]!.exited;
      kills.push(Date.now());
      log(`kill ${kills.length}: worker ${victim} (${outcome.size}/${all.length} closed)`);
      if (options.restartServer && restarted === 0 && kills.length === restartAfterKill) {
        await server.stop();
        server = await startDevServer({ cliPath, port, uiPort, dbFile });
        restarted += 1;
        log('dev server restarted on its SQLite file');
      }
      await startWorker(victim);
    }
    crm.setDown(false);
    // Faults stay on: every workflow must finish through them.
    let lastLogged = 0;
    while (outcome.size < all.length && Date.now() < deadline) {
      await sleep(1_000);
      if (Date.now() - lastLogged > 15_000) {
        lastLogged = Date.now();
        log(`${outcome.size}/${all.length} closed`);
      }
    }
    // The oracle reads the simulator without faults.
    await control('DELETE', '/faults');

    // Notifications: every delivery workflow of every completed onboarding must end DELIVERED.
    const deliveries: string[] = [];
    for (const h of onboardings) {
      if (outcome.get(h.workflowId) !== 'completed') continue;
      try {
        for (const sent of await h.query(crmNotificationsQuery)) if (sent.deliveryWorkflowId) deliveries.push(sent.deliveryWorkflowId);
      } catch (err) {
        failures.push(`${h.workflowId} crmNotifications: ${String(err)}`);
      }
    }
    let undelivered = 0;
    for (const id of deliveries) {
      const handle = client.workflow.getHandle(id);
      const result = (await within(handle.result(), Math.max(1_000, deadline - Date.now()))) as CrmDeliveryStatus | undefined;
      if (result?.state !== 'DELIVERED') undelivered += 1;
    }

    // The oracle: the simulator's final state against what was asked, and the journal's fault labels.
    let duplicateWrites = 0;
    let lostWrites = 0;
    for (const c of customers) {
      const headers = { authorization: 'Bearer simulator-token' };
      const subs = (await (await fetch(`${sim.baseUrl}/partners/customers/${c.domainId}/subscriptions`, { headers })).json()) as { subscriptions: Array<{ licenseCount: number }> };
      const opts = (await (await fetch(`${sim.baseUrl}/partners/customers/${c.domainId}/option-products`, { headers })).json()) as { optionProducts: Array<{ optionProductId: string; quantity: number }> };
      const want = expected.get(c.domainId)!;
      const gotLicenses = subs.subscriptions[0]!.licenseCount;
      const gotQuantity = opts.optionProducts.find((o) => o.optionProductId === 'CST_S')!.quantity;
      for (const diff of [gotLicenses - want.licenses, gotQuantity - want.quantity]) {
        if (diff > 0) duplicateWrites += diff;
        if (diff < 0) lostWrites -= diff;
      }
      if (gotLicenses !== want.licenses || gotQuantity !== want.quantity) {
        failures.push(`domainId ${c.domainId}: licenses ${gotLicenses} (want ${want.licenses}), CST_S quantity ${gotQuantity} (want ${want.quantity})`);
      }
    }
    for (const c of capped) {
      const usage = (await (await fetch(`${sim.baseUrl}/partners/customers/${c.domainId}/usage-status`, { headers: { authorization: 'Bearer simulator-token' } })).json()) as { maxMemberCount?: number | null };
      if (usage.maxMemberCount !== c.maxMemberCount) failures.push(`domainId ${c.domainId}: user cap ${String(usage.maxMemberCount)} (want ${c.maxMemberCount})`);
    }
    const journal = ((await control('GET', '/journal')) as { entries: JournalEntry[] }).entries;
    // Every other write exactly once: one committed call each, by the journal's fault labels.
    const writes = checkWrites(journal, [...onboardingWrites, ...others.map((o) => o.expected)], (id) => outcome.get(id) === 'completed');
    duplicateWrites += writes.duplicates;
    lostWrites += writes.lost;
    failures.push(...writes.failures);
    const { all: injectedFaults, onWrites: faultsOnWrites } = faultCounts(journal);
    const committedUnderFault = journal.filter((e) => e.faultKind !== undefined && e.faultKind !== 'slow' && committed(e)).length;

    const recoveries = kills
      .map((k) => [...closedAt.values()].filter((t) => t > k).sort((a, b) => a - b)[0])
      .map((next, i) => (next === undefined ? undefined : (next - kills[i]!) / 1000))
      .filter((s): s is number => s !== undefined);
    const completed = [...outcome.values()].filter((o) => o === 'completed').length;
    const failed = [...outcome.values()].filter((o) => o === 'failed').length;
    return {
      seed: options.seed,
      workflows: all.length,
      completed,
      failed,
      stuck: all.length - completed - failed,
      duplicateWrites,
      lostWrites,
      notifications: deliveries.length,
      undeliveredNotifications: undelivered,
      kills: kills.length,
      serverRestarts: restarted,
      injectedFaults,
      faultsOnWrites,
      committedUnderFault,
      recoveryP50Seconds: percentile(recoveries, 50),
      recoveryP95Seconds: percentile(recoveries, 95),
      failures,
    };
  } finally {
    await connection?.close().catch(() => {});
    for (const w of workers) w?.signal('SIGKILL');
    await Promise.all(workers.map((w) => w?.exited));
    await server?.stop().catch(() => {});
    await sim.app.close();
    await new Promise((resolve) => crm.server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

/** The report as a table (Markdown), as recorded in the README. */
export function chaosTable(r: ChaosReport): string {
  const row = (k: string, v: unknown) => `| ${k} | ${v} |`;
  return [
    '| measure | value |',
    '|---|---|',
    row('seed', r.seed),
    row('workflows (completed / failed / stuck)', `${r.workflows} (${r.completed} / ${r.failed} / ${r.stuck})`),
    row('duplicate writes', r.duplicateWrites),
    row('lost writes', r.lostWrites),
    row('notifications (undelivered)', `${r.notifications} (${r.undeliveredNotifications})`),
    row('worker SIGKILLs / dev-server restarts', `${r.kills} / ${r.serverRestarts}`),
    row('injected faults (journal labels)', Object.entries(r.injectedFaults).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'),
    row('of which on writes', Object.entries(r.faultsOnWrites).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'),
    row('writes committed under a fault (absorbed, not repeated)', r.committedUnderFault),
    row('recovery after a kill p50 / p95', `${r.recoveryP50Seconds ?? '-'} s / ${r.recoveryP95Seconds ?? '-'} s`),
  ].join('\n');
}

/** Non-zero exit for any duplicate, loss, failed or stuck workflow, or undelivered notification. */
export function chaosPassed(r: ChaosReport): boolean {
  return r.duplicateWrites === 0 && r.lostWrites === 0 && r.failed === 0 && r.stuck === 0 && r.undeliveredNotifications === 0;
}
