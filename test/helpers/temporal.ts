// Real Temporal servers for tests: the dev server from the Temporal CLI our scripts install, and the Java
// time-skipping test server. Workflows are bundled once per test file.
// @temporalio/proto is CommonJS without static named exports: take `temporal` from its default export under ESM.
import proto from '@temporalio/proto';
import type { temporal as protoTypes } from '@temporalio/proto';

const { temporal } = proto;
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { findTemporalCli } from '../../scripts/tools/temporal-cli.js';
import { findTestServer } from '../../scripts/tools/test-server.js';
import { workflowBundleOptions } from '../../workers/worker.js';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';
import { updateRetryInterceptor } from '../../lib/update-retry.js';

let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process by another test file: keep it.
  }
}

/** `env.client` behaves as the service's clients do (lib/temporal-client.ts serviceClient): updates survive a failed task. */
const SERVICE_CLIENT_OPTIONS = { interceptors: { workflow: [updateRetryInterceptor()] } };

/**
 * A local dev server (full Temporal: updates, search attributes, schedules) with our search attributes registered.
 * `dynamicConfig`: server settings for this server only (e.g. `limit.historyCount.suggestContinueAsNew`).
 */
export async function createLocalEnv(dynamicConfig: Record<string, string | number> = {}): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const path = findTemporalCli();
  const extraArgs = Object.entries(dynamicConfig).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${value}`]);
  return TestWorkflowEnvironment.createLocal({
    server: { ...(path ? { executable: { type: 'existing-path', path } } : {}), searchAttributes: ALL_SEARCH_ATTRIBUTES, ...(extraArgs.length ? { extraArgs } : {}) },
    client: SERVICE_CLIENT_OPTIONS,
  });
}

/** True when the Java time-skipping server is installed (`npm test` installs it when Java and Maven exist). */
export function timeSkippingAvailable(): boolean {
  return findTestServer() !== undefined;
}

/** The time-skipping test server; its JVM gets one retry since the SDK allows it only 5 s to come up. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const path = findTestServer();
  if (!path) throw new Error('the Java time-skipping test server is not installed: run `npm test` (its pretest step installs it)');
  const create = () => TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } }, client: SERVICE_CLIENT_OPTIONS });
  let env: TestWorkflowEnvironment;
  try {
    env = await create();
  } catch {
    env = await create();
  }
  // The test server takes no --search-attribute flags, but does accept the operator call.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(ALL_SEARCH_ATTRIBUTES.map((key) => [key.name, INDEXED_VALUE_TYPES[key.type]!])),
  });
  return env;
}

const INDEXED_VALUE_TYPES: Record<string, protoTypes.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
};

export async function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode(workflowBundleOptions());
}

let counter = 0;
/** A task queue unique to this test, so workers of different tests never steal each other's tasks. */
export function uniqueTaskQueue(name: string): string {
  counter += 1;
  return `test-${name}-${process.pid}-${counter}`;
}
