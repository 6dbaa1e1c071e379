// bulkChange: one subscription, option or user-cap change applied to many customers, each through its own
// single-customer workflow (a child: the same planning, collision checks, per-customer lock and exactly-once writes),
// a bounded number at a time. Customers are found a page at a time; every `customersPerRun` customers the run waits
// for its children, writes its rows as a part of the results file and continues as new, so 10,000 customers fit.
// Pause / resume / cancel are signals: a pause or cancel stops starting children; the running ones finish (they may
// be mid-write, and each write happens exactly once).
import {
  ChildWorkflowFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  executeChild,
  ParentClosePolicy,
  setHandler,
  patched,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import type { BulkResultRow, BulkTarget } from '../../activities/index.js';
import { customerRequest, needsSubscription, parseBulkChangeInput, type BulkChangeInput, type ParsedBulkChangeInput } from '../../domain/bulk/bulk-change-input.js';
import { parseUserCapInput } from '../../domain/lifecycle/user-cap-input.js';
import { planUserCap } from '../../domain/lifecycle/user-cap-plan.js';
import { optionChangeWorkflowId } from '../../domain/subscriptions/option-input.js';
import { subscriptionChangeWorkflowId } from '../../domain/subscriptions/subscription-input.js';
import { partner, partnerScan, reports } from '../activity-options.js';
import { targetOf, userCap } from '../lifecycle/user-cap.js';
import { trackProgress } from '../progress.js';
import { setPartnerSearchAttributes } from '../search-attributes.js';
import { changeOption } from '../subscriptions/option-change.js';
import { changeSubscription } from '../subscriptions/subscription-change.js';
import { validateOrFail } from '../validate-input.js';

export type BulkChangeStep = 'VALIDATING' | 'SELECTING' | 'RUNNING' | 'PAUSED' | 'FINISHING_RUN' | 'WRITING_RESULTS' | 'DONE';

/** What a run hands to the next one (continue-as-new): where the selection stands and the totals so far. */
export interface BulkCarryOver {
  /** The next page of customers starts here (absent: from the start, or no page left when `selected` is set). */
  cursor?: string;
  /** Customers selected but not started yet. */
  pending: BulkTarget[];
  /** All pages have been read. */
  selected: boolean;
  /** Result parts written so far (one per run). */
  parts: number;
  processed: number;
  counts: Record<string, number>;
  paused: boolean;
  run: number;
  /** When the first run validated the input: later runs check the request's dates as of then. */
  validatedAtMs: number;
}

export interface BulkChangeStatus {
  step: BulkChangeStep;
  batchId?: string;
  /** What each customer gets, in words. */
  request?: string;
  preview?: boolean;
  /** Customers finished (or skipped) so far, over all runs. */
  processed: number;
  /** Per-customer workflows running now. */
  running: number;
  /** Customers selected and not started yet (more may follow from later pages until selection is complete). */
  pending: number;
  selectionComplete: boolean;
  /** Finished customers by outcome. */
  counts: Record<string, number>;
  paused: boolean;
  cancelled: boolean;
  /** Which run of the workflow this is (continue-as-new counts up from 1). */
  run: number;
  files?: string[];
  waitingFor?: string;
  lastError?: string;
}

export interface BulkChangeResult {
  outcome: 'DONE' | 'CANCELLED';
  batchId: string;
  preview: boolean;
  processed: number;
  counts: Record<string, number>;
  /** Cancelled: customers selected but never started (further pages, if any, were not read). */
  notStarted?: number;
  /** The per-customer results, in the reports directory. */
  files: string[];
}

/** Change ID of handing the selection's subscription to each customer's change (issue #14: one list read, not two). */
export const HAND_SELECTION_PATCH = 'bulk-hands-selection-to-changes';

export const bulkChangeStatusQuery = defineQuery<BulkChangeStatus>('bulkChangeStatus');
/** Stop starting customers (the running ones finish); resumeBulkChange goes on. */
export const pauseBulkChangeSignal = defineSignal('pauseBulkChange');
export const resumeBulkChangeSignal = defineSignal('resumeBulkChange');
/** Start no further customer; the running ones finish, then the results file is written. */
export const cancelBulkChangeSignal = defineSignal('cancelBulkChange');

function describe(input: ParsedBulkChangeInput): string {
  const { kind, request } = input.change;
  const fields = Object.entries(request)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
  return `${kind} change ${fields}`;
}

function failureText(err: unknown): string {
  if (err instanceof ChildWorkflowFailure) return err.cause?.message ?? err.message;
  return err instanceof Error ? err.message : String(err);
}

/** One customer: its workflow's outcome as a result row (a failure is a row too; the batch goes on). */
async function changeOneCustomer(input: ParsedBulkChangeInput, target: BulkTarget): Promise<BulkResultRow> {
  const { domainId, subscriptionId } = target;
  const request = customerRequest(input, domainId, subscriptionId);
  const base = { domainId, ...(subscriptionId !== undefined ? { subscriptionId } : {}) };
  const childOptions = { args: [request] as [never], parentClosePolicy: ParentClosePolicy.ABANDON };
  let workflowId: string | undefined;
  try {
    if (input.change.kind === 'userCap') {
      const parsed = parseUserCapInput(request, Date.now());
      if (input.preview) {
        // userCap has no preview mode: read the usage status and plan here (pure), writing nothing.
        const plan = planUserCap(await partner.readUsageStatus(domainId), targetOf(parsed));
        return { ...base, outcome: 'PREVIEW', route: plan.kind, reason: 'reason' in plan ? plan.reason : plan.summary };
      }
      workflowId = `user-cap/${domainId}`;
      const result = await executeChild(userCap, { ...childOptions, workflowId, workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE });
      return { ...base, workflowId, outcome: result.outcome, reason: 'summary' in result ? result.summary : result.reason };
    }
    const requestId = String(request.requestId);
    // What the selection read of this customer goes along (handed-subscriptions.ts), so the change need not list it.
    const handedArgs = target.subscriptions && target.selectedAtMs !== undefined ? { args: [request, { subscriptions: target.subscriptions, readAtMs: target.selectedAtMs }] as [never, never] } : {};
    // The single-customer request's own business ID: a re-run of the batch finds the finished change (REJECT_DUPLICATE).
    if (input.change.kind === 'subscription') {
      workflowId = subscriptionChangeWorkflowId(domainId, requestId, input.preview);
      const result = await executeChild(changeSubscription, { ...childOptions, ...handedArgs, workflowId, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE });
      return { ...base, workflowId, outcome: result.outcome, route: result.route, reason: result.reason };
    }
    workflowId = optionChangeWorkflowId(domainId, requestId, input.preview);
    const result = await executeChild(changeOption, { ...childOptions, ...handedArgs, workflowId, workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE });
    return { ...base, workflowId, outcome: result.outcome, route: result.route, reason: result.reason };
  } catch (err) {
    const already = err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError';
    return {
      ...base,
      ...(workflowId ? { workflowId } : {}),
      outcome: already ? 'ALREADY_STARTED' : 'FAILED',
      reason: already ? `${workflowId} was already started (an earlier run of this batch, or another change of this customer): see its result` : failureText(err),
    };
  }
}

/**
 * `carried` is the previous run's state when continuing as new; clients start with the input alone.
 */
export async function bulkChange(rawInput: BulkChangeInput, carried?: BulkCarryOver): Promise<BulkChangeResult> {
  const state: BulkCarryOver = carried ?? { pending: [], selected: false, parts: 0, processed: 0, counts: {}, paused: false, run: 1, validatedAtMs: Date.now() };
  const status: BulkChangeStatus = {
    step: 'VALIDATING',
    processed: state.processed,
    running: 0,
    pending: state.pending.length,
    selectionComplete: state.selected,
    counts: state.counts,
    paused: state.paused,
    cancelled: false,
    run: state.run,
  };
  const progress = trackProgress(status, (s) => [
    s.batchId && `**Batch:** ${s.batchId}${s.preview ? ' (preview: nothing is written)' : ''}`,
    s.request && `**Change:** ${s.request}`,
    `**Done:** ${s.processed} (${Object.entries(s.counts).map(([k, v]) => `${k} ${v}`).join(', ') || 'none yet'}); **running:** ${s.running}; **selected, not started:** ${s.pending}${s.selectionComplete ? '' : ' (more pages to read)'}`,
    `**Run:** ${s.run}`,
    s.paused && '**Paused** (signal resumeBulkChange to go on)',
    s.cancelled && '**Cancelled**: no further customer is started',
    s.files && `**Results:** ${s.files.join(', ')}`,
  ]);
  setHandler(bulkChangeStatusQuery, () => status);
  setHandler(pauseBulkChangeSignal, () => {
    status.paused = state.paused = true;
    progress.refresh();
  });
  setHandler(resumeBulkChangeSignal, () => {
    status.paused = state.paused = false;
    progress.refresh();
  });
  setHandler(cancelBulkChangeSignal, () => {
    status.cancelled = true;
    progress.refresh();
  });

  const input = validateOrFail((raw) => parseBulkChangeInput(raw, state.validatedAtMs), rawInput);
  status.batchId = input.batchId;
  status.preview = input.preview;
  status.request = describe(input);
  setPartnerSearchAttributes({ operation: 'bulk-change' });

  const rows: BulkResultRow[] = [];
  const record = (row: BulkResultRow) => {
    rows.push(row);
    state.processed++;
    state.counts[row.outcome] = (state.counts[row.outcome] ?? 0) + 1;
    status.processed = state.processed;
    status.pending = state.pending.length;
    progress.refresh();
  };
  const selector = {
    ...(input.customers.domainIds ? { domainIds: input.customers.domainIds } : {}),
    ...(input.customers.productId ? { productId: input.customers.productId } : {}),
    ...(input.customers.plan ? { plan: input.customers.plan } : {}),
    findSubscription: needsSubscription(input.change.kind, input.change.request),
  };

  let startedThisRun = 0;
  const running: Array<Promise<void>> = [];
  while (!status.cancelled && startedThisRun < input.customersPerRun) {
    if (state.pending.length === 0) {
      if (state.selected) break;
      progress.moveTo('SELECTING');
      const page = await partnerScan.selectBulkTargets(selector, state.cursor);
      // Each customer's change plans on the subscription the selection just read, while fresh (patched: runs that
      // started before hand nothing over; their children read the list themselves).
      // The age of handed state counts from the selection's read (the activity says when), not from this workflow
      // task, which a worker that died in between makes later.
      const receivedAtMs = Date.now();
      state.pending = patched(HAND_SELECTION_PATCH)
        ? page.targets.map((t) => (t.subscriptions ? { ...t, selectedAtMs: t.selectedAtMs ?? receivedAtMs } : t))
        : page.targets.map(({ subscriptions: _s, ...t }) => t);
      state.cursor = page.nextCursor;
      state.selected = page.nextCursor === undefined;
      status.pending = state.pending.length;
      status.selectionComplete = state.selected;
      continue;
    }
    if (status.paused || status.running >= input.concurrency) {
      progress.moveTo(status.paused ? 'PAUSED' : 'RUNNING', status.paused ? 'resumeBulkChange (or cancelBulkChange)' : undefined);
      await condition(() => status.cancelled || (!status.paused && status.running < input.concurrency));
      continue;
    }
    if (status.step !== 'RUNNING') progress.moveTo('RUNNING');
    const target = state.pending.shift()!;
    status.pending = state.pending.length;
    startedThisRun++;
    if (target.skip) {
      record({ domainId: target.domainId, outcome: 'SKIPPED', reason: target.skip });
      continue;
    }
    status.running++;
    running.push(
      changeOneCustomer(input, target).then((row) => {
        status.running--;
        record(row);
      }),
    );
  }

  progress.moveTo('FINISHING_RUN', status.running > 0 ? `${status.running} running customer workflow(s) to finish` : undefined);
  await Promise.all(running);
  await reports.writeBulkResultsPart(input.batchId, state.parts, rows);
  state.parts++;

  const finished = state.selected && state.pending.length === 0;
  if (!status.cancelled && !finished) {
    return continueAsNew<typeof bulkChange>(rawInput, { ...state, run: state.run + 1 });
  }

  progress.moveTo('WRITING_RESULTS');
  const outcome = status.cancelled ? 'CANCELLED' : 'DONE';
  const files = await reports.finishBulkResults(input.batchId, state.parts, {
    kind: 'bulk-change',
    outcome,
    preview: input.preview,
    change: input.change,
    requestedBy: input.requestedBy,
    processed: state.processed,
    counts: state.counts,
  });
  status.files = files.files;
  progress.moveTo('DONE');
  return {
    outcome,
    batchId: input.batchId,
    preview: input.preview,
    processed: state.processed,
    counts: state.counts,
    ...(status.cancelled ? { notStarted: state.pending.length } : {}),
    files: files.files,
  };
}
