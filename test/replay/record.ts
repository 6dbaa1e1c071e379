// `npm run replay:record`: records the histories the replay test (test/replay/replay.test.ts) checks every deploy
// against. Real runs on the dev server, with the simulator over HTTP and a worker of the current code: every workflow
// type of the catalog plus the internal ones (CRM notification delivery, the CRM state entity), on their main paths:
// waiting (a timer, the DNS wait, an approval), signalled, updated, continued-as-new, finished. A history is taken
// when the run has closed, or when it sits still (nothing pending, no new events) waiting for time or a signal.
// Writes test/replay/histories/<workflowType>-<path>.json; existing files with the same name are replaced, others kept
// (they stand for executions that may still run older code: docs/deploying.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { clientFor } from '../helpers/simulator.js';
import { HISTORIES_DIR, historyToObject } from './histories.js';
import { uniqueTaskQueue } from '../helpers/temporal.js';
import { seedCustomer, STD_CUSTOMER, startRunningWorld } from '../subscriptions/support.js';
import { WORKFLOW_CATALOG } from '../../workflows/catalog.js';
import {
  CRM_STATE_WORKFLOW_ID,
  crmLastKnownState,
  licenseRenewal,
  licenseRenewalWorkflowId,
  recordCrmStateUpdate,
  setRenewalTargetSignal,
  stopLicenseRenewalSignal,
} from '../../workflows/index.js';


/** Closed, or waiting: no pending activity and no new event for two seconds. At most 45 s. */
async function settled(handle: WorkflowHandle): Promise<void> {
  let last = -1;
  let still = 0;
  for (let i = 0; i < 90; i++) {
    const description = await handle.describe();
    if (description.status.name !== 'RUNNING') return;
    const pending = description.raw.pendingActivities?.length ?? 0;
    const length = description.historyLength;
    still = length === last && pending === 0 ? still + 1 : 0;
    if (still >= 4) return;
    last = length;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const written: string[] = [];

/**
 * The history as JSON in protobufjs's object form (History.toObject: enums by name, 64-bit numbers and bytes as
 * strings), read back with History.fromObject (test/replay/histories.ts). Not the CLI's proto3-JSON form: the SDK's
 * historyFromJSON fails with the protobufjs versions installed here ("type must be a Type").
 */
async function save(client: Client, workflowType: string, pathName: string, workflowId: string, runId?: string): Promise<void> {
  const handle = client.workflow.getHandle(workflowId, runId);
  await settled(handle);
  const description = await handle.describe();
  const history = await client.workflow.getHandle(workflowId, description.runId).fetchHistory();
  const file = `${workflowType}-${pathName}.json`;
  writeFileSync(path.join(HISTORIES_DIR, file), JSON.stringify({ workflowId, history: historyToObject(history) }, null, 1) + '\n');
  written.push(`${file} (${description.status.name}, ${history.events?.length ?? 0} events)`);
}

/** The catalog example with the seeded customer's IDs. */
function exampleFor(example: unknown, ids: { domainId: number; subscriptionId: number }, suffix: string): Record<string, unknown> {
  const input = { ...(example as Record<string, unknown>) };
  if ('domainId' in input) input.domainId = ids.domainId;
  if ('subscriptionId' in input) input.subscriptionId = ids.subscriptionId;
  if ('domainIds' in input) input.domainIds = [ids.domainId];
  if ('requestId' in input) input.requestId = `replay-${suffix}`;
  if (typeof input.domain === 'string' && !('domainId' in input)) input.domain = `${suffix}.by-works.com`;
  return input;
}

async function main(): Promise<void> {
  mkdirSync(HISTORIES_DIR, { recursive: true });
  const taskQueue = uniqueTaskQueue('replay-record');
  const world = await startRunningWorld(taskQueue);
  const client = world.env.client;
  try {
    const domainId = await seedCustomer(world.sim, STD_CUSTOMER);
    const subscriptions = (await clientFor(world.sim).listSubscriptions(domainId)).subscriptions ?? [];
    const subscriptionId = Number(subscriptions[0]?.subscriptionId);
    const ids = { domainId, subscriptionId };

    // Every catalog type with its example: finished, failed or waiting, whichever the run comes to.
    for (const [index, entry] of WORKFLOW_CATALOG.entries()) {
      if (entry.type === licenseRenewal.name) continue; // its own paths below
      const input = entry.parseInput(exampleFor(entry.example, ids, `replay${index}`)) as Record<string, unknown>;
      const workflowId = entry.workflowId(input, Date.now());
      await client.workflow.start(entry.type, { taskQueue, workflowId, args: [input] });
      await save(client, entry.type, 'example', workflowId);
      // An approval (an update) takes a waiting run on to its end.
      if (entry.approval && (await client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING') {
        await client.workflow.getHandle(workflowId).executeUpdate(entry.approval.update, { args: entry.approval.args('replay-recorder', 'recorded for the replay test') });
        await save(client, entry.type, 'approved', workflowId);
      }
    }

    // Onboarding with its own domain: waiting for DNS.
    const onboard = WORKFLOW_CATALOG.find((e) => e.type === 'onboardCustomer')!;
    const ownDomain = onboard.parseInput({ ...(onboard.example as object), domain: 'replay-own.example' });
    const onboardId = onboard.workflowId(ownDomain, Date.now());
    await client.workflow.start('onboardCustomer', { taskQueue, workflowId: onboardId, args: [ownDomain] });
    await save(client, 'onboardCustomer', 'waiting-for-dns', onboardId);

    // licenseRenewal (its own customer: the catalog's cancellation above ended the first one): waiting for the
    // decision date, signalled (a new target), stopped (finished).
    const renewalDomainId = await seedCustomer(world.sim, { ...STD_CUSTOMER, domain: 'renewals.example' });
    const renewalSubscriptionId = Number((await clientFor(world.sim).listSubscriptions(renewalDomainId)).subscriptions?.[0]?.subscriptionId);
    const renewalId = licenseRenewalWorkflowId(renewalDomainId, renewalSubscriptionId);
    const renewal = await client.workflow.start(licenseRenewal, {
      taskQueue,
      workflowId: renewalId,
      args: [{ domainId: renewalDomainId, subscriptionId: renewalSubscriptionId }],
    });
    await save(client, 'licenseRenewal', 'waiting', renewalId);
    await renewal.signal(setRenewalTargetSignal, { licenseCount: 12 });
    await save(client, 'licenseRenewal', 'signalled', renewalId);
    await renewal.signal(stopLicenseRenewalSignal);
    await save(client, 'licenseRenewal', 'stopped', renewalId);

    // The CRM state entity: updates, continued as new after two, then waiting in the new run.
    const crmState = await client.workflow.start(crmLastKnownState, { taskQueue, workflowId: `${CRM_STATE_WORKFLOW_ID}-replay`, args: [{ updatesPerRun: 2 }] });
    const firstRunId = crmState.firstExecutionRunId;
    for (const n of [1, 2]) {
      await crmState.executeUpdate(recordCrmStateUpdate, { args: [{ eventId: `replay-${n}`, occurredAt: `2026-11-0${n}T00:00:00Z`, state: { domain: 'acme.example', companyName: `Acme ${n}` } }] });
    }
    await save(client, 'crmLastKnownState', 'continued-as-new', crmState.workflowId, firstRunId);
    await crmState.executeUpdate(recordCrmStateUpdate, { args: [{ eventId: 'replay-3', occurredAt: '2026-11-03T00:00:00Z', state: { domain: 'acme.example', phoneNumber: '03-0000-0003' } }] });
    await save(client, 'crmLastKnownState', 'next-run-waiting', crmState.workflowId);

    // A per-customer change lock the subscription and option changes above took their turns from.
    for await (const execution of client.workflow.list({ query: `WorkflowType = 'customerChangeLock'` })) {
      await save(client, 'customerChangeLock', 'example', execution.workflowId, execution.runId);
      break;
    }

    // A CRM notification delivery the runs above handed over (detached workflow).
    for await (const execution of client.workflow.list({ query: `WorkflowType = 'deliverCrmNotification'` })) {
      await save(client, 'deliverCrmNotification', 'example', execution.workflowId, execution.runId);
      break;
    }
  } finally {
    await world.stop();
  }
  console.log(`recorded ${written.length} histories in ${path.relative(process.cwd(), HISTORIES_DIR)}:\n  ${written.join('\n  ')}`);
}

await main();
