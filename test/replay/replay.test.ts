// Safe deploys: every committed history (test/replay/histories/, recorded from real runs by `npm run replay:record`)
// replays against the current workflow code without nondeterminism. A change that would break a running execution
// fails here, in CI, before it is deployed (docs/deploying.md). The second test proves the check catches one.
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflows } from '../helpers/temporal.js';
import { recordedHistories } from './histories.js';

const files = recordedHistories().map((h) => h.file);

async function replay(workflowBundle: WorkflowBundleWithSourceMap, only?: (file: string) => boolean) {
  const loaded = recordedHistories(only);
  const errors: Record<string, string> = {};
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle }, loaded)) {
    replayed += 1;
    if (result.error) {
      const file = loaded.find((h) => h.workflowId === result.workflowId)?.file ?? result.workflowId;
      errors[file] = `${result.error.name}: ${result.error.message}`;
    }
  }
  return { replayed, errors, results: loaded.length };
}

test('the committed histories cover every workflow type on its main paths', () => {
  const types = new Set(files.map((file) => file.replace(/-[a-z-]+\.json$/, '')));
  for (const type of ['onboardCustomer', 'changeGroupToDomain', 'monthlyReport', 'driftCheck', 'changeSubscription', 'changeOption', 'licenseRenewal', 'scheduledChangesCalendar', 'transferCustomer', 'userCap', 'updateCustomerDetails', 'cancelCustomer', 'deliverCrmNotification', 'crmLastKnownState', 'bulkChange', 'customerChangeLock']) {
    expect(types).toContain(type);
  }
  // Waiting, signalled, updated (an approval), continued-as-new and finished.
  for (const file of ['onboardCustomer-waiting-for-dns.json', 'licenseRenewal-waiting.json', 'licenseRenewal-signalled.json', 'cancelCustomer-approved.json', 'crmLastKnownState-continued-as-new.json', 'licenseRenewal-stopped.json']) {
    expect(files).toContain(file);
  }
});

test('every committed history replays against the current code', async () => {
  const { replayed, errors, results } = await replay(await bundleWorkflows());
  expect(errors).toEqual({});
  expect(replayed).toBe(results);
  expect(replayed).toBeGreaterThanOrEqual(15);
});

test('a deliberately nondeterministic change to a workflow is caught', async () => {
  const changed = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./nondeterministic-workflows.ts', import.meta.url)),
    logger: new DefaultLogger('WARN'),
  });
  const loaded = recordedHistories((file) => file.startsWith('driftCheck-'));
  expect(loaded.length).toBeGreaterThan(0);
  for (const { workflowId, history } of loaded) {
    await expect(Worker.runReplayHistory({ workflowBundle: changed }, history, workflowId)).rejects.toBeInstanceOf(DeterminismViolationError);
  }
  // The unchanged types in the same bundle still replay: the check points at the change, not at everything.
  const { errors } = await replay(changed, (file) => file.startsWith('monthlyReport-'));
  expect(errors).toEqual({});
});

test('a run started before the stricter input checks replays on, though today its input would be refused', async () => {
  const [recorded] = recordedHistories((file) => file === 'updateCustomerDetails-example.json');
  if (!recorded) throw new Error('updateCustomerDetails-example.json is missing');
  // The same history, with an input today's schema refuses (requestedBy over 200 characters) but the old checks took.
  const history = structuredClone(recorded.history);
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  const payload = started?.input?.payloads?.[0];
  if (!payload?.data) throw new Error('the recorded history has no input payload');
  const input = JSON.parse(Buffer.from(payload.data).toString('utf8')) as Record<string, unknown>;
  payload.data = Buffer.from(JSON.stringify({ ...input, requestedBy: `crm:${'x'.repeat(300)}` }));
  const workflowBundle = await bundleWorkflows();
  await expect(Worker.runReplayHistory({ workflowBundle }, history, recorded.workflowId)).resolves.toBeUndefined();
});
