// Cancel a customer now (deleteCustomer) or on a date (usage-status withdrawalDate), behind an approval. Before
// approval either kind can be aborted; a dated cancellation can be aborted until its date (which clears the
// withdrawalDate this workflow set). Deletion is never sent twice: state is read before deleting, and "already gone"
// or "already pending withdrawal" on a retry counts as done.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { cancellationBilling, type CancellationBilling } from '../../domain/lifecycle/cancel-customer-billing.js';
import {
  abortProblems,
  approvalProblems,
  CANCEL_DEFAULTS,
  parseCancelCustomerRunInput,
  type AbortCancellationArgs,
  type ApproveCancellationArgs,
  type CancellationCarryOver,
  type CancelCustomerInput,
  type CancelCustomerRunInput,
} from '../../domain/lifecycle/cancel-customer-input.js';
import { parseDuration } from '../../domain/durations.js';
import { carriedText } from '../../domain/carry-over.js';
import { continueWithValidInput } from '../continue-as-new.js';
import { trackProgress } from '../progress.js';
import { setPartnerSearchAttributes } from '../search-attributes.js';
import { dateInZone, DEFAULT_API_TIME_ZONE, startOfDayInZone } from '../../domain/dates.js';
import { validateOrFail } from '../validate-input.js';
import { poll, partner } from '../activity-options.js';
import { crmNotifier } from '../notifications/notify.js';

export type CancellationStep =
  | 'VALIDATING'
  | 'READING'
  | 'WAITING_FOR_APPROVAL'
  | 'DELETING'
  | 'SCHEDULING'
  | 'WAITING_FOR_DATE'
  | 'ABORTING'
  | 'DONE'
  | 'ABORTED'
  | 'STOPPED';

export interface CancellationApproval {
  approvedBy: string;
  reason: string;
  at: string;
}

export interface CancellationAbort {
  abortedBy: string;
  reason?: string;
  at: string;
}

/** What an abortCancellation update answers once the abort is carried out. */
export interface AbortOutcome {
  aborted: boolean;
  /** True when the withdrawalDate this workflow had set was cleared. */
  clearedWithdrawalDate: boolean;
  detail: string;
}

export interface CancellationStatus {
  step: CancellationStep;
  domainId?: number;
  domain?: string;
  mode?: CancelCustomerInput['mode'];
  withdrawalDate?: string;
  waitingFor?: string;
  approval?: CancellationApproval;
  abort?: CancellationAbort;
  /** The billing rules that apply to this cancellation, in words (openapi.yaml deleteCustomer / patchUsageStatus). */
  billing?: CancellationBilling;
  /** State reads while waiting for the date. */
  checks: number;
  lastError?: string;
}

interface Base {
  domainId: number;
  billing?: CancellationBilling;
  approval?: CancellationApproval;
}

export type CancelCustomerResult = Base &
  (
    | { outcome: 'DELETED'; status?: 204; detail: string }
    | { outcome: 'PENDING_WITHDRAWAL'; status?: 202; withdrawalDate: string | null; detail: string }
    | { outcome: 'CANCELLED'; withdrawalDate: string; detail: string }
    | { outcome: 'CHANGED_ELSEWHERE'; withdrawalDate: string | null; detail: string }
    | { outcome: 'ABORTED'; abort: CancellationAbort; clearedWithdrawalDate: boolean; detail: string }
    | { outcome: 'APPROVAL_TIMED_OUT'; detail: string }
    | { outcome: 'NOT_FOUND'; detail: string }
    | { outcome: 'ALREADY_PENDING_WITHDRAWAL'; withdrawalDate: string | null; detail: string }
    | { outcome: 'BLOCKED'; detail: string }
    | { outcome: 'STILL_PRESENT_AFTER_DATE'; withdrawalDate: string; detail: string }
  );

/** Step, mode and date, approval/abort, billing rules, what the workflow waits for and the last error. */
export const cancellationStatusQuery = defineQuery<CancellationStatus>('cancellationStatus');
/** Approve the cancellation: approver and reason required; a second approval, or one after an abort, is rejected. */
export const approveCancellationUpdate = defineUpdate<CancellationApproval, [ApproveCancellationArgs]>('approveCancellation');
/** Abort: before approval (both modes), or until the date (ON_DATE). Answers once the abort is carried out. */
export const abortCancellationUpdate = defineUpdate<AbortOutcome, [AbortCancellationArgs]>('abortCancellation');

/** After the date, keep checking this long for LINE WORKS to apply it before reporting STILL_PRESENT_AFTER_DATE. */
const AFTER_DATE_GRACE_MS = 3 * 86_400_000;
const FINISHED: CancellationStep[] = ['DONE', 'ABORTED', 'STOPPED'];
/**
 * Runs that record this marker continue as new while waiting for the date (history stays bounded: a year ahead is
 * about 730 re-reads at the 12-hour default); runs that started before it replay without.
 */
export const CANCEL_DATE_CONTINUE_AS_NEW_PATCH = 'cancel-date-continue-as-new';
/** Re-reads per run before it continues as new (sooner when the server suggests it). */
export const DATE_CHECKS_PER_RUN = 50;

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.cause instanceof Error ? err.cause.message : err.message;
  return String(err);
}

export async function cancelCustomer(rawInput: CancelCustomerInput): Promise<CancelCustomerResult> {
  const status: CancellationStatus = { step: 'VALIDATING', checks: 0 };
  let abortRequested: CancellationAbort | undefined;
  let abortOutcome: AbortOutcome | undefined;
  let timeZone = DEFAULT_API_TIME_ZONE;
  setHandler(cancellationStatusQuery, () => status);
  const notifier = crmNotifier();

  setHandler(
    approveCancellationUpdate,
    (args) => {
      status.approval = { approvedBy: args.approvedBy, reason: args.reason, at: new Date().toISOString() };
      progress.refresh();
      return status.approval;
    },
    {
      validator: (args) => {
        const problems = approvalProblems(args);
        if (abortRequested) problems.push(`the cancellation was aborted by ${abortRequested.abortedBy}`);
        else if (status.approval) problems.push(`the cancellation was already approved by ${status.approval.approvedBy} at ${status.approval.at}`);
        else if (FINISHED.includes(status.step)) problems.push(`the workflow is no longer waiting for approval (step ${status.step})`);
        if (problems.length > 0) throw new Error(`approveCancellation refused: ${problems.join('; ')}`);
      },
    },
  );

  setHandler(
    abortCancellationUpdate,
    async (args) => {
      abortRequested = { abortedBy: args.abortedBy, ...(args.reason ? { reason: args.reason } : {}), at: new Date().toISOString() };
      status.abort = abortRequested;
      progress.refresh();
      await condition(() => abortOutcome !== undefined);
      return abortOutcome!;
    },
    {
      validator: (args) => {
        const problems = abortProblems(args);
        if (abortRequested) problems.push(`the cancellation was already aborted by ${abortRequested.abortedBy}`);
        else if (FINISHED.includes(status.step)) problems.push(`the cancellation has already finished (step ${status.step})`);
        else if (status.mode === 'NOW' && status.approval) {
          problems.push(`an immediate cancellation cannot be aborted after approval (approved by ${status.approval.approvedBy})`);
        } else if (status.mode === 'ON_DATE' && status.withdrawalDate && dateInZone(timeZone, Date.now()) >= status.withdrawalDate) {
          problems.push(`the withdrawal date ${status.withdrawalDate} has been reached`);
        }
        if (problems.length > 0) throw new Error(`abortCancellation refused: ${problems.join('; ')}`);
      },
    },
  );

  const progress = trackProgress(status, (s) => [
    s.domainId && `**Customer:** ${s.domain ?? '?'} (domainId ${s.domainId})`,
    s.mode && `**Cancellation:** ${s.mode === 'NOW' ? 'delete now' : `on ${s.withdrawalDate}`}`,
    s.approval && `**Approved by:** ${s.approval.approvedBy} (${s.approval.reason})`,
    s.abort && `**Aborted by:** ${s.abort.abortedBy}${s.abort.reason ? ` (${s.abort.reason})` : ''}`,
    s.billing && `**Billing:** ${s.billing.notes.join(' ')}`,
  ]);
  const moveTo = progress.moveTo;

  const { continuedDateWait: carried, ...input }: CancelCustomerRunInput = validateOrFail((raw) => parseCancelCustomerRunInput(raw, Date.now()), rawInput);
  const { domainId } = input;
  timeZone = input.timeZone ?? DEFAULT_API_TIME_ZONE;
  status.domainId = domainId;
  status.mode = input.mode;
  if (input.withdrawalDate) status.withdrawalDate = input.withdrawalDate;
  setPartnerSearchAttributes({ domainId, operation: 'cancel' });

  /** Ends the workflow: answers a pending abort that came too late, and lets update handlers finish first. */
  async function finish(step: CancellationStep, result: CancelCustomerResult): Promise<CancelCustomerResult> {
    if (!abortOutcome) abortOutcome = { aborted: false, clearedWithdrawalDate: false, detail: `too late: the cancellation ended with ${result.outcome}` };
    if (step === 'STOPPED') status.lastError = result.detail;
    moveTo(step);
    await condition(allHandlersFinished);
    return result;
  }
  async function aborted(clearedWithdrawalDate: boolean, detail: string): Promise<CancelCustomerResult> {
    abortOutcome = { aborted: true, clearedWithdrawalDate, detail };
    await notifier.send({ type: 'cancellation.aborted', data: { domainId, abortedBy: abortRequested!.abortedBy, clearedWithdrawalDate } });
    return finish('ABORTED', { outcome: 'ABORTED', domainId, abort: abortRequested!, clearedWithdrawalDate, detail, ...base() });
  }
  function base(): Omit<Base, 'domainId'> {
    return { ...(status.billing ? { billing: status.billing } : {}), ...(status.approval ? { approval: status.approval } : {}) };
  }

  if (carried) {
    // A continued run: approved and scheduled by an earlier run; go on waiting for the date with its status.
    status.domain = carried.domain;
    status.approval = carried.approval;
    status.billing = carried.billing as CancellationBilling | undefined;
    status.checks = carried.checks;
    if (carried.lastError) status.lastError = carried.lastError;
    notifier.sent.push(...((carried.notifications ?? []) as typeof notifier.sent));
    if (carried.domain) setPartnerSearchAttributes({ domain: carried.domain });
    return waitForDate(input.withdrawalDate!, carried.run);
  }

  moveTo('READING');
  const state = await partner.readCustomerState(domainId);
  if (!state.exists) return finish('STOPPED', { outcome: 'NOT_FOUND', domainId, detail: `no customer with domainId ${domainId}` });
  status.domain = state.customer.domain;
  setPartnerSearchAttributes({ domain: state.customer.domain });
  if (state.usage.status === 'SUSPENDED_WITHDRAWAL') {
    return finish('STOPPED', {
      outcome: 'ALREADY_PENDING_WITHDRAWAL',
      domainId,
      withdrawalDate: state.usage.withdrawalDate ?? null,
      detail: `the customer is already pending withdrawal (removal on ${state.usage.withdrawalDate ?? 'an unknown date'}); this cannot be undone`,
    });
  }
  // The preview names every annual contract the date ends early: each costs a penalty (cancel-customer-billing.ts).
  const contracts = await partner.readSubscriptionState(domainId);
  status.billing = cancellationBilling(input.mode === 'NOW' ? dateInZone(timeZone, Date.now()) : input.withdrawalDate!, input.mode, contracts.subscriptions);

  const approvalTimeoutMs = parseDuration(input.approvalTimeout ?? CANCEL_DEFAULTS.approvalTimeout)!;
  moveTo('WAITING_FOR_APPROVAL', 'approval (update approveCancellation with approvedBy and reason), or abortCancellation');
  await notifier.send({ type: 'cancellation.approval_requested', data: { domainId, domain: state.customer.domain, mode: input.mode, withdrawalDate: input.withdrawalDate ?? null, billing: status.billing.notes, penalties: status.billing.penalties } });
  const decided = await condition(() => status.approval !== undefined || abortRequested !== undefined, approvalTimeoutMs);
  if (abortRequested) return aborted(false, 'aborted before approval; nothing was changed');
  if (!decided) return finish('STOPPED', { outcome: 'APPROVAL_TIMED_OUT', domainId, detail: `no approval within ${input.approvalTimeout ?? CANCEL_DEFAULTS.approvalTimeout}; nothing was changed`, ...base() });

  if (input.mode === 'NOW') {
    moveTo('DELETING');
    const deleted = await partner.deleteCustomerOnce(domainId);
    await notifier.send({ type: 'cancellation.completed', data: { domainId, outcome: deleted.outcome } });
    if (deleted.outcome === 'DELETED') return finish('DONE', { outcome: 'DELETED', domainId, status: 204, detail: 'deleted (204): the tenant was removed at once', ...base() });
    if (deleted.outcome === 'ALREADY_DELETED') {
      return finish('DONE', { outcome: 'DELETED', domainId, detail: 'deleted: on re-reading, the customer was already gone (an earlier attempt whose answer was lost deleted it)', ...base() });
    }
    return finish('DONE', {
      outcome: 'PENDING_WITHDRAWAL',
      domainId,
      ...(deleted.status ? { status: deleted.status } : {}),
      withdrawalDate: deleted.withdrawalDate,
      detail: `accepted (202): the tenant ever installed a non-real-time paid app, so it is pending withdrawal (irreversible) until ${deleted.withdrawalDate ?? 'its removal date'}; only Option Plus charges continue${deleted.alreadyPending ? ' (found already pending on re-reading: an earlier attempt was accepted)' : ''}`,
      ...base(),
    });
  }

  // ON_DATE: schedule the date, keeping the cap and any scheduled cap change, then wait for the date.
  const date = input.withdrawalDate!;
  moveTo('SCHEDULING');
  const usage = await partner.readUsageStatus(domainId);
  const keep = usage.renewal ?? undefined;
  const scheduled = await partner.setWithdrawalDate(domainId, date, keep);
  if (scheduled.kind === 'BLOCKED') return finish('STOPPED', { outcome: 'BLOCKED', domainId, detail: scheduled.reason, ...base() });
  if (scheduled.lostScheduledChange) status.lastError = `the scheduled cap change could not be kept: ${scheduled.lostScheduledChange.reason}`;
  return waitForDate(date, 1);

  /** Waits for the date (abortable until then), re-reading the state every pollInterval; `run` counts continuations. */
  async function waitForDate(date: string, run: number): Promise<CancelCustomerResult> {
    const clear = async (): Promise<CancelCustomerResult> => {
      moveTo('ABORTING');
      // Keep the scheduled cap change as it is now (it may have been applied or changed since the date was set).
      const current = await partner.readUsageStatus(domainId);
      const cleared = await partner.setWithdrawalDate(domainId, null, current.renewal ?? undefined);
      if (cleared.kind === 'BLOCKED') {
        abortOutcome = { aborted: false, clearedWithdrawalDate: false, detail: cleared.reason };
        return finish('STOPPED', { outcome: 'PENDING_WITHDRAWAL', domainId, withdrawalDate: cleared.usage.withdrawalDate ?? null, detail: `abort came too late: ${cleared.reason}`, ...base() });
      }
      return aborted(true, `withdrawalDate ${date} was cleared; the customer stays`);
    };
    if (abortRequested) return clear();

    const pollMs = parseDuration(input.pollInterval ?? CANCEL_DEFAULTS.pollInterval)!;
    const dateStartMs = startOfDayInZone(date, timeZone);
    moveTo('WAITING_FOR_DATE', `the withdrawal date ${date} (abortCancellation until then)`);
    const mayContinue = patched(CANCEL_DATE_CONTINUE_AS_NEW_PATCH);
    let checksThisRun = 0;
    for (;;) {
      if (mayContinue && (checksThisRun >= DATE_CHECKS_PER_RUN || workflowInfo().continueAsNewSuggested) && !abortRequested) {
        // Only between two reads, with no update running (an abort that comes meanwhile is carried out here).
        await condition(() => allHandlersFinished() || abortRequested !== undefined);
        if (abortRequested) return clear();
        const carry: CancellationCarryOver = {
          run: run + 1,
          ...(status.domain ? { domain: status.domain } : {}),
          approval: status.approval!,
          ...(status.billing ? { billing: status.billing as unknown as Record<string, unknown> } : {}),
          checks: status.checks,
          ...(status.lastError ? { lastError: carriedText(status.lastError) } : {}),
          notifications: notifier.sent.map((sent) => ({ ...sent })),
        };
        // The withdrawal date is already set at LINE WORKS: a next run that refused its input would leave nobody to
        // finish (or abort) the cancellation, so an input it would refuse keeps this run going instead.
        const continued = continueWithValidInput('cancelCustomer', { ...input, continuedDateWait: carry }, (raw) => parseCancelCustomerRunInput(raw, Date.now()), (next) =>
          continueAsNew<typeof cancelCustomer>(next as CancelCustomerInput),
        );
        if (continued) return continued;
        checksThisRun = 0;
      }
      const untilDate = dateStartMs - Date.now();
      await condition(() => abortRequested !== undefined, untilDate > 0 ? Math.min(pollMs, untilDate) : pollMs);
      if (abortRequested) return clear();
      status.checks += 1;
      checksThisRun += 1;
      let now;
      try {
        now = await poll.readCustomerState(domainId);
      } catch (err) {
        status.lastError = `reading the customer failed: ${messageOf(err)}`;
        progress.refresh();
        continue;
      }
      if (abortRequested) return clear();
      if (!now.exists) {
        await notifier.send({ type: 'cancellation.completed', data: { domainId, outcome: 'CANCELLED', withdrawalDate: date } });
        return finish('DONE', { outcome: 'CANCELLED', domainId, withdrawalDate: date, detail: `the customer was deleted on its withdrawal date ${date}`, ...base() });
      }
      if (now.usage.status === 'SUSPENDED_WITHDRAWAL') {
        await notifier.send({ type: 'cancellation.completed', data: { domainId, outcome: 'PENDING_WITHDRAWAL', withdrawalDate: now.usage.withdrawalDate ?? null } });
        return finish('DONE', {
          outcome: 'PENDING_WITHDRAWAL',
          domainId,
          withdrawalDate: now.usage.withdrawalDate ?? null,
          detail: `on ${date} the tenant went to pending withdrawal (it ever installed a non-real-time paid app); removal on ${now.usage.withdrawalDate ?? 'its removal date'}`,
          ...base(),
        });
      }
      if ((now.usage.withdrawalDate ?? null) !== date) {
        return finish('STOPPED', {
          outcome: 'CHANGED_ELSEWHERE',
          domainId,
          withdrawalDate: now.usage.withdrawalDate ?? null,
          detail: `the withdrawalDate was changed outside this workflow (now ${now.usage.withdrawalDate ?? 'none'}, was ${date})`,
          ...base(),
        });
      }
      if (Date.now() - dateStartMs > AFTER_DATE_GRACE_MS) {
        return finish('STOPPED', { outcome: 'STILL_PRESENT_AFTER_DATE', domainId, withdrawalDate: date, detail: `the customer is still there 3 days after its withdrawal date ${date}; check with LINE WORKS`, ...base() });
      }
    }
  }
}
