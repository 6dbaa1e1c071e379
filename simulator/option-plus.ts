// Option Plus: the charges of a paid app that cannot be billed in real time (the docs name the Yamato Transport
// delivery app). openapi.yaml deleteCustomer / patchUsageStatus / x-cancellation-reservation:
// - while pending withdrawal "only Option Plus charges continue";
// - withdrawal on the 2nd-24th: "last bill on the 1st of next month, removal on the 2nd of next month";
// - on the 25th-1st: "possible Option-Plus-only bill on the 1st of the month after next, removal on the 2nd of that
//   month; if the reservation is made by the 24th, the non-real-time app is stopped on the 25th so no Option Plus
//   charge arises".
// So the app runs (and is charged per day) until the end of the month before the removal month, unless it was stopped
// on the 25th. The price is a choice (optionPlusMonthlyAmount): no prices are documented.
import { addDays, dayOfMonth, firstOfMonth } from './dates.js';
import type { UsageRecord } from './state.js';

/** Whether the tenant's non-real-time paid app runs (and is charged) on `day`. */
export function optionPlusRunsOn(usage: UsageRecord, day: string): boolean {
  if (!usage.nonRealtimePaidApp || usage.optionPlusStoppedOn !== undefined) return false;
  // Pending withdrawal: charged through the last day of the month before the removal (always on a 2nd).
  if (usage.status === 'SUSPENDED_WITHDRAWAL' && usage.withdrawalDate) return day.slice(0, 7) < usage.withdrawalDate.slice(0, 7);
  return true;
}

/** On the 25th: a withdrawal dated in the 25th-1st span that was reserved by the 24th stops the app. */
export function stopOptionPlusOnThe25th(usage: UsageRecord, day: string): void {
  if (dayOfMonth(day) !== 25 || !usage.nonRealtimePaidApp || usage.optionPlusStoppedOn !== undefined) return;
  if (usage.status === 'SUSPENDED_WITHDRAWAL' || !usage.withdrawalDate || !usage.withdrawalReservedOn) return;
  const spanEnd = firstOfMonth(day, 1);
  if (usage.withdrawalDate < day || usage.withdrawalDate > spanEnd) return;
  if (usage.withdrawalReservedOn <= addDays(day, -1)) usage.optionPlusStoppedOn = day;
}
