// The changeSubscription workflow's input (version 1) and its validation. Pure: used by the workflow and by clients.
// One plain JSON object says WHAT the user wants (`action`) and WHEN (`when`); the planner picks the API mechanism.
import { asObject, InvalidInputError, optionalString, requireString, type Problems } from '../input-validation.js';
import { DEFAULT_API_TIME_ZONE, isIsoDate, isKnownTimeZone } from '../dates.js';
import { COLLISION_KINDS, type CollisionKind } from './subscription-collisions.js';

export const SUBSCRIPTION_ACTIONS = [
  'ADD_SUBSCRIPTION',
  'CONVERT_TO_PAID',
  'UPGRADE',
  'DOWNGRADE',
  'CHANGE_PLAN',
  'ADD_LICENSES',
  'REDUCE_LICENSES',
  'CANCEL',
  'KEEP_AT_RENEWAL',
] as const;
export type SubscriptionAction = (typeof SUBSCRIPTION_ACTIONS)[number];

/** `now`, a date (YYYY-MM-DD, in the API's time zone) or `renewal` (the next contract renewal, planEndDate + 1). */
export type When = 'now' | 'renewal' | string;

export interface ChangeSubscriptionInputV1 {
  domainId: number;
  /** The caller's ID for this request; with domainId it forms the business workflow ID, so a re-send is a no-op. */
  requestId: string;
  action: SubscriptionAction;
  when: When;
  /** Every action except ADD_SUBSCRIPTION. */
  subscriptionId?: number;
  /** ADD_SUBSCRIPTION, UPGRADE, DOWNGRADE; CONVERT_TO_PAID from a free plan. */
  productId?: string;
  /** ADD_SUBSCRIPTION, CONVERT_TO_PAID, CHANGE_PLAN (a paid or free/trial contract type). */
  plan?: string;
  /** Licenses to start with (ADD_SUBSCRIPTION, CONVERT_TO_PAID) or the total to renew with (REDUCE_LICENSES). */
  licenseCount?: number;
  /** ADD_LICENSES: how many licenses to add (a delta). */
  addLicenses?: number;
  /**
   * ADD_LICENSES now: the license count the requester saw before adding. Makes a repeat of the request safe on its own:
   * a count of expectedLicenseCount + addLicenses means "already done"; any other count than these two stops the change.
   */
  expectedLicenseCount?: number;
  /** UPGRADE Standard -> Advanced: the domain registered via the upgrade-domain API. */
  domain?: string;
  /** Return the plan without writing anything. */
  preview?: boolean;
  /** Collisions the caller accepts (see CollisionKind); the change stops on any other collision. */
  proceedDespite?: CollisionKind[];
  /** IANA zone that decides "today" and "tomorrow" for the API. Default Asia/Tokyo. */
  timeZone?: string;
}

export type ChangeSubscriptionInput = ChangeSubscriptionInputV1;

/** The business workflow ID: one workflow per change request. A preview gets its own ID so it never uses up the request's. */
export function subscriptionChangeWorkflowId(domainId: number, requestId: string, preview = false): string {
  return `${preview ? 'subscription-preview' : 'subscription-change'}/${domainId}/${requestId}`;
}

export function requirePositiveInt(input: Record<string, unknown>, field: string, problems: Problems, label = field): number {
  const value = input[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    problems.push(`${label} is required (a positive integer)`);
    return 0;
  }
  return value;
}

export function optionalPositiveInt(input: Record<string, unknown>, field: string, problems: Problems, label = field): number | undefined {
  if (input[field] === undefined) return undefined;
  return requirePositiveInt(input, field, problems, label);
}

export function parseWhen(input: Record<string, unknown>, problems: Problems): When {
  const when = requireString(input, 'when', problems);
  if (when && when !== 'now' && when !== 'renewal' && !isIsoDate(when)) {
    problems.push('when must be "now", "renewal" or a date YYYY-MM-DD');
  }
  return when;
}

export function parseCommonOptions(input: Record<string, unknown>, problems: Problems, kinds: readonly string[]) {
  const timeZone = optionalString(input, 'timeZone', problems) ?? DEFAULT_API_TIME_ZONE;
  if (!isKnownTimeZone(timeZone)) problems.push(`timeZone "${timeZone}" is not a known IANA time zone`);
  if (input.preview !== undefined && typeof input.preview !== 'boolean') problems.push('preview must be true or false');
  const proceedDespite: string[] = [];
  if (input.proceedDespite !== undefined) {
    if (!Array.isArray(input.proceedDespite)) problems.push('proceedDespite must be an array of collision kinds');
    else {
      input.proceedDespite.forEach((kind, i) => {
        if (typeof kind !== 'string' || !kinds.includes(kind)) problems.push(`proceedDespite[${i}] must be one of ${kinds.join(', ')}`);
        else proceedDespite.push(kind);
      });
    }
  }
  return { timeZone, preview: input.preview === true, proceedDespite };
}

export function rejectUnknownFields(input: Record<string, unknown>, known: readonly string[], problems: Problems): void {
  for (const key of Object.keys(input)) if (!known.includes(key)) problems.push(`${key} is not a known field`);
}

/** Which fields each action needs (beyond domainId, requestId, action, when). */
const NEEDS: Record<SubscriptionAction, { required: (keyof ChangeSubscriptionInputV1)[]; allowed: (keyof ChangeSubscriptionInputV1)[] }> = {
  ADD_SUBSCRIPTION: { required: ['productId', 'plan'], allowed: ['licenseCount'] },
  CONVERT_TO_PAID: { required: ['subscriptionId', 'plan'], allowed: ['productId', 'licenseCount'] },
  UPGRADE: { required: ['subscriptionId', 'productId'], allowed: ['domain'] },
  DOWNGRADE: { required: ['subscriptionId', 'productId'], allowed: ['plan', 'licenseCount'] },
  CHANGE_PLAN: { required: ['subscriptionId', 'plan'], allowed: ['licenseCount'] },
  ADD_LICENSES: { required: ['subscriptionId', 'addLicenses'], allowed: ['expectedLicenseCount'] },
  REDUCE_LICENSES: { required: ['subscriptionId', 'licenseCount'], allowed: [] },
  CANCEL: { required: ['subscriptionId'], allowed: [] },
  KEEP_AT_RENEWAL: { required: ['subscriptionId'], allowed: [] },
};

const ACTION_FIELDS = ['subscriptionId', 'productId', 'plan', 'licenseCount', 'addLicenses', 'expectedLicenseCount', 'domain'] as const;
const COMMON_FIELDS = ['domainId', 'requestId', 'action', 'when', 'preview', 'proceedDespite', 'timeZone'] as const;

/** Checks a raw JSON input; returns it typed or throws InvalidInputError naming every field at fault. */
export function parseChangeSubscriptionInput(raw: unknown): ChangeSubscriptionInput {
  const problems: Problems = [];
  const input = asObject(raw, 'input', problems);
  const domainId = requirePositiveInt(input, 'domainId', problems);
  const requestId = requireString(input, 'requestId', problems);
  if (requestId && !/^[A-Za-z0-9._:-]{1,100}$/.test(requestId)) problems.push('requestId may contain only letters, digits and . _ : - (at most 100)');
  const action = requireString(input, 'action', problems);
  const known = (SUBSCRIPTION_ACTIONS as readonly string[]).includes(action);
  if (action && !known) problems.push(`action must be one of ${SUBSCRIPTION_ACTIONS.join(', ')}`);
  const when = parseWhen(input, problems);
  const common = parseCommonOptions(input, problems, COLLISION_KINDS);

  const result: ChangeSubscriptionInput = { domainId, requestId, action: action as SubscriptionAction, when, ...common, proceedDespite: common.proceedDespite as CollisionKind[] };
  const subscriptionId = optionalPositiveInt(input, 'subscriptionId', problems);
  const licenseCount = optionalPositiveInt(input, 'licenseCount', problems);
  const addLicenses = optionalPositiveInt(input, 'addLicenses', problems);
  const expectedLicenseCount = optionalPositiveInt(input, 'expectedLicenseCount', problems);
  const productId = optionalString(input, 'productId', problems);
  const plan = optionalString(input, 'plan', problems);
  const domain = optionalString(input, 'domain', problems);
  Object.assign(result, { subscriptionId, licenseCount, addLicenses, expectedLicenseCount, productId, plan, domain });
  for (const key of ACTION_FIELDS) if (result[key] === undefined) delete result[key];

  if (known) {
    const needs = NEEDS[action as SubscriptionAction];
    for (const field of needs.required) if (input[field] === undefined) problems.push(`${field} is required for action ${action}`);
    for (const field of ACTION_FIELDS) {
      if (input[field] !== undefined && !needs.required.includes(field) && !needs.allowed.includes(field)) {
        problems.push(`${field} is not used by action ${action}`);
      }
    }
  }
  if (licenseCount !== undefined && licenseCount > 1_000_000) problems.push('licenseCount must be at most 1000000');
  if (addLicenses !== undefined && addLicenses > 1_000_000) problems.push('addLicenses must be at most 1000000');
  rejectUnknownFields(input, [...COMMON_FIELDS, ...ACTION_FIELDS], problems);

  if (problems.length > 0) throw new InvalidInputError('changeSubscription', problems);
  return result;
}
