// The billing rules of a cancellation, from openapi.yaml (deleteCustomer description and x-cancellation-reservation,
// patchUsageStatus description), as sentences for the status and the result. Pure.
import { addDays } from '../dates.js';

/** What a cancellation costs in early-termination penalties: each annual contract it ends before its end date. */
export interface EarlyTermination {
  subscriptionId: number;
  productId: string;
  plan: string;
  licenseCount: number | null;
  /** The contract's last day; the cancellation falls on or before it. */
  planEndDate: string;
  /** Cancelling on this date (the day after the contract end) or later costs no penalty. */
  penaltyFreeFrom: string;
}

/** The subscription fields the penalty preview reads (a Subscription from the API). */
export interface ContractView {
  subscriptionId: number;
  productId: string;
  plan: string;
  licenseCount?: number | null;
  planEndDate?: string | null;
}

export interface CancellationBilling {
  /** The date the rules are applied to: the cancellation date, or today for an immediate deletion. */
  date: string;
  /** '2nd-24th' or '25th-1st' (the 1st belongs to the span that started on the 25th of the previous month). */
  span: '2nd-24th' | '25th-1st';
  /** The last regular bill (1st of the next month) and, for 25th-1st, a later possible Option-Plus-only bill. */
  lastBill: string;
  optionPlusOnlyBill?: string;
  /** Removal date of a tenant that ever installed a non-real-time paid app (pending withdrawal until then). */
  pendingWithdrawalRemoval: string;
  /** Annual contracts this cancellation ends early: each costs a penalty on the next invoice. */
  penalties: EarlyTermination[];
  notes: string[];
}

/**
 * Annual contracts that `date` ends early. deleteCustomer / x-cancellation-reservation: "usage up to the day before
 * ... plus any penalty goes on the next invoice, so to end exactly at contract expiry delete on the day after the
 * contract end date". Monthly, free and trial plans carry no penalty. The amount is not in the API (no prices).
 */
export function earlyTerminations(date: string, subscriptions: readonly ContractView[]): EarlyTermination[] {
  return subscriptions
    .filter((s) => s.plan.startsWith('ANNUAL') && s.planEndDate && s.planEndDate >= date)
    .map((s) => ({
      subscriptionId: s.subscriptionId,
      productId: s.productId,
      plan: s.plan,
      licenseCount: s.licenseCount ?? null,
      planEndDate: s.planEndDate!,
      penaltyFreeFrom: addDays(s.planEndDate!, 1),
    }));
}

function firstOfMonthAfter(date: string, months: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

export function cancellationBilling(date: string, mode: 'NOW' | 'ON_DATE', subscriptions: readonly ContractView[] = []): CancellationBilling {
  const penalties = earlyTerminations(date, subscriptions);
  const day = Number(date.slice(8, 10));
  const base = day === 1 ? addDays(date, -1) : date;
  const late = Number(base.slice(8, 10)) >= 25;
  const nextFirst = firstOfMonthAfter(base, 1);
  const afterNextFirst = firstOfMonthAfter(base, 2);
  const removal = addDays(late ? afterNextFirst : nextFirst, 1);
  const what = mode === 'NOW' ? 'Deleting today' : `Cancelling on ${date}`;
  const notes = [
    mode === 'NOW'
      ? `Usage up to yesterday plus any early-termination penalty goes on the next invoice; to end exactly at contract expiry, delete on the day after the contract end date.`
      : `Usage up to ${addDays(date, -1)} plus any early-termination penalty goes on the next invoice; a date on the day after the contract end avoids the penalty.`,
    late
      ? `${what} (${date}) falls in the 25th-1st span: an Option-Plus-only bill may come on ${afterNextFirst}, and a tenant with a non-real-time paid app (e.g. Yamato Transport delivery) is removed on ${removal}.`
      : `${what} (${date}) falls in the 2nd-24th span: the last bill comes on ${nextFirst}; a tenant with a non-real-time paid app is removed on ${removal}.`,
    mode === 'NOW'
      ? 'A tenant that ever installed a non-real-time paid app is not removed at once: it enters pending withdrawal (202), which cannot be undone; otherwise it is removed at once (204).'
      : 'On that date the tenant is deleted; one that ever installed a non-real-time paid app goes to pending withdrawal (irreversible) until its removal date.',
  ];
  if (late) {
    notes.push(
      mode === 'NOW'
        ? 'To make a cancellation in the 25th-1st span produce its last bill next month, schedule it (withdrawalDate) by the 24th instead of deleting now.'
        : 'Scheduled by the 24th, the non-real-time app is stopped on the 25th so no Option Plus charge arises; removal is still on the 2nd of the month after next.',
    );
  }
  for (const p of penalties) {
    notes.push(
      `Penalty: ${p.productId} (${p.plan}${p.licenseCount !== null ? `, ${p.licenseCount} licenses` : ''}) runs until ${p.planEndDate}; ending it on ${date} is an early termination billed as a penalty on the next invoice. Cancelling on ${p.penaltyFreeFrom} or later avoids it.`,
    );
  }
  return {
    date,
    span: late ? '25th-1st' : '2nd-24th',
    lastBill: nextFirst,
    ...(late ? { optionPlusOnlyBill: afterNextFirst } : {}),
    pendingWithdrawalRemoval: removal,
    penalties,
    notes,
  };
}
