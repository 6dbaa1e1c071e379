// Products, contract types and options, transcribed from openapi.yaml (SubscriptionProductGroup.x-groups,
// SubscriptionPlan.x-plans-by-product-group, OptionProductId.x-option-product-catalog).

export type ProductKind = 'free' | 'trial' | 'paid';

export interface ProductGroup {
  id: 'WORKS' | 'ROGER' | 'NOTE_AI' | 'JP_PAPER_ON' | 'JP_AI_STUDIO';
  free: string[];
  trial: string[];
  paid: string[];
  /** Contract types the group sells; *_LICENSE ones need a license count. */
  plans: string[];
}

export const PRODUCT_GROUPS: ProductGroup[] = [
  { id: 'WORKS', free: ['FR'], trial: ['STD_T', 'ADV_T'], paid: ['STD', 'ADV'], plans: ['FREE', 'TRIAL', 'MONTHLY', 'ANNUAL_LICENSE', 'ANNUAL_PREPAY_LICENSE'] },
  {
    id: 'ROGER',
    free: ['ROG_FR'],
    trial: ['ROG_STD_T', 'ROG_ADV_T'],
    paid: ['ROG_STD', 'ROG_ADV'],
    plans: ['FREE_LICENSE', 'TRIAL_LICENSE', 'MONTHLY_LICENSE', 'ANNUAL_LICENSE', 'ANNUAL_PREPAY_LICENSE'],
  },
  {
    id: 'NOTE_AI',
    free: ['NTA_FR'],
    trial: ['NTA_SL_T', 'NTA_TM_T', 'NTA_BZ_T', 'NTA_EP_T'],
    paid: ['NTA_SL', 'NTA_TM', 'NTA_BZ', 'NTA_EP'],
    plans: ['FREE', 'TRIAL', 'MONTHLY', 'ANNUAL', 'ANNUAL_PREPAY'],
  },
  {
    id: 'JP_PAPER_ON',
    free: [],
    trial: ['JP_PPO_LT_T', 'JP_PPO_STD_T', 'JP_PPO_ADV_T'],
    paid: ['JP_PPO_LT', 'JP_PPO_STD', 'JP_PPO_ADV'],
    plans: ['TRIAL', 'MONTHLY', 'ANNUAL', 'ANNUAL_PREPAY'],
  },
  { id: 'JP_AI_STUDIO', free: [], trial: [], paid: ['JP_AIS_STD'], plans: ['MONTHLY', 'ANNUAL', 'ANNUAL_PREPAY'] },
];

export const FREE_PLANS = ['FREE', 'FREE_LICENSE'];
export const TRIAL_PLANS = ['TRIAL', 'TRIAL_LICENSE'];
export const PAID_PLANS = ['MONTHLY', 'MONTHLY_LICENSE', 'ANNUAL', 'ANNUAL_LICENSE', 'ANNUAL_PREPAY', 'ANNUAL_PREPAY_LICENSE'];

export function groupOf(productId: string): ProductGroup | undefined {
  return PRODUCT_GROUPS.find((g) => g.free.includes(productId) || g.trial.includes(productId) || g.paid.includes(productId));
}

export function kindOf(productId: string): ProductKind | undefined {
  const group = groupOf(productId);
  if (!group) return undefined;
  if (group.free.includes(productId)) return 'free';
  return group.trial.includes(productId) ? 'trial' : 'paid';
}

export function isLicensePlan(plan: string): boolean {
  return plan.endsWith('_LICENSE');
}

export function isPaidPlan(plan: string): boolean {
  return PAID_PLANS.includes(plan);
}

/** The paid tier a trial product converts to (STD_T -> STD). */
export function paidOfTrial(productId: string): string {
  return productId.replace(/_T$/, '');
}

/** Immediate upgrade paths (deprecated-API rule: STD -> ADV and STD_T -> ADV_T; Roger follows the same shape). */
export const UPGRADE_PATHS: Record<string, string> = { STD: 'ADV', STD_T: 'ADV_T', ROG_STD: 'ROG_ADV', ROG_STD_T: 'ROG_ADV_T' };

/** Products that need the tenant to be on a real domain (Advanced, trial included). */
export function needsDomainType(productId: string): boolean {
  return productId === 'ADV' || productId === 'ADV_T';
}

export interface OptionSpec {
  productGroupId: ProductGroup['id'];
  /** Sub-options in ascending tier order; trial ones are listed in `trialSubOptions`. */
  subOptions: string[];
  trialSubOptions: string[];
  /** Base products the option is sold with. */
  baseProducts: string[];
  quantityBased: boolean;
  maxQuantity?: number;
  upgradeable: boolean;
  scheduledTypes: string[];
  /** One-month add-ons: no renewal change, no penalty. */
  oneMonth: boolean;
  /** Sub-options whose use ends when the base moves to another tier (Drive for STD on STD -> ADV). */
  tierBound?: Record<string, string[]>;
}

const WORKS_ALL = ['STD', 'STD_T', 'ADV', 'ADV_T'];
const QTY_TYPES = ['APPLY', 'CANCEL', 'START_PAID_SERVICE', 'CHANGE_QUANTITY'];

function cxTalk(prefix: string): OptionSpec {
  return {
    productGroupId: 'WORKS',
    subOptions: [`${prefix}00`, `${prefix}01`],
    trialSubOptions: [`${prefix}00`],
    baseProducts: WORKS_ALL,
    quantityBased: true,
    maxQuantity: 50,
    upgradeable: false,
    scheduledTypes: QTY_TYPES,
    oneMonth: false,
  };
}

function addOn(group: ProductGroup['id'], id: string, baseProducts: string[], maxQuantity: number, oneMonth: boolean): OptionSpec {
  return {
    productGroupId: group,
    // Sub-option IDs of these add-ons are not documented; the simulator uses the option ID itself (see inferred.ts).
    subOptions: [id],
    trialSubOptions: [],
    baseProducts,
    quantityBased: true,
    maxQuantity,
    upgradeable: false,
    scheduledTypes: QTY_TYPES,
    oneMonth,
  };
}

const AINOTE_ALL = ['NTA_SL', 'NTA_TM', 'NTA_BZ', 'NTA_EP', 'NTA_SL_T', 'NTA_TM_T', 'NTA_BZ_T', 'NTA_EP_T'];
const AINOTE_EP = ['NTA_EP', 'NTA_EP_T'];
const PAPERON_ALL = ['JP_PPO_LT', 'JP_PPO_STD', 'JP_PPO_ADV', 'JP_PPO_LT_T', 'JP_PPO_STD_T', 'JP_PPO_ADV_T'];

export const OPTIONS: Record<string, OptionSpec> = {
  ACV2: { productGroupId: 'WORKS', subOptions: ['ACV200', 'ACV201'], trialSubOptions: ['ACV200'], baseProducts: WORKS_ALL, quantityBased: false, upgradeable: false, scheduledTypes: ['APPLY', 'CANCEL', 'START_PAID_SERVICE'], oneMonth: false },
  ACV3: { productGroupId: 'WORKS', subOptions: ['ACV300', 'ACV301'], trialSubOptions: ['ACV300'], baseProducts: ['ADV', 'ADV_T'], quantityBased: false, upgradeable: false, scheduledTypes: ['APPLY', 'CANCEL', 'START_PAID_SERVICE'], oneMonth: false },
  DRV: {
    productGroupId: 'WORKS',
    subOptions: ['DRV00', 'DRV01', 'DRV_PS_T', 'DRV_PS', 'DRV_PA_T', 'DRV_PA'],
    trialSubOptions: ['DRV00', 'DRV_PS_T', 'DRV_PA_T'],
    baseProducts: WORKS_ALL,
    quantityBased: false,
    upgradeable: true,
    scheduledTypes: ['APPLY', 'CANCEL', 'START_PAID_SERVICE'],
    oneMonth: false,
    tierBound: { STD: ['DRV00', 'DRV01', 'DRV_PS_T', 'DRV_PS'], ADV: ['DRV_PA_T', 'DRV_PA'] },
  },
  SSTG2: { productGroupId: 'WORKS', subOptions: ['SSTG201', 'SSTG202', 'SSTG203', 'SSTG204', 'SSTG205', 'SSTG206', 'SSTG207'], trialSubOptions: [], baseProducts: ['STD', 'ADV'], quantityBased: false, upgradeable: true, scheduledTypes: ['APPLY', 'CANCEL', 'MODIFY'], oneMonth: false },
  BCT: { productGroupId: 'WORKS', subOptions: ['BCT01', 'BCT02', 'BCT03', 'BCT04'], trialSubOptions: [], baseProducts: ['STD', 'ADV'], quantityBased: false, upgradeable: true, scheduledTypes: ['APPLY', 'CANCEL', 'MODIFY'], oneMonth: false },
  CST_S: cxTalk('CST_S'),
  CST_M: cxTalk('CST_M'),
  CST_L: cxTalk('CST_L'),
  QTA_O1: addOn('NOTE_AI', 'QTA_O1', AINOTE_ALL, 999, true),
  QTA_O2: addOn('NOTE_AI', 'QTA_O2', AINOTE_EP, 999, true),
  QTA_M1: addOn('NOTE_AI', 'QTA_M1', AINOTE_ALL, 999, false),
  QTA_M2: addOn('NOTE_AI', 'QTA_M2', AINOTE_EP, 999, false),
  JP_PPO_O: addOn('JP_PAPER_ON', 'JP_PPO_O', PAPERON_ALL, 10, true),
  JP_PPO_M: addOn('JP_PAPER_ON', 'JP_PPO_M', PAPERON_ALL, 20, false),
  JP_AIS_O: addOn('JP_AI_STUDIO', 'JP_AIS_O', ['JP_AIS_STD'], 999, true),
  JP_AIS_M: addOn('JP_AI_STUDIO', 'JP_AIS_M', ['JP_AIS_STD'], 999, false),
};

export function isTrialSubOption(spec: OptionSpec, subOptionId: string): boolean {
  return spec.trialSubOptions.includes(subOptionId);
}

/** Tier rank of a sub-option among its paid (or trial) siblings; higher = bigger. */
export function tierRank(spec: OptionSpec, subOptionId: string): number {
  return spec.subOptions.indexOf(subOptionId);
}
