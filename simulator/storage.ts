// Storage-bound options at renewal. openapi.yaml patchOptionProductRenewal: "SSTG2 and BCT can be downgraded this way
// — but if actual usage on the renewal day exceeds the smaller tier, the renewal silently falls back to STAY." The
// tier sizes are the documented sub-option names (OptionProductId.x-option-product-catalog); the actual usage is
// what only the tenant decides, set through the control API (storageUsage).
import type { OptionRecord, UsageRecord } from './state.js';

/** Capacity of each sub-option: SSTG2 in TB, BCT in contacts. */
export const STORAGE_TIERS: Record<string, Record<string, number>> = {
  SSTG2: { SSTG201: 1, SSTG202: 5, SSTG203: 10, SSTG204: 25, SSTG205: 50, SSTG206: 100, SSTG207: 500 },
  BCT: { BCT01: 250_000, BCT02: 500_000, BCT03: 1_500_000, BCT04: 5_000_000 },
};
export const STORAGE_FAMILIES = Object.keys(STORAGE_TIERS);
export const STORAGE_UNITS: Record<string, string> = { SSTG2: 'TB', BCT: 'contacts' };

/**
 * The sub-option an option renews with: the renewal setting, except a downgrade to a tier smaller than the tenant's
 * actual usage, which falls back to the current sub-option (STAY).
 */
export function renewedSubOption(option: OptionRecord, usage: UsageRecord | undefined): string {
  const tiers = STORAGE_TIERS[option.optionProductId];
  const wanted = option.renewal.subOptionId;
  if (!tiers || wanted === option.subOptionId) return wanted;
  const used = usage?.storageUsage[option.optionProductId] ?? 0;
  const smaller = (tiers[wanted] ?? 0) < (tiers[option.subOptionId] ?? 0);
  return smaller && used > (tiers[wanted] ?? 0) ? option.subOptionId : wanted;
}

/** Problems of a `storageUsage` object: `{ SSTG2?: TB, BCT?: contacts }`, whole numbers >= 0. */
export function storageUsageProblems(value: unknown, where = 'storageUsage'): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${where} must be an object such as { "SSTG2": 3 }`];
  return Object.entries(value).flatMap(([family, amount]) => {
    if (!STORAGE_FAMILIES.includes(family)) return [`${where}.${family} is not a storage option (use ${STORAGE_FAMILIES.join(' or ')})`];
    return Number.isInteger(amount) && (amount as number) >= 0 ? [] : [`${where}.${family} must be a whole number >= 0 (${STORAGE_UNITS[family]})`];
  });
}
