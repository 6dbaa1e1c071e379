// What the docs say about products and contract types (openapi.yaml SubscriptionProductGroup x-groups,
// SubscriptionPlan x-license-based, OptionProductId x-option-product-catalog), as pure lookups for the planners.
// Unknown product IDs are accepted (the lists are incomplete) and treated conservatively.
import type { components } from '../../partner-api/types.js';

type Schemas = components['schemas'];
export type Subscription = Schemas['Subscription'];
export type SubscriptionReservation = Schemas['SubscriptionReservation'];
export type SubscriptionRenewal = Schemas['SubscriptionRenewal'];
export type SubscriptionPreOrder = Schemas['SubscriptionPreOrder'];
export type UsageStatus = Schemas['UsageStatus'];
export type OptionProduct = Schemas['OptionProduct'];
export type OptionProductOrder = Schemas['OptionProductOrder'];
export type OptionProductRenewal = Schemas['OptionProductRenewal'];

interface Group {
  name: string;
  free: string[];
  trial: string[];
  /** Paid tiers from lowest to highest, for telling upgrades from downgrades. */
  paidByTier: string[];
  /** Trial tiers, lowest first (STD_T -> ADV_T is an upgrade). */
  trialByTier: string[];
}

const GROUPS: Group[] = [
  { name: 'WORKS', free: ['FR'], trial: ['STD_T', 'ADV_T'], paidByTier: ['STD', 'ADV'], trialByTier: ['STD_T', 'ADV_T'] },
  { name: 'ROGER', free: ['ROG_FR'], trial: ['ROG_STD_T', 'ROG_ADV_T'], paidByTier: ['ROG_STD', 'ROG_ADV'], trialByTier: ['ROG_STD_T', 'ROG_ADV_T'] },
  {
    name: 'NOTE_AI',
    free: ['NTA_FR'],
    trial: ['NTA_SL_T', 'NTA_TM_T', 'NTA_BZ_T', 'NTA_EP_T'],
    paidByTier: ['NTA_SL', 'NTA_TM', 'NTA_BZ', 'NTA_EP'],
    trialByTier: ['NTA_SL_T', 'NTA_TM_T', 'NTA_BZ_T', 'NTA_EP_T'],
  },
  {
    name: 'JP_PAPER_ON',
    free: [],
    trial: ['JP_PPO_LT_T', 'JP_PPO_STD_T', 'JP_PPO_ADV_T'],
    paidByTier: ['JP_PPO_LT', 'JP_PPO_STD', 'JP_PPO_ADV'],
    trialByTier: ['JP_PPO_LT_T', 'JP_PPO_STD_T', 'JP_PPO_ADV_T'],
  },
  { name: 'JP_AI_STUDIO', free: [], trial: [], paidByTier: ['JP_AIS_STD'], trialByTier: [] },
];

function groupOf(productId: string): Group | undefined {
  return GROUPS.find((g) => g.free.includes(productId) || g.trial.includes(productId) || g.paidByTier.includes(productId));
}

/** The product group (service family) of a product, or undefined for an unknown product ID. */
export function productGroupOf(productId: string): string | undefined {
  return groupOf(productId)?.name;
}

export function sameProductGroup(a: string, b: string): boolean {
  const ga = productGroupOf(a);
  return ga !== undefined ? ga === productGroupOf(b) : a === b;
}

/** Free and trial products (`FR`, `*_FR`, `*_T`) cannot be pre-ordered or renewed. */
export function isPaidProduct(productId: string): boolean {
  return !(productId === 'FR' || productId.endsWith('_FR') || productId.endsWith('_T'));
}

export function isTrialProduct(productId: string): boolean {
  return productId.endsWith('_T');
}

const NON_PAID_PLANS = ['FREE', 'FREE_LICENSE', 'TRIAL', 'TRIAL_LICENSE'];

export function isPaidPlan(plan: string): boolean {
  return !NON_PAID_PLANS.includes(plan);
}

export function isTrialPlan(plan: string): boolean {
  return plan === 'TRIAL' || plan === 'TRIAL_LICENSE';
}

/** License-based contract types need a license count. */
export function isLicenseBasedPlan(plan: string): boolean {
  return plan.endsWith('_LICENSE');
}

/** -1 when `to` is a lower tier than `from`, 1 when higher, 0 when equal; undefined when not comparable. */
export function compareTiers(from: string, to: string): -1 | 0 | 1 | undefined {
  const group = groupOf(from);
  if (!group || group !== groupOf(to)) return undefined;
  for (const list of [group.paidByTier, group.trialByTier]) {
    const a = list.indexOf(from);
    const b = list.indexOf(to);
    if (a >= 0 && b >= 0) return a === b ? 0 : b > a ? 1 : -1;
  }
  return undefined;
}

/** The product group an option family belongs to (catalogue: QTA_* AiNote, JP_PPO_* PaperOn, JP_AIS_* AiStudio). */
export function optionProductGroup(optionProductId: string): string {
  if (optionProductId.startsWith('QTA_')) return 'NOTE_AI';
  if (optionProductId.startsWith('JP_PPO_')) return 'JP_PAPER_ON';
  if (optionProductId.startsWith('JP_AIS_')) return 'JP_AI_STUDIO';
  return 'WORKS';
}

/** Drive sub-options sold for Standard only; an immediate STD -> ADV upgrade cancels them (deprecated-API rule). */
export const STANDARD_ONLY_SUB_OPTIONS = ['DRV00', 'DRV01', 'DRV_PS_T', 'DRV_PS'];
