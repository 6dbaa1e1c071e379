// licenseRenewal: one long-running workflow per customer subscription. Before each renewal date it works out the
// license count to renew with (the CRM's target, or members + margin), sets the renewal setting (CHANGE with that
// count, keeping the product and contract type already set), and sleeps until the next term. Each term is a new run
// (continue-as-new) so history stays small. Signals change the target or stop it; a query shows where it is.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  log,
  patched,
  setHandler,
} from '@temporalio/workflow';
import {
  parseLicenseRenewalInput,
  renewalChangeBody,
  renewalLicenseCount,
  renewalTargetSchema,
  type LicenseRenewalInput,
  type RenewalTarget,
} from '../../domain/subscriptions/license-renewal-input.js';
import { schemaProblems } from '../../domain/schema.js';
import { addDays, DEFAULT_API_TIME_ZONE, startOfDayInZone } from '../../domain/dates.js';
import { validateOrFail } from '../validate-input.js';
import { crm, guardedWrites } from '../activity-options.js';
import type { Subscription } from '../../domain/subscriptions/subscription-products.js';
import { requestedStorageDowngrade, STORAGE_OPTIONS, storageDowngradeOutcomes, type LastRenewal, type StorageDowngrade } from '../../domain/subscriptions/storage-renewal.js';

export type LicenseRenewalStep = 'VALIDATING' | 'WAITING_TO_DECIDE' | 'DECIDING' | 'WAITING_FOR_RENEWAL' | 'WAITING_FOR_NEW_TERM' | 'STOPPED';

export interface LicenseRenewalStatus {
  step: LicenseRenewalStep;
  renewalDate?: string;
  decideDate?: string;
  targetLicenseCount?: number;
  /** What was set for the coming renewal, and why. */
  decided?: { licenseCount: number; source: string; on: string; outcome: string };
  /** Why nothing was set (e.g. the renewal setting is CANCEL). */
  note?: string;
  terms: number;
  /** SSTG2/BCT downgrades the option renewal settings ask for at the coming renewal (checked after it). */
  storageDowngrades?: StorageDowngrade[];
  /** What the renewal that started this term did to them: a downgrade can silently fall back to STAY. */
  lastRenewal?: LastRenewal;
}

export type LicenseRenewalResult = { outcome: 'STOPPED' | 'SUBSCRIPTION_GONE' | 'NOT_LICENSE_BASED'; reason: string; status: LicenseRenewalStatus };

export const licenseRenewalStatusQuery = defineQuery<LicenseRenewalStatus>('licenseRenewalStatus');
/** The CRM's license count for the next renewal; null goes back to members + margin. */
export const setRenewalTargetSignal = defineSignal<[RenewalTarget]>('setRenewalTarget');
export const stopLicenseRenewalSignal = defineSignal('stopLicenseRenewal');

/** patched() ID of the renewal-decision notification (docs/deploying.md shows how it was introduced). */
export const RENEWAL_DECISION_NOTIFIES_CRM = 'license-renewal-decision-notifies-crm';

/** The CRM hears the count set for the coming renewal; a CRM that stays down does not stop years of renewals. */
async function notifyDecision(domainId: number, subscriptionId: number, renewalDate: string, status: LicenseRenewalStatus): Promise<void> {
  try {
    await crm.notifyCrm({ type: 'license_renewal.decided', data: { domainId, subscriptionId, renewalDate, ...status.decided, note: status.note ?? null } });
  } catch (err) {
    log.warn('could not notify the CRM of the renewal decision; renewal goes on', { error: (err as Error).message });
  }
}

const WAKE_MARGIN_MS = 5 * 60_000;
/** Marks the runs that note SSTG2/BCT downgrades before a renewal and report fallbacks after it. */
const STORAGE_REPORT_PATCH = 'storage-downgrade-report';
const DAY_MS = 86_400_000;
/** Marks the runs that read only what the renewal decision uses (issue #14). */
const RENEWAL_READS_PATCH = 'license-renewal-reads-what-it-uses';
/** Marks the runs whose decision reuses the term's subscription read instead of listing again. */
const RENEWAL_REUSES_TERM_READ_PATCH = 'license-renewal-decides-on-term-read';

export async function licenseRenewal(rawInput: LicenseRenewalInput): Promise<LicenseRenewalResult> {
  const status: LicenseRenewalStatus = { step: 'VALIDATING', terms: 0 };
  let stopped = false;
  let targetChanged = false;
  setHandler(licenseRenewalStatusQuery, () => status);
  setHandler(stopLicenseRenewalSignal, () => {
    stopped = true;
  });
  setHandler(setRenewalTargetSignal, (target) => {
    // A signal cannot be refused to its sender: an invalid one is logged (fields named) and ignored.
    const problems = schemaProblems(renewalTargetSchema, target);
    if (problems.length > 0) {
      log.warn(`ignored setRenewalTarget: ${problems.join('; ')}`);
      return;
    }
    status.targetLicenseCount = target.licenseCount ?? undefined;
    targetChanged = true;
  });

  const input = validateOrFail(parseLicenseRenewalInput, rawInput);
  const terms = input.terms ?? 0;
  status.terms = terms;
  if (input.lastRenewal) status.lastRenewal = input.lastRenewal;
  const timeZone = input.timeZone ?? DEFAULT_API_TIME_ZONE;
  status.targetLicenseCount ??= input.targetLicenseCount;
  const stop = (outcome: LicenseRenewalResult['outcome'], reason: string): LicenseRenewalResult => {
    status.step = 'STOPPED';
    status.note = reason;
    return { outcome, reason, status };
  };
  /** Sleeps until `date` 00:00 (+ margin) in the API's zone, or until a signal; true when woken by a signal. */
  const sleepUntil = async (date: string, nowMs: number): Promise<boolean> =>
    condition(() => stopped || targetChanged, Math.max(startOfDayInZone(date, timeZone) + WAKE_MARGIN_MS - nowMs, 1));

  for (;;) {
    if (stopped) return stop('STOPPED', 'stopped by signal');
    const clock = await guardedWrites.apiClock(timeZone);
    const sub = await guardedWrites.getSubscriptionSnapshot(input.domainId, input.subscriptionId);
    if (!sub) return stop('SUBSCRIPTION_GONE', `subscription ${input.subscriptionId} is no longer among the customer's subscriptions`);
    if (sub.licenseCount === null || sub.licenseCount === undefined || !sub.planEndDate || !sub.plan.endsWith('_LICENSE') || sub.plan.startsWith('TRIAL') || sub.plan.startsWith('FREE')) {
      return stop('NOT_LICENSE_BASED', `subscription ${input.subscriptionId} (${sub.plan}) is not a paid license-based contract`);
    }
    const renewalDate = addDays(sub.planEndDate, 1);
    status.renewalDate = renewalDate;

    // The renewal date has come but the API still shows the old term: check again tomorrow.
    if (renewalDate <= clock.today) {
      status.step = 'WAITING_FOR_NEW_TERM';
      await condition(() => stopped, DAY_MS);
      continue;
    }

    const decideDate = addDays(renewalDate, -(input.leadDays ?? 14));
    status.decideDate = decideDate;
    if (decideDate > clock.today && !status.decided) {
      status.step = 'WAITING_TO_DECIDE';
      targetChanged = false;
      await sleepUntil(decideDate, clock.nowMs);
      continue;
    }

    if (!status.decided || targetChanged) {
      targetChanged = false;
      status.step = 'DECIDING';
      // The term's subscription was read at the top of this pass, nothing waited since: the decision reuses it.
      const state = await readRenewalState(input.subscriptionId, sub);
      if (state.renewal?.type === 'CANCEL') {
        status.note = `the renewal setting is CANCEL: the subscription ends on ${sub.planEndDate}; not touched`;
        status.decided = { licenseCount: 0, source: 'renewal is CANCEL', on: clock.today, outcome: 'SKIPPED' };
      } else {
        const count = renewalLicenseCount(state.usage.memberCount ?? 0, input.marginPercent ?? 10, status.targetLicenseCount);
        const body = renewalChangeBody(sub, state.renewal, count.licenseCount);
        let outcome = 'ALREADY_DONE';
        if (body) {
          // The renewal setting is set-to-value: safe to repeat, so no before/after guard is needed.
          const result = await guardedWrites.applyPlannedCall({
            operationId: 'patchSubscriptionRenewal',
            path: { domainId: input.domainId, subscriptionId: input.subscriptionId },
            body,
            guard: { kind: 'SET' },
            summary: `renew subscription ${input.subscriptionId} with ${count.licenseCount} licenses`,
          });
          outcome = result.outcome;
        }
        status.note = undefined;
        status.decided = { ...count, on: clock.today, outcome };
      }
      // New in this version (patched, so runs started before replay unchanged): note SSTG2/BCT downgrades to check.
      if (patched(STORAGE_REPORT_PATCH)) status.storageDowngrades = await storageDowngradesOf(state.optionProducts);
      // Added while renewals were already running (docs/deploying.md): runs that decided before this code existed
      // replay without the notification; runs deciding from now on tell the CRM what the renewal was set to.
      if (patched(RENEWAL_DECISION_NOTIFIES_CRM)) await notifyDecision(input.domainId, input.subscriptionId, renewalDate, status);
    }

    status.step = 'WAITING_FOR_RENEWAL';
    const woken = await sleepUntil(renewalDate, clock.nowMs);
    if (woken) continue; // a signal: stop, or re-decide with the new target
    break;
  }

  // The renewal date has passed: next term in a fresh run, once signal handlers are done. The CRM target was for
  // this renewal; the next term starts from members + margin unless the CRM sends a new one.
  const lastRenewal = status.storageDowngrades?.length ? await reportStorageDowngrades(status.storageDowngrades, status.renewalDate!) : undefined;
  await condition(allHandlersFinished);
  return continueAsNew<typeof licenseRenewal>({ ...input, targetLicenseCount: undefined, terms: terms + 1, lastRenewal });

  /**
   * The renewal setting (it comes with the subscription list), the member count and the options: the decision needs
   * nothing else, so pre-orders and the reservation are not read. Runs that started before read everything (patched).
   */
  async function readRenewalState(subscriptionId?: number, known?: Subscription) {
    if (!patched(RENEWAL_READS_PATCH)) return guardedWrites.readSubscriptionState(input.domainId, subscriptionId);
    const reads = { preOrders: false, reservation: false, optionProducts: true };
    if (known && patched(RENEWAL_REUSES_TERM_READ_PATCH)) return guardedWrites.readSubscriptionState(input.domainId, subscriptionId, reads, [known]);
    return guardedWrites.readSubscriptionState(input.domainId, subscriptionId, reads);
  }

  /** The downgrades the storage options' renewal settings ask for (their renewal is read one option at a time). */
  async function storageDowngradesOf(options: Array<{ optionProductId?: string; subOptionId?: string }>): Promise<StorageDowngrade[]> {
    const found: StorageDowngrade[] = [];
    for (const option of options.filter((o) => (STORAGE_OPTIONS as readonly string[]).includes(o.optionProductId ?? ''))) {
      const { renewal } = await guardedWrites.readOptionState(input.domainId, option.optionProductId!);
      const downgrade = requestedStorageDowngrade(option, renewal);
      if (downgrade) found.push(downgrade);
    }
    return found;
  }

  /** After the renewal date: which downgrades happened and which fell back to STAY; the CRM hears of a fallback. */
  async function reportStorageDowngrades(requested: StorageDowngrade[], date: string): Promise<LastRenewal> {
    const after = await readRenewalState();
    const report: LastRenewal = { date, storageDowngrades: storageDowngradeOutcomes(requested, after.optionProducts) };
    status.lastRenewal = report;
    const fellBack = report.storageDowngrades.filter((d) => d.outcome === 'FELL_BACK_TO_STAY');
    if (fellBack.length > 0) {
      log.warn('storage downgrade fell back to STAY at renewal', { domainId: input.domainId, fellBack: fellBack.map((d) => d.optionProductId) });
      await crm.notifyCrm({ type: 'renewal.storage_downgrade_fell_back', data: { domainId: input.domainId, subscriptionId: input.subscriptionId, renewalDate: date, fellBack } });
    }
    return report;
  }
}
