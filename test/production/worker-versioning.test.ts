// Worker deployment versioning from the environment: off by default; with TEMPORAL_WORKER_DEPLOYMENT_NAME and
// TEMPORAL_WORKER_BUILD_ID the worker registers its version with the server (a real dev server here).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../../config/env.js';
import { createActivities } from '../../activities/index.js';
import { createWorker } from '../../workers/worker.js';
import { bundleWorkflows, createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { configProblems } from './config-problems.js';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createLocalEnv();
});

afterAll(async () => {
  await env?.teardown();
});

/** No activity runs in this test: a client pointed at a closed port will do. */
const noPartnerApi = new PartnerApiClient({ baseUrl: 'http://127.0.0.1:9/v1.0', tokens: new StaticTokenProvider('unused') });

test('off by default; both variables turn it on; one alone is named as a problem', () => {
  expect(loadConfig({}).temporal.deployment).toBeUndefined();
  expect(loadConfig({ TEMPORAL_WORKER_DEPLOYMENT_NAME: 'lineworks-partner', TEMPORAL_WORKER_BUILD_ID: '2026-11-30.1' }).temporal.deployment).toEqual({
    name: 'lineworks-partner',
    buildId: '2026-11-30.1',
  });
  expect(configProblems({ TEMPORAL_WORKER_BUILD_ID: 'x' })).toContain('TEMPORAL_WORKER_DEPLOYMENT_NAME and TEMPORAL_WORKER_BUILD_ID go together');
});

test('a versioned worker registers its deployment version with the server', async () => {
  const deployment = loadConfig({ TEMPORAL_WORKER_DEPLOYMENT_NAME: `lineworks-${process.pid}`, TEMPORAL_WORKER_BUILD_ID: 'build-1' }).temporal.deployment!;
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: uniqueTaskQueue('versioned'),
    activities: createActivities({ client: noPartnerApi }),
    workflowBundle: await bundleWorkflows(),
    deployment,
  });
  const described = await worker.runUntil(async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await env.client.workflowService.describeWorkerDeployment({ namespace: env.namespace ?? 'default', deploymentName: deployment.name });
      } catch (err) {
        if (attempt > 240) throw err; // 60 s: generous for a loaded CI machine
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  });
  const buildIds = (described.workerDeploymentInfo?.versionSummaries ?? []).map((v) => v.deploymentVersion?.buildId);
  expect(buildIds).toContain('build-1');
});
