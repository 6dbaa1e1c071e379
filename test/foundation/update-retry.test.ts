// Updates sent again when the workflow task that carried them failed (lib/update-retry.ts), on a real dev server.
// The race is made to happen every time: the test's sink holds the worker's task (the update handled, the workflow
// completing) until a signal has arrived, so the server refuses the completion (UNHANDLED_COMMAND) and the update with
// it (WorkflowNotReady). A plain client surfaces that error; the service's clients send the update again, once applied.
import { fileURLToPath } from 'node:url';
import proto from '@temporalio/proto';
import { Client, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker, type InjectedSinks } from '@temporalio/worker';
import { serviceClient } from '../../lib/temporal-client.js';
import { isWorkflowNotReady } from '../../lib/update-retry.js';
import { createLocalEnv, uniqueTaskQueue } from '../helpers/temporal.js';
import { finishesOnUpdate, finishUpdate, nudgeSignal, type RaceGateSinks } from './support/update-race-workflows.js';

const { temporal } = proto;
const EventType = temporal.api.enums.v1.EventType;
const UNHANDLED_COMMAND = temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND;

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const taskQueue = uniqueTaskQueue('update-race');

/** The first update handled in each workflow holds its task until the test lets it go (after the signal). */
let holdFirst: ((workflowId: string) => Promise<void>) | undefined;
const held = new Set<string>();

beforeAll(async () => {
  env = await createLocalEnv();
  const sinks: InjectedSinks<RaceGateSinks> = {
    raceGate: {
      updateHandled: {
        fn: async (info) => {
          if (held.has(info.workflowId) || !holdFirst) return;
          held.add(info.workflowId);
          await holdFirst(info.workflowId);
        },
      },
    },
  };
  worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./support/update-race-workflows.ts', import.meta.url)), logger: new DefaultLogger('WARN') }),
    sinks,
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

/** While the task that handled the update is held, a signal arrives: the server will refuse that task's completion. */
function signalWhileHeld(client: Client): void {
  holdFirst = async (workflowId) => {
    await client.workflow.getHandle(workflowId).signal(nudgeSignal);
  };
}

async function start(client: Client, name: string): Promise<WorkflowHandle<typeof finishesOnUpdate>> {
  return client.workflow.start(finishesOnUpdate, { taskQueue, workflowId: `update-race/${name}/${Date.now()}` });
}

async function taskFailures(handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED && e.workflowTaskFailedEventAttributes?.cause === UNHANDLED_COMMAND).length;
}

async function acceptedUpdates(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.meta!.updateId!);
}

test('the race is real: a plain client gets WorkflowNotReady, and the update was not applied', async () => {
  const plain = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
  signalWhileHeld(plain);
  const handle = await start(plain, 'plain');
  const refused = await handle.executeUpdate(finishUpdate, { args: ['ops@partner'] }).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(refused).toBeDefined();
  expect(isWorkflowNotReady(refused)).toBe(true);
  expect(await taskFailures(handle)).toBe(1);
  expect(await acceptedUpdates(handle)).toEqual([]);
  const { status } = await handle.describe();
  expect(status.name).toBe('RUNNING');
  // Sent again by hand, it is applied once and finishes the workflow.
  expect(await handle.executeUpdate(finishUpdate, { args: ['ops@partner'] })).toBe(1);
  expect(await handle.result()).toEqual({ handled: 1, finishedBy: 'ops@partner', nudges: 1 });
});

test("the service's client sends the update again under the same ID: applied once, the caller sees its result", async () => {
  const client = serviceClient({ connection: env.connection, namespace: env.namespace ?? 'default' });
  signalWhileHeld(client);
  const handle = await start(client, 'retried');
  expect(await handle.executeUpdate(finishUpdate, { args: ['ops@partner'], updateId: 'decision-1' })).toBe(1);
  expect(await handle.result()).toEqual({ handled: 1, finishedBy: 'ops@partner', nudges: 1 });
  expect(await taskFailures(handle)).toBe(1);
  expect(await acceptedUpdates(handle)).toEqual(['decision-1']);
});

test('other errors are not WorkflowNotReady: they are not sent again', async () => {
  const client = serviceClient({ connection: env.connection, namespace: env.namespace ?? 'default' });
  holdFirst = undefined;
  const missing = await client.workflow
    .getHandle('update-race/never-started')
    .executeUpdate(finishUpdate, { args: ['ops@partner'] })
    .catch((err: unknown) => err);
  expect(isWorkflowNotReady(missing)).toBe(false);
  expect((missing as Error).name).toBe('WorkflowNotFoundError');
  expect(isWorkflowNotReady(new Error('unexpected workflow task failure'))).toBe(false);
});
