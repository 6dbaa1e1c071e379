// Shared set-up for the trigger tests: a real Temporal dev server, a real worker with the real activities against
// the simulator over loopback HTTP, and a CRM stand-in that records the signed notifications it receives.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { main } from '../../cli/partnerctl.js';
import type { CliIo } from '../../cli/io.js';
import { verifySignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../crm/signature.js';
import { createWorker } from '../../workers/worker.js';
import { clientFor, startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';
import { bundleWorkflows, createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';

export const TEST_SECRET = 'test-secret-0123456789abcdef-0123456789';

export interface ReceivedNotification {
  body: Record<string, unknown>;
  signatureValid: boolean;
}

export interface CrmStandIn {
  url: string;
  received: ReceivedNotification[];
  /** Answer this status to the next N posts (to exercise retries). */
  failNext(count: number, status: number): void;
  close(): Promise<void>;
}

/** An HTTP server playing the CRM's callback endpoint; it checks each signature as the CRM would. */
export async function startCrmStandIn(secret = TEST_SECRET): Promise<CrmStandIn> {
  const received: ReceivedNotification[] = [];
  let failures = { count: 0, status: 500 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      if (failures.count > 0) {
        failures = { ...failures, count: failures.count - 1 };
        res.writeHead(failures.status).end();
        return;
      }
      const verified = verifySignature({
        secret,
        rawBody,
        signatureHeader: req.headers[SIGNATURE_HEADER] as string | undefined,
        timestampHeader: req.headers[TIMESTAMP_HEADER] as string | undefined,
        toleranceSeconds: 300,
      });
      received.push({ body: JSON.parse(rawBody.toString('utf8')) as Record<string, unknown>, signatureValid: verified.ok });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/callback`,
    received,
    failNext: (count, status) => {
      failures = { count, status };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface TriggerEnv {
  env: TestWorkflowEnvironment;
  simulator: RunningSimulator;
  crm: CrmStandIn;
  taskQueue: string;
  dataDir: string;
  reportsDir: string;
  crmStateFile: string;
  worker: Worker;
  close(): Promise<void>;
}

/** Starts everything one test file needs; the worker runs until close(). */
export async function startTriggerEnv(name: string): Promise<TriggerEnv> {
  const [env, bundle, simulator, crm, dataDir] = await Promise.all([
    createLocalEnv(),
    bundleWorkflows(),
    startTestSimulator(),
    startCrmStandIn(),
    mkdtemp(path.join(os.tmpdir(), `triggers-${name}-`)),
  ]);
  const taskQueue = uniqueTaskQueue(name);
  const reportsDir = path.join(dataDir, 'reports');
  const crmStateFile = path.join(dataDir, 'crm-state.json');
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: createActivities({
      client: clientFor(simulator),
      // No DNS leaves this machine in tests: a closed loopback port answers at once.
      dns: { resolvers: ['127.0.0.1:9'], authoritativePort: 9, timeoutMs: 200 },
      notify: { callbackUrl: crm.url, secret: TEST_SECRET, timeoutMs: 5_000 },
      reports: { dir: reportsDir, crmStateFile },
    }),
    workflowBundle: bundle,
  });
  const running = worker.run();
  return {
    env,
    simulator,
    crm,
    taskQueue,
    dataDir,
    reportsDir,
    crmStateFile,
    worker,
    async close() {
      worker.shutdown();
      await running;
      await Promise.all([simulator.app.close(), crm.close()]);
      await env.teardown();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Polls until `check` returns a value that is not undefined; bounded by `attempts` × `intervalMs` (by default 60 s:
 * generous, so that a loaded 2-core CI machine only makes the wait longer, never fails it).
 */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, attempts = 600, intervalMs = 100): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Runs partnerctl's main() in-process with the test client and task queue; captures what it prints. */
export async function runCli(t: Pick<TriggerEnv, 'env' | 'taskQueue'>, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (s) => out.push(s), err: (s) => err.push(s) };
  const code = await main(args, io, { client: t.env.client, taskQueue: t.taskQueue });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
