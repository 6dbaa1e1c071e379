// Changes to one customer's subscriptions, options and user cap run one at a time. Each change (a workflow) asks the
// customer's lock workflow `customer-changes/<domainId>` for its turn and waits (its status names the workflow ID it
// waits for); the lock hands turns out first come, first served. Without it two "+5 from 10" requests could both
// read 10: one add would be lost (the guard reads "15 reached" as "done") or both applied on a blind retry.
// The lock is started by the first requester (detached, so it outlives it), ends itself after a minute without
// requests, frees the turn of a holder that closed without releasing it, and continues-as-new when its history grows.
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  setHandler,
  sleep,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { partner } from './activity-options.js';
import { setPartnerSearchAttributes } from './search-attributes.js';

export interface LockRequester {
  workflowId: string;
  /** Absent: the current run of workflowId. */
  runId: string;
}

export interface CustomerLockState {
  domainId: number;
  holder?: LockRequester;
  queue: LockRequester[];
  /**
   * When the last holder released its turn (or was found closed): every change made through the lock ended before it.
   * Absent while no holder of this lock has ended; the lock before it (if any) ended at least IDLE_END_MS after its
   * last release.
   */
  lastReleasedAtMs?: number;
}

/** What a requester learns with its turn. */
export interface TurnGrant {
  /**
   * CustomerLockState.lastReleasedAtMs when the turn was granted; null: no holder of this lock has ended. Absent
   * (unknown: a lock of an older version granted the turn): nothing may be concluded from it.
   */
  lastReleasedAtMs?: number | null;
}

export const requestCustomerTurnSignal = defineSignal<[LockRequester]>('requestCustomerTurn');
export const releaseCustomerTurnSignal = defineSignal<[LockRequester]>('releaseCustomerTurn');
/** Sent to a requester: its turn has come. */
export const customerTurnGrantedSignal = defineSignal<[TurnGrant?]>('customerTurnGranted');
/** Sent to a waiting requester: who holds the turn now. */
export const customerTurnHolderSignal = defineSignal<[{ holderWorkflowId: string }]>('customerTurnHolder');
export const customerLockStatusQuery = defineQuery<CustomerLockState>('customerLockStatus');

export const customerLockWorkflowId = (domainId: number) => `customer-changes/${domainId}`;

const IDLE_END_MS = 60_000;
const HOLDER_CHECK_MS = 60_000;
const same = (a: LockRequester, b: LockRequester) => a.workflowId === b.workflowId && a.runId === b.runId;

async function tell(to: LockRequester, send: (handle: ReturnType<typeof getExternalWorkflowHandle>) => Promise<void>): Promise<boolean> {
  try {
    await send(getExternalWorkflowHandle(to.workflowId, to.runId));
    return true;
  } catch {
    return false; // the requester has closed
  }
}

/** The lock of one customer's changes. */
export async function customerChangeLock(state: CustomerLockState): Promise<void> {
  const released = new Set<string>();
  const key = (r: LockRequester) => `${r.workflowId}/${r.runId}`;
  setHandler(customerLockStatusQuery, () => state);
  setHandler(requestCustomerTurnSignal, (requester) => {
    if ((state.holder && same(state.holder, requester)) || state.queue.some((q) => same(q, requester))) return;
    state.queue.push(requester);
  });
  setHandler(releaseCustomerTurnSignal, (requester) => {
    released.add(key(requester));
    state.queue = state.queue.filter((q) => !same(q, requester));
  });
  setPartnerSearchAttributes({ domainId: state.domainId, operation: 'customer-change-lock', state: 'OPEN' });

  for (;;) {
    if (!state.holder) {
      if (!(await condition(() => state.queue.length > 0, IDLE_END_MS))) return;
      const next = state.queue.shift()!;
      const grant: TurnGrant = { lastReleasedAtMs: state.lastReleasedAtMs ?? null };
      if (!(await tell(next, (h) => h.signal(customerTurnGrantedSignal, grant)))) continue;
      state.holder = next;
      for (const waiting of state.queue) await tell(waiting, (h) => h.signal(customerTurnHolderSignal, { holderWorkflowId: next.workflowId }));
    }
    const holder = state.holder;
    const newcomers = state.queue.length;
    const done = await condition(() => released.has(key(holder)) || state.queue.length > newcomers, HOLDER_CHECK_MS);
    if (released.has(key(holder))) {
      released.delete(key(holder));
      state.holder = undefined;
      state.lastReleasedAtMs = Date.now();
    } else if (done) {
      // Someone new is waiting: tell them whom they wait for.
      for (const waiting of state.queue.slice(newcomers)) await tell(waiting, (h) => h.signal(customerTurnHolderSignal, { holderWorkflowId: holder.workflowId }));
    } else if (!(await partner.workflowRunIsOpen(holder.workflowId, holder.runId))) {
      state.holder = undefined; // it ended (failed, terminated) without releasing: free the turn
      state.lastReleasedAtMs = Date.now();
    }
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof customerChangeLock>(state);
  }
}

export interface CustomerTurn extends TurnGrant {
  release(): Promise<void>;
}

/**
 * Waits for this workflow's turn to change customer `domainId`. `onWaiting` is called with the workflow ID it waits
 * for (or undefined when not yet known). Release the turn when done (also on failure: use try/finally).
 */
export async function takeCustomerTurn(domainId: number, onWaiting: (holderWorkflowId: string | undefined) => void): Promise<CustomerTurn> {
  const lockId = customerLockWorkflowId(domainId);
  const { workflowId, runId } = workflowInfo();
  const me: LockRequester = { workflowId, runId };
  let granted = false;
  let grant: TurnGrant = {};
  setHandler(customerTurnGrantedSignal, (given) => {
    granted = true;
    grant = given ?? {};
  });
  setHandler(customerTurnHolderSignal, ({ holderWorkflowId }) => {
    if (!granted) onWaiting(holderWorkflowId);
  });
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) await sleep(Math.min(1_000 * attempt, 10_000));
    try {
      await getExternalWorkflowHandle(lockId).signal(requestCustomerTurnSignal, me);
      break;
    } catch {
      // No open lock: start it, with us first in its queue.
    }
    try {
      await startChild(customerChangeLock, {
        workflowId: lockId,
        args: [{ domainId, queue: [me] }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      break;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      // Started by someone else meanwhile: ask it (next round).
    }
    if (attempt > 20) throw ApplicationFailure.retryable(`could not reach the change lock ${lockId}`, 'ERR_CUSTOMER_LOCK');
  }
  if (!granted) onWaiting(undefined);
  await condition(() => granted);
  return {
    ...(grant.lastReleasedAtMs === undefined ? {} : { lastReleasedAtMs: grant.lastReleasedAtMs }),
    async release() {
      try {
        // Also when this workflow is being cancelled: the next change must get its turn.
        await CancellationScope.nonCancellable(() => getExternalWorkflowHandle(lockId).signal(releaseCustomerTurnSignal, me));
      } catch {
        // The lock has ended (it frees turns of closed holders anyway).
      }
    },
  };
}
