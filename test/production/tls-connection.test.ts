// The same worker and partnerctl reach a TLS cluster by configuration alone: a TLS endpoint on loopback that requires
// a client certificate (test/helpers/tls-terminator.ts in front of the dev server), certificates made here. A wrong
// certificate is refused with an error that says where and how we tried to connect; a certificate path that does not
// exist is named before any connection; the API key set in the environment reaches the server as gRPC metadata.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { makeTestCertificates, type TestCertificates } from '../helpers/certificates.js';
import { startTestSimulator, type RunningSimulator } from '../helpers/simulator.js';
import { createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { startTlsTerminator, type TlsTerminator } from '../helpers/tls-terminator.js';
import { runProcess, startProcess } from './processes.js';

let certs: TestCertificates;
let env: TestWorkflowEnvironment;
let simulator: RunningSimulator;
let terminator: TlsTerminator;
let dataDir: string;

beforeAll(async () => {
  [certs, env, simulator, dataDir] = await Promise.all([
    makeTestCertificates(),
    createLocalEnv(),
    startTestSimulator(),
    mkdtemp(path.join(os.tmpdir(), 'tls-data-')),
  ]);
  terminator = await startTlsTerminator({ upstream: env.address, caCert: certs.caCert, serverCert: certs.serverCert, serverKey: certs.serverKey });
});

afterAll(async () => {
  await terminator?.close();
  await simulator?.app.close();
  await env?.teardown();
  await rm(certs.dir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

const API_KEY = 'test-api-key-not-a-secret';

function clusterEnv(taskQueue: string, client: { cert: string; key: string }): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: terminator.address,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: certs.caCert,
    TEMPORAL_TLS_CLIENT_CERT_PATH: client.cert,
    TEMPORAL_TLS_CLIENT_KEY_PATH: client.key,
    TEMPORAL_API_KEY: API_KEY,
    TEMPORAL_TASK_QUEUE: taskQueue,
    LINEWORKS_API_BASE_URL: simulator.baseUrl,
    DATA_DIR: dataDir,
    SCHEDULES_ENABLED: 'false',
  };
}

test('a worker and partnerctl run a workflow through mTLS with an API key; SIGTERM stops the worker cleanly', async () => {
  const taskQueue = uniqueTaskQueue('tls');
  const good = clusterEnv(taskQueue, { cert: certs.clientCert, key: certs.clientKey });
  const worker = startProcess('workers/main.ts', [], good);
  try {
    await worker.waitFor('worker started');
    expect(worker.output()).toContain(`${terminator.address} (namespace default, mTLS + API key)`);

    const started = await runProcess('cli/partnerctl.ts', ['start', 'driftCheck', '--data', '{}', '--wait', '--json'], good);
    expect(started.output).toContain('"customersChecked"');
    expect(started.code).toBe(0);

    // The key travelled as gRPC metadata on the worker's and partnerctl's calls, and was never logged.
    const authorizations = terminator.seenHeaders.map((h) => h.authorization);
    expect(authorizations.length).toBeGreaterThan(0);
    expect(new Set(authorizations)).toEqual(new Set([`Bearer ${API_KEY}`]));
    expect(worker.output()).not.toContain(API_KEY);
  } finally {
    worker.child.kill('SIGTERM');
  }
  expect(await worker.exited).toBe(0);
  expect(worker.output()).toContain('"signal":"SIGTERM"');
  expect(worker.output()).toContain('worker stopped');
});

test('a client certificate the cluster does not trust: both refuse with an error naming the address and the TLS settings', async () => {
  const wrong = clusterEnv(uniqueTaskQueue('tls-wrong'), { cert: certs.wrongClientCert, key: certs.wrongClientKey });
  const refusedBefore = terminator.refusedHandshakes;
  const [cli, worker] = await Promise.all([
    runProcess('cli/partnerctl.ts', ['status', 'drift-check/2026-11-30'], wrong),
    runProcess('workers/main.ts', [], wrong),
  ]);
  for (const run of [cli, worker]) {
    expect(run.code).toBe(1);
    expect(run.output).toContain(`could not connect to Temporal at ${terminator.address} (namespace default, mTLS + API key)`);
    expect(run.output).toContain('TEMPORAL_TLS_CLIENT_CERT_PATH');
  }
  expect(terminator.refusedHandshakes).toBeGreaterThan(refusedBefore);
});

test('a certificate path that does not exist is named before any connection is tried', async () => {
  const missing = path.join(certs.dir, 'no-such-client.crt');
  const run = await runProcess('cli/partnerctl.ts', ['list'], clusterEnv('unused', { cert: missing, key: certs.clientKey }));
  expect(run.code).toBe(2);
  expect(run.output).toContain(`TEMPORAL_TLS_CLIENT_CERT_PATH=${missing}: no such file`);
  expect(run.output).not.toContain('could not connect');
});
