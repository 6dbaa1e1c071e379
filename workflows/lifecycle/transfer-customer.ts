// Transfer an Online Direct customer under the partner: check the tenant (exists, the partner code is accepted, not
// already ours), transfer (202), then wait (durable polling with back-off, bounded by a deadline) until it appears
// among our customers, and return it. A re-run for a tenant that is already ours returns it without a new transfer.
import { allHandlersFinished, condition, continueAsNew, defineQuery, defineSignal, log, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { PotentialCustomer } from '../../activities/transfer.js';
import type { Customer } from '../../partner-api/types.js';
import { formatDuration } from '../../domain/durations.js';
import { trackProgress } from '../progress.js';
import { setPartnerSearchAttributes } from '../search-attributes.js';
import {
  parseTransferCustomerRunInput,
  transferWaitMs,
  type TransferCarryOver,
  type TransferCustomerInput,
  type TransferCustomerRunInput,
} from '../../domain/lifecycle/transfer-customer-input.js';
import { carriedText } from '../../domain/carry-over.js';
import { continueWithValidInput } from '../continue-as-new.js';
import { validateOrFail } from '../validate-input.js';
import { poll, partner } from '../activity-options.js';
import { crmNotifier } from '../notifications/notify.js';

export type TransferStep = 'VALIDATING' | 'CHECKING' | 'TRANSFERRING' | 'WAITING_FOR_TRANSFER' | 'DONE' | 'STOPPED';

export interface TransferStatus {
  step: TransferStep;
  domain?: string;
  domainId?: number;
  waitingFor?: string;
  /** Checks of our customer list since the 202, and the next one. */
  checks: number;
  nextCheckAt?: string;
  deadline?: string;
  /** Apps the tenant uses that this partner does not handle (from getPotentialCustomer). */
  notHandledApps?: string[];
  lastError?: string;
}

export type TransferCustomerResult =
  | { outcome: 'TRANSFERRED'; customer: Customer; potentialCustomer: PotentialCustomer; checks: number }
  | { outcome: 'ALREADY_OUR_CUSTOMER'; customer: Customer }
  | { outcome: 'NOT_TRANSFERABLE'; domain: string; reason: string }
  | { outcome: 'TIMED_OUT'; domain: string; reason: string; checks: number };

/** Current step, what the workflow waits for, checks so far, the deadline and the last error. */
export const transferStatusQuery = defineQuery<TransferStatus>('transferStatus');
/** Check our customer list at once instead of at the next poll. */
export const recheckTransferSignal = defineSignal('recheckTransfer');

/** Change ID: the wait for the tenant continues as new every TRANSFER_CHECKS_PER_RUN checks (runs before it replay without). */
export const TRANSFER_WAIT_CONTINUE_AS_NEW_PATCH = 'transfer-wait-continue-as-new';
/** Checks per run: with its timer and activity each, a run's history stays at a few hundred events. */
export const TRANSFER_CHECKS_PER_RUN = 100;

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.cause instanceof Error ? err.cause.message : err.message;
  return String(err);
}

export async function transferCustomer(rawInput: TransferCustomerInput): Promise<TransferCustomerResult> {
  const status: TransferStatus = { step: 'VALIDATING', checks: 0 };
  setHandler(transferStatusQuery, () => status);
  const notifier = crmNotifier();
  let recheck = false;
  setHandler(recheckTransferSignal, () => {
    recheck = true;
  });
  const progress = trackProgress(status, (s) => [
    s.domain && `**Domain:** ${s.domain}${s.domainId ? ` (domainId ${s.domainId})` : ''}`,
    s.step === 'WAITING_FOR_TRANSFER' && `**Checks:** ${s.checks}; next ${s.nextCheckAt}; deadline ${s.deadline}`,
    s.notHandledApps?.length && `**Apps this partner does not handle:** ${s.notHandledApps.join(', ')}`,
  ]);
  const moveTo = progress.moveTo;
  function stop(reason: string): TransferCustomerResult {
    status.lastError = reason;
    moveTo('STOPPED');
    return { outcome: 'NOT_TRANSFERABLE', domain: status.domain!, reason };
  }

  const { continuedTransferWait: carried, ...input }: TransferCustomerRunInput = validateOrFail(parseTransferCustomerRunInput, rawInput);
  const { domain } = input;
  status.domain = domain;
  setPartnerSearchAttributes({ domain, operation: 'transfer' });
  // A continued run goes straight back to waiting: the tenant was looked up and transferred by the first run.
  if (carried) return waitForTenant(carried.potentialCustomer as PotentialCustomer, carried);

  moveTo('CHECKING');
  const existing = await partner.findOwnCustomer(domain);
  if (existing) {
    status.domainId = existing.domainId;
    setPartnerSearchAttributes({ domainId: existing.domainId });
    moveTo('DONE');
    return { outcome: 'ALREADY_OUR_CUSTOMER', customer: existing };
  }
  const check = await partner.lookUpPotentialCustomer(domain, input.partnerCode);
  if (!check.found) return stop(check.reason);
  const potentialCustomer = check.potentialCustomer;
  if (potentialCustomer.domain !== undefined && potentialCustomer.domain !== domain) {
    return stop(`the API answered for ${potentialCustomer.domain}, not ${domain}`);
  }
  if (potentialCustomer.notHandledApps?.length) status.notHandledApps = potentialCustomer.notHandledApps;
  if (potentialCustomer.domainId !== undefined) {
    status.domainId = potentialCustomer.domainId;
    setPartnerSearchAttributes({ domainId: potentialCustomer.domainId });
  }

  moveTo('TRANSFERRING');
  const started = await partner.startTransfer(domain, input.partnerCode, input.enablePartnerProfileDisplay);
  if (started.kind === 'ALREADY_OURS') {
    moveTo('DONE');
    return { outcome: 'ALREADY_OUR_CUSTOMER', customer: started.customer };
  }
  if (started.kind === 'REFUSED' && !started.afterRetry) return stop(`transferPotentialCustomer was refused: ${started.reason}`);
  if (started.kind === 'REFUSED') {
    // A retried call refused with 400: the lost first answer was probably a 202 ("already in progress"). Wait and see.
    status.lastError = `a retried transfer call was refused (${started.reason}); an earlier attempt was probably accepted`;
    log.warn('retried transfer refused; waiting for the tenant anyway', { domain });
  }

  return waitForTenant(potentialCustomer);

  /**
   * Durable wait: doubling intervals up to maxInterval, until the tenant is ours or the deadline passes. Every
   * TRANSFER_CHECKS_PER_RUN checks (or when Temporal suggests it) the wait continues as new with its state.
   */
  async function waitForTenant(potentialCustomer: PotentialCustomer, resume?: TransferCarryOver): Promise<TransferCustomerResult> {
    const wait = transferWaitMs(input.wait);
    const deadlineMs = resume ? Date.parse(resume.deadline) : Date.now() + wait.deadline;
    status.deadline = new Date(deadlineMs).toISOString();
    let interval = resume?.intervalMs ?? wait.initialInterval;
    if (resume) {
      if (potentialCustomer.notHandledApps?.length) status.notHandledApps = potentialCustomer.notHandledApps;
      if (resume.domainId !== undefined) {
        status.domainId = resume.domainId;
        setPartnerSearchAttributes({ domainId: resume.domainId });
      }
      status.checks = resume.checks;
      if (resume.lastError) status.lastError = resume.lastError;
      recheck = recheck || resume.recheck === true;
    }
    moveTo('WAITING_FOR_TRANSFER', `LINE WORKS to finish the transfer of ${domain} (signal recheckTransfer to check at once)`);
    const mayContinue = patched(TRANSFER_WAIT_CONTINUE_AS_NEW_PATCH);
    let checksThisRun = 0;
    for (;;) {
      if (mayContinue && (checksThisRun >= TRANSFER_CHECKS_PER_RUN || workflowInfo().continueAsNewSuggested)) {
        await condition(allHandlersFinished);
        const carry: TransferCarryOver = {
          potentialCustomer: potentialCustomer as Record<string, unknown>,
          ...(status.domainId !== undefined ? { domainId: status.domainId } : {}),
          deadline: status.deadline!,
          intervalMs: interval,
          checks: status.checks,
          ...(recheck ? { recheck: true } : {}),
          ...(status.lastError ? { lastError: carriedText(status.lastError) } : {}),
        };
        const continued = continueWithValidInput('transferCustomer', { ...input, continuedTransferWait: carry }, parseTransferCustomerRunInput, (next) =>
          continueAsNew<typeof transferCustomer>(next as TransferCustomerInput),
        );
        if (continued) return continued;
        checksThisRun = 0;
      }
      const sleepMs = Math.max(0, Math.min(interval, deadlineMs - Date.now()));
      status.nextCheckAt = new Date(Date.now() + sleepMs).toISOString();
      progress.refresh();
      await condition(() => recheck, sleepMs);
      recheck = false;
      status.checks += 1;
      checksThisRun += 1;
      try {
        const customer = await poll.findOwnCustomer(domain);
        if (customer) {
          status.domainId = customer.domainId;
          status.lastError = undefined;
          setPartnerSearchAttributes({ domainId: customer.domainId });
          moveTo('DONE');
          await notifier.send({ type: 'transfer.completed', data: { domain, domainId: customer.domainId } });
          return { outcome: 'TRANSFERRED', customer, potentialCustomer, checks: status.checks };
        }
      } catch (err) {
        status.lastError = `checking the customer list failed: ${messageOf(err)}`;
      }
      if (Date.now() >= deadlineMs) break;
      interval = Math.min(interval * 2, wait.maxInterval);
    }
    const reason = `the transfer was accepted but ${domain} did not appear among our customers within ${formatDuration(wait.deadline)}; check with LINE WORKS, then start the workflow again (it will find the customer once it is there)`;
    status.lastError = reason;
    moveTo('STOPPED');
    await notifier.send({ type: 'transfer.timed_out', data: { domain, checks: status.checks } });
    return { outcome: 'TIMED_OUT', domain, reason, checks: status.checks };
  }
}
