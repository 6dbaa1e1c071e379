// Subscription, option and billing behaviour the documentation leaves open. docs/simulator.md lists each choice.

/** A trial runs this many days from its start (planEndDate = start + 29 days). */
export const TRIAL_DAYS = 30;
/** After a trial ends the subscription is SUSPENDED_TRIALEND for this grace period; paid conversion stays possible. */
export const TRIAL_GRACE_DAYS = 30;
/** START_PAID_SERVICE from a free plan: tomorrow to +60 days (documented). */
export const FREE_CONVERSION_WINDOW_DAYS = 60;
/** Pre-orders: tomorrow to +31 days (documented). */
export const PRE_ORDER_WINDOW_DAYS = 31;
/** usage-status renewal: tomorrow to +1 year (documented). */
export const USAGE_RENEWAL_WINDOW_YEARS = 1;
/** Limits documented elsewhere in the API (renewal maxMemberCount, license fields). */
export const MAX_COUNT = 1_000_000;

/** Contract length by plan: monthly plans run to the end of the month, annual ones a year (end = start + 1 year - 1 day). */
export const CONTRACT_MONTHS: Record<string, number> = {
  MONTHLY: 1,
  MONTHLY_LICENSE: 1,
  ANNUAL: 12,
  ANNUAL_LICENSE: 12,
  ANNUAL_PREPAY: 12,
  ANNUAL_PREPAY_LICENSE: 12,
};

/** Errors for states the docs forbid without naming a code. */
export const CONFLICT = { status: 409, code: 'CONFLICT' } as const;
export const ALREADY_EXIST = { status: 409, code: 'ALREADY_EXIST' } as const;

/** Option contract type derived from the base plan (options are co-terminous with their base subscription). */
export function optionPlanFor(basePlan: string, trial: boolean): 'TRIAL' | 'MONTHLY' | 'ANNUAL_LICENSE' | 'ANNUAL_PREPAY_LICENSE' {
  if (trial || basePlan.startsWith('TRIAL') || basePlan.startsWith('FREE')) return 'TRIAL';
  if (basePlan.startsWith('ANNUAL_PREPAY')) return 'ANNUAL_PREPAY_LICENSE';
  if (basePlan.startsWith('ANNUAL')) return 'ANNUAL_LICENSE';
  return 'MONTHLY';
}

/**
 * Prices (JPY per license or user per month, before tax) used to generate invoices. No prices are documented in the
 * API reference; these are plausible list prices, and only their consistency matters for the simulator.
 */
export const MONTHLY_UNIT_PRICE: Record<string, number> = { STD: 540, ADV: 1150 };
export const ANNUAL_UNIT_PRICE: Record<string, number> = { STD: 450, ADV: 960 };
export const DEFAULT_UNIT_PRICE = 500;
export const OPTION_UNIT_PRICE = 300;
/** Early cancellation of an annual contract: the penalty is this many months of the unit price per license. */
export const PENALTY_MONTHS = 1;
export const TAX_RATE = 10;
