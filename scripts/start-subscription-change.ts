// Starts a subscription change (or, with --preview, shows its plan) through the changeSubscription workflow.
//   npx tsx scripts/start-subscription-change.ts --input change.json [--preview] [--detach]
//   npx tsx scripts/start-subscription-change.ts --domain-id 10000001 --request-id crm-42 --action ADD_LICENSES \
//       --subscription-id 1021 --add-licenses 5 --when now [--proceed-despite SCHEDULED_ADD_LICENSE_DELETED] [--detach]
// The input is validated before anything is started. The same request (domainId + requestId) is started once: a
// repeat finds the running or finished workflow and never applies the change again. The run is followed to its end
// (one line per step, the outcome); --detach only starts it. Ctrl-C stops following, never the workflow.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { main as partnerctl } from '../cli/partnerctl.js';
import { changeSubscription, parseChangeSubscriptionInput, subscriptionChangeWorkflowId, type ChangeSubscriptionInput } from '../workflows/index.js';

/**
 * Starts the change once per business ID. REJECT_DUPLICATE keeps a finished request from running again (a second
 * ADD_LICENSES would add again); USE_EXISTING attaches to a running one. Previews get their own ID and may repeat.
 */
export async function startSubscriptionChange(client: Client, taskQueue: string, raw: unknown): Promise<WorkflowHandle<typeof changeSubscription>> {
  const input: ChangeSubscriptionInput = parseChangeSubscriptionInput(raw);
  const workflowId = subscriptionChangeWorkflowId(input.domainId, input.requestId, input.preview === true);
  try {
    return await client.workflow.start(changeSubscription, {
      taskQueue,
      workflowId,
      args: [input],
      workflowIdReusePolicy: input.preview ? 'ALLOW_DUPLICATE' : 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return client.workflow.getHandle<typeof changeSubscription>(workflowId);
    throw err;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      input: { type: 'string' },
      'domain-id': { type: 'string' },
      'request-id': { type: 'string' },
      action: { type: 'string' },
      when: { type: 'string', default: 'now' },
      'subscription-id': { type: 'string' },
      'product-id': { type: 'string' },
      plan: { type: 'string' },
      'license-count': { type: 'string' },
      'add-licenses': { type: 'string' },
      domain: { type: 'string' },
      'proceed-despite': { type: 'string', multiple: true },
      'time-zone': { type: 'string' },
      preview: { type: 'boolean', default: false },
      detach: { type: 'boolean', default: false },
      /** Kept for older scripts: following is the default now. */
      wait: { type: 'boolean', default: false },
    },
  });
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const raw = values.input
    ? (JSON.parse(readFileSync(values.input, 'utf8')) as Record<string, unknown>)
    : Object.fromEntries(
        Object.entries({
          domainId: num(values['domain-id']),
          requestId: values['request-id'],
          action: values.action,
          when: values.when,
          subscriptionId: num(values['subscription-id']),
          productId: values['product-id'],
          plan: values.plan,
          licenseCount: num(values['license-count']),
          addLicenses: num(values['add-licenses']),
          domain: values.domain,
          proceedDespite: values['proceed-despite'],
          timeZone: values['time-zone'],
        }).filter(([, v]) => v !== undefined),
      );
  // Started, then followed to its end, by partnerctl: the same validation, business ID, progress lines and outcome.
  const command = values.preview ? 'preview' : 'start';
  process.exitCode = await partnerctl([command, 'changeSubscription', '--data', JSON.stringify(raw), ...(values.detach || values.preview ? [] : ['--wait'])]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
