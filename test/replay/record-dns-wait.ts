// Records the replay histories of a DNS wait that continues as new (onboardCustomer and changeGroupToDomain), which
// record.ts does not cover: the first run, closed as continued-as-new, and the last run of the chain (its input carries
// `continuedDnsWait`), closed once the records appeared. Real runs on the dev server: the simulator over HTTP, a DNS
// server on loopback, a worker of the current code that signs setup page links. Writes only its own four files:
//   node --import tsx test/replay/record-dns-wait.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { createActivities } from '../../activities/index.js';
import { createWorker } from '../../workers/worker.js';
import { changeDomainWorkflowId, changeGroupToDomain, onboardCustomer, onboardWorkflowId } from '../../workflows/index.js';
import type { DnsWaitStatus } from '../../workflows/onboarding/dns-wait.js';
import { startDnsServer, type TestDnsServer } from '../helpers/dns-server.js';
import { clientFor, startTestSimulator } from '../helpers/simulator.js';
import { bundleWorkflows, createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { HISTORIES_DIR, historyToObject } from './histories.js';

const DNS_WAIT = { initialInterval: '1s', maxInterval: '1s', grace: '1s', recursiveAfter: '1h', deadline: '10 minutes', checksPerRun: 2 };

async function save(client: Client, workflowId: string, runId: string, file: string): Promise<void> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  writeFileSync(path.join(HISTORIES_DIR, file), JSON.stringify({ workflowId, history: historyToObject(history) }, null, 1) + '\n');
  console.log(`${file}: ${history.events?.length ?? 0} events`);
}

/** Waits (bounded) until the chain has continued as new once, then publishes the TXT record and waits for the end. */
async function recordChain(client: Client, dns: TestDnsServer, handle: WorkflowHandle & { firstExecutionRunId: string }, query: string, domain: string, name: string): Promise<void> {
  for (let i = 0; i < 300 && (await handle.describe()).runId === handle.firstExecutionRunId; i++) await new Promise((r) => setTimeout(r, 100));
  await save(client, handle.workflowId, handle.firstExecutionRunId, `${name}-dns-wait-continued-as-new.json`);
  let status = await handle.query<{ dns?: DnsWaitStatus }>(query);
  for (let i = 0; i < 300 && !status.dns; i++) {
    await new Promise((r) => setTimeout(r, 100));
    status = await handle.query<{ dns?: DnsWaitStatus }>(query);
  }
  const txt = status.dns!.expected.find((r) => r.type === 'TXT')!;
  dns.addZone(domain);
  dns.addRecord(txt.host, 'TXT', txt.value);
  await handle.result();
  await save(client, handle.workflowId, (await handle.describe()).runId, `${name}-continued-run-finished.json`);
}

async function main(): Promise<void> {
  const dns = await startDnsServer();
  const [env, bundle, sim] = await Promise.all([createLocalEnv(), bundleWorkflows(), startTestSimulator({ dnsResolver: { servers: [dns.server] } })]);
  const taskQueue = uniqueTaskQueue('replay-record-dns-wait');
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: createActivities({
      client: clientFor(sim),
      dns: { resolvers: [dns.server], authoritativePort: dns.port, timeoutMs: 2000 },
      setupLinks: { secret: 'replay-recorder-setup-link-secret', baseUrl: 'https://setup.partner.example', linkMarginMs: 86_400_000 },
    }),
    workflowBundle: bundle,
  });
  try {
    await worker.runUntil(async () => {
      const client = env.client;
      const onboarding = await client.workflow.start(onboardCustomer, {
        taskQueue,
        workflowId: onboardWorkflowId('replay-can.example'),
        args: [{ domain: 'replay-can.example', companyName: 'Replay Inc.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP', dnsWait: DNS_WAIT }],
      });
      await recordChain(client, dns, onboarding, 'onboardingStatus', 'replay-can.example', 'onboardCustomer');

      const group = sim.state.addCustomer({ domain: 'replaygroup', companyName: 'Group Co.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'en_US' });
      const change = await client.workflow.start(changeGroupToDomain, {
        taskQueue,
        workflowId: changeDomainWorkflowId(group.domainId),
        args: [{ domainId: group.domainId, domain: 'replay-change.example', dnsWait: DNS_WAIT }],
      });
      await recordChain(client, dns, change, 'changeDomainStatus', 'replay-change.example', 'changeGroupToDomain');
    });
  } finally {
    await sim.app.close();
    await dns.close();
    await env.teardown();
  }
}

await main();
