// The chaos run's writes beyond the additive license and quantity adds: subscription and option changes in the
// other timing modes (on a date, at renewal), user caps, cancellations (approved by an update) and transfers. Each
// starts its workflow and names the one write it must make exactly once (oracle.ts).
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { JournalEntry } from '../../simulator/state.js';
import {
  approveCancellationUpdate,
  cancelCustomer,
  cancelWorkflowId,
  changeOption,
  changeSubscription,
  optionChangeWorkflowId,
  subscriptionChangeWorkflowId,
  transferCustomer,
  transferWorkflowId,
  userCap,
  userCapWorkflowId,
} from '../../workflows/index.js';
import { onCustomer, type ExpectedWrite } from './oracle.js';

export interface MixContext {
  client: Client;
  taskQueue: string;
  /** "Today" on the simulator's calendar (Asia/Tokyo). */
  today: string;
  /** The run stops retrying an approval after this time (ms since epoch). */
  deadline: number;
}

export interface Started {
  handle: WorkflowHandle;
  expected: ExpectedWrite;
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The timing modes the additive mix does not cover, one per customer (round robin), so none collides with another. */
const TIMED = [
  { operation: 'addSubscriptionReservation', label: 'ADD_LICENSES on a date', kind: 'subscription', input: (today: string) => ({ action: 'ADD_LICENSES', addLicenses: 2, when: addDays(today, 7) }) },
  { operation: 'patchSubscriptionRenewal', label: 'ADD_LICENSES at renewal', kind: 'subscription', input: () => ({ action: 'ADD_LICENSES', addLicenses: 3, when: 'renewal' }) },
  { operation: 'addOptionProductOrders', label: 'option ADD on a date', kind: 'option', input: (today: string) => ({ action: 'ADD', optionProductId: 'ACV2', subOptionId: 'ACV201', when: addDays(today, 7) }) },
  { operation: 'patchOptionProductRenewal', label: 'option REDUCE_QUANTITY at renewal', kind: 'option', input: () => ({ action: 'REDUCE_QUANTITY', optionProductId: 'CST_S', quantity: 1, when: 'renewal' }) },
] as const;

/** The write operations of the mix (the harness puts write faults on each). */
export const MIX_WRITE_OPERATIONS = ['createCustomer', 'patchUsageStatus', 'deleteCustomer', 'transferPotentialCustomer', ...TIMED.map((t) => t.operation)];

export async function startTimedChanges(ctx: MixContext, customers: Array<{ domainId: number; subscriptionId: number }>): Promise<Started[]> {
  const started: Started[] = [];
  for (const [i, c] of customers.entries()) {
    const timed = TIMED[i % TIMED.length]!;
    const requestId = `chaos-timed-${i}`;
    const handle =
      timed.kind === 'subscription'
        ? await ctx.client.workflow.start(changeSubscription, {
            taskQueue: ctx.taskQueue,
            workflowId: subscriptionChangeWorkflowId(c.domainId, requestId),
            args: [{ domainId: c.domainId, requestId, subscriptionId: c.subscriptionId, ...timed.input(ctx.today) } as Parameters<typeof changeSubscription>[0]],
          })
        : await ctx.client.workflow.start(changeOption, {
            taskQueue: ctx.taskQueue,
            workflowId: optionChangeWorkflowId(c.domainId, requestId),
            args: [{ domainId: c.domainId, requestId, ...timed.input(ctx.today) } as Parameters<typeof changeOption>[0]],
          });
    started.push({ handle, expected: { workflowId: handle.workflowId, operation: timed.operation, label: `${timed.label} on customer ${c.domainId}`, matches: onCustomer(c.domainId) } });
  }
  return started;
}

/** One cap change per customer (serialized with that customer's license and option adds by the customer lock). */
export async function startUserCaps(ctx: MixContext, domainIds: number[]): Promise<Array<Started & { maxMemberCount: number; domainId: number }>> {
  const started = [];
  for (const [i, domainId] of domainIds.entries()) {
    const maxMemberCount = 30 + i;
    const handle = await ctx.client.workflow.start(userCap, { taskQueue: ctx.taskQueue, workflowId: userCapWorkflowId(domainId), args: [{ domainId, action: 'SET_NOW', maxMemberCount }] });
    started.push({ handle, domainId, maxMemberCount, expected: { workflowId: handle.workflowId, operation: 'patchUsageStatus', label: `user cap ${maxMemberCount} on customer ${domainId}`, matches: onCustomer(domainId) } });
  }
  return started;
}

/** Immediate cancellations, each approved by an update (retried through kills and the server restart). */
export async function startCancellations(ctx: MixContext, domainIds: number[], onFailure: (line: string) => void): Promise<Started[]> {
  const started: Started[] = [];
  for (const domainId of domainIds) {
    const handle = await ctx.client.workflow.start(cancelCustomer, { taskQueue: ctx.taskQueue, workflowId: cancelWorkflowId(domainId), args: [{ domainId, mode: 'NOW' }] });
    void approve(ctx, handle, onFailure);
    started.push({ handle, expected: { workflowId: handle.workflowId, operation: 'deleteCustomer', label: `cancellation of customer ${domainId}`, matches: onCustomer(domainId) } });
  }
  return started;
}

async function approve(ctx: MixContext, handle: WorkflowHandle<typeof cancelCustomer>, onFailure: (line: string) => void): Promise<void> {
  let last: unknown;
  while (Date.now() < ctx.deadline) {
    try {
      await handle.executeUpdate(approveCancellationUpdate, { args: [{ approvedBy: 'chaos@partner', reason: 'chaos run' }] });
      return;
    } catch (err) {
      last = err;
      if (String((err as { cause?: { message?: string } }).cause?.message ?? err).includes('already approved')) return;
      await sleep(2_000);
    }
  }
  onFailure(`${handle.workflowId}: approval never accepted: ${String(last)}`);
}

/** Transfers of seeded Online Direct tenants. */
export async function startTransfers(ctx: MixContext, tenants: Array<{ domain: string; partnerCode: string }>): Promise<Started[]> {
  const started: Started[] = [];
  for (const { domain, partnerCode } of tenants) {
    const handle = await ctx.client.workflow.start(transferCustomer, { taskQueue: ctx.taskQueue, workflowId: transferWorkflowId(domain), args: [{ domain, partnerCode }] });
    const matches = (e: JournalEntry) => e.path.includes(`/${encodeURIComponent(domain)}/`) || e.path.includes(`/${domain}/`);
    started.push({ handle, expected: { workflowId: handle.workflowId, operation: 'transferPotentialCustomer', label: `transfer of ${domain}`, matches } });
  }
  return started;
}
