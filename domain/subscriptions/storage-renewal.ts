// Storage-bound options at the base subscription's renewal. openapi.yaml patchOptionProductRenewal: "SSTG2 and BCT can
// be downgraded this way — but if actual usage on the renewal day exceeds the smaller tier, the renewal silently
// falls back to STAY." So a requested downgrade is noted before the renewal and checked after it; a fallback is
// reported (LINE WORKS says nothing). Pure.
import { isoDateSchema, strictObject, z } from '../schema.js';
import { sharedSchema } from '../shared-schema.js';

/** Options whose renewal downgrade can fall back to STAY. Sub-option IDs sort by tier (SSTG201 1 TB .. SSTG207 500 TB). */
export const STORAGE_OPTIONS = ['SSTG2', 'BCT'] as const;

export interface StorageDowngrade {
  optionProductId: string;
  /** The sub-option in use before the renewal. */
  from: string;
  /** The smaller sub-option the renewal setting asks for. */
  requested: string;
}

export const storageDowngradeOutcomeSchema = sharedSchema('subscriptions/storage-renewal#storageDowngradeOutcomeSchema', () => strictObject({
  optionProductId: z.string().max(20),
  from: z.string().max(20),
  requested: z.string().max(20),
  /** The sub-option in use after the renewal date. */
  renewedWith: z.string().max(20).nullable(),
  outcome: z.enum(['DOWNGRADED', 'FELL_BACK_TO_STAY', 'OPTION_GONE']),
  detail: z.string().max(500),
}));
export type StorageDowngradeOutcome = z.infer<typeof storageDowngradeOutcomeSchema>;

/** What the last renewal did to requested storage downgrades (carried to the next term's run). */
export const lastRenewalSchema = sharedSchema('subscriptions/storage-renewal#lastRenewalSchema', () => strictObject({ date: isoDateSchema(), storageDowngrades: z.array(storageDowngradeOutcomeSchema).max(STORAGE_OPTIONS.length) }));
export type LastRenewal = z.infer<typeof lastRenewalSchema>;

/** The downgrades a renewal setting asks for: CHANGE to a lower sub-option of SSTG2 or BCT. */
export function requestedStorageDowngrade(
  option: { optionProductId?: string; subOptionId?: string },
  renewal: { type?: string; subOptionId?: string | null } | null | undefined,
): StorageDowngrade | undefined {
  const { optionProductId, subOptionId } = option;
  if (!optionProductId || !subOptionId || !(STORAGE_OPTIONS as readonly string[]).includes(optionProductId)) return undefined;
  if (renewal?.type !== 'CHANGE' || !renewal.subOptionId || renewal.subOptionId >= subOptionId) return undefined;
  return { optionProductId, from: subOptionId, requested: renewal.subOptionId };
}

/** What happened to each requested downgrade, from the options in use after the renewal date. */
export function storageDowngradeOutcomes(
  requested: readonly StorageDowngrade[],
  optionsAfter: ReadonlyArray<{ optionProductId?: string; subOptionId?: string }>,
): StorageDowngradeOutcome[] {
  return requested.map((wanted) => {
    const now = optionsAfter.find((o) => o.optionProductId === wanted.optionProductId)?.subOptionId ?? null;
    if (now === null) return { ...wanted, renewedWith: null, outcome: 'OPTION_GONE', detail: `${wanted.optionProductId} is no longer in use after the renewal` };
    if (now === wanted.requested) return { ...wanted, renewedWith: now, outcome: 'DOWNGRADED', detail: `${wanted.optionProductId} renewed with ${now} as requested` };
    return {
      ...wanted,
      renewedWith: now,
      outcome: 'FELL_BACK_TO_STAY',
      detail: `${wanted.optionProductId} stayed ${now}: the requested downgrade to ${wanted.requested} fell back to STAY because the tenant's actual usage exceeds the smaller tier (LINE WORKS does this silently); reduce usage and set the downgrade again before the next renewal`,
    };
  });
}
