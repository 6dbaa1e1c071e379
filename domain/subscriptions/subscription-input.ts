// The changeSubscription workflow's input (version 1): its schema, from which the type is inferred and the validation
// runs. Pure: used by the workflow and by clients. One plain JSON object says WHAT the user wants (`action`) and WHEN
// (`when`); the planner picks the API mechanism.
import { addDays, dateInZone, DEFAULT_API_TIME_ZONE, isIsoDate } from '../dates.js';
import { crossFieldRule, domainNameSchema, flag, parseWithSchema, positiveInt, requiredText, timeZoneSchema, z } from '../schema.js';
import type { components } from '../../partner-api/types.js';
import { COLLISION_KINDS } from './subscription-collisions.js';
import { subscriptionRescheduleRule } from './reschedule-input.js';
import { sharedSchema } from '../shared-schema.js';

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
  /** Move the date of a pending pre-order (productId) or of a subscription's reservation (subscriptionId). */
  'RESCHEDULE',
] as const;
export type SubscriptionAction = (typeof SUBSCRIPTION_ACTIONS)[number];

/** The contract types (openapi.yaml SubscriptionPlan, a closed list); which fit a product is the API's rule. */
export const SUBSCRIPTION_PLANS = [
  'FREE',
  'FREE_LICENSE',
  'TRIAL',
  'TRIAL_LICENSE',
  'MONTHLY',
  'MONTHLY_LICENSE',
  'ANNUAL',
  'ANNUAL_LICENSE',
  'ANNUAL_PREPAY',
  'ANNUAL_PREPAY_LICENSE',
] as const satisfies readonly components['schemas']['SubscriptionPlan'][];

/** Typed as a string (planners compare plans as strings); the JSON Schema still lists the values. */
export const planSchema = sharedSchema('subscriptions/subscription-input#planSchema', () => z
  .string({ error: `must be one of ${SUBSCRIPTION_PLANS.join(', ')}` })
  .refine((plan) => (SUBSCRIPTION_PLANS as readonly string[]).includes(plan), `must be one of ${SUBSCRIPTION_PLANS.join(', ')}`)
  .meta({ enum: [...SUBSCRIPTION_PLANS] }));

/** The API's bound on license counts (addLicense and the renewal page: maximum 1000000). */
export const MAX_LICENSES = 1_000_000;

/** A date `when` may lie this far ahead at most: beyond the API's windows a durable timer waits, but not for years. */
export const MAX_DAYS_AHEAD = 731;

// Shared with changeOption: the fields every change request has.

// Up to 128 characters, like a CRM event ID (webhook/envelope.ts): a change event without its own requestId uses its event ID.
export const requestIdSchema = sharedSchema('subscriptions/subscription-input#requestIdSchema', () => requiredText(128).regex(/^[A-Za-z0-9._:-]{1,128}$/, 'may contain only letters, digits and . _ : - (at most 128)'));

/** `now`, a date (YYYY-MM-DD, in the API's time zone) or `renewal` (the next contract renewal, planEndDate + 1). */
export const whenSchema = sharedSchema('subscriptions/subscription-input#whenSchema', () => requiredText(10).refine((when) => when === 'now' || when === 'renewal' || isIsoDate(when), 'must be "now", "renewal" or a date YYYY-MM-DD'));

export type When = z.infer<typeof whenSchema>;

/** A whole number of licenses (or option units) from 1 to 1000000. */
export function countSchema() {
  return positiveInt(MAX_LICENSES);
}

/** `proceedDespite`: collisions the caller accepts, from `kinds`. */
export function proceedDespiteSchema<K extends readonly [string, ...string[]]>(kinds: K) {
  return z
    .array(z.enum(kinds, { error: `must be one of ${kinds.join(', ')}` }), { error: 'must be an array of collision kinds' })
    .max(kinds.length * 2, `must have at most ${kinds.length * 2} items`)
    .default([]);
}

/**
 * A dated `when` must not lie in the past nor more than MAX_DAYS_AHEAD ahead, in the request's time zone (the API's
 * calendar) at `nowMs` (workflows pass their deterministic time, clients the clock). The planner decides the rest.
 */
function whenWindowRule(nowMs: number) {
  return crossFieldRule((input, add) => {
    const { when, timeZone } = input;
    if (typeof when !== 'string' || !isIsoDate(when)) return;
    let today: string;
    try {
      today = dateInZone(typeof timeZone === 'string' ? timeZone : DEFAULT_API_TIME_ZONE, nowMs);
    } catch {
      return; // an unknown time zone is reported by its own field
    }
    if (when < today) add(['when'], `${when} is in the past (today is ${today} in the API's time zone)`);
    else if (when > addDays(today, MAX_DAYS_AHEAD)) add(['when'], `${when} is more than ${MAX_DAYS_AHEAD} days ahead (today is ${today} in the API's time zone)`);
  });
}

/** Which action fields an action needs and which it may have; any other action field is refused. */
export type ActionNeeds<F extends string> = Record<string, { required: F[]; allowed: F[] }>;

function actionFieldsRule<F extends string>(actions: readonly string[], fields: readonly F[], needs: ActionNeeds<F>) {
  return crossFieldRule((input, add) => {
    const action = input.action;
    if (typeof action !== 'string' || !actions.includes(action)) return;
    const { required, allowed } = needs[action]!;
    for (const field of required) if (input[field] === undefined) add([field], `is required for action ${action}`);
    for (const field of fields) {
      if (input[field] !== undefined && !required.includes(field) && !allowed.includes(field)) add([field], `is not used by action ${action}`);
    }
  });
}

/** A change request's schema with the rules that need several fields (each action's fields) or the clock (the date window). */
export function changeRequestRules<S extends z.ZodObject, F extends string>(schema: S, actions: readonly string[], fields: readonly F[], needs: ActionNeeds<F>) {
  return (nowMs: number) => schema.check(actionFieldsRule(actions, fields, needs), whenWindowRule(nowMs));
}

export const changeSubscriptionInputSchema = sharedSchema('subscriptions/subscription-input#changeSubscriptionInputSchema', () => z.strictObject({
  domainId: positiveInt(),
  /** The caller's ID for this request; with domainId it forms the business workflow ID, so a re-send is a no-op. */
  requestId: requestIdSchema,
  action: z.enum(SUBSCRIPTION_ACTIONS, { error: `must be one of ${SUBSCRIPTION_ACTIONS.join(', ')}` }),
  when: whenSchema,
  /** Every action except ADD_SUBSCRIPTION. */
  subscriptionId: positiveInt().optional(),
  /** ADD_SUBSCRIPTION, UPGRADE, DOWNGRADE; CONVERT_TO_PAID from a free plan. */
  productId: requiredText(40).optional(),
  /** ADD_SUBSCRIPTION, CONVERT_TO_PAID, CHANGE_PLAN (a paid or free/trial contract type). */
  plan: planSchema.optional(),
  /** Licenses to start with (ADD_SUBSCRIPTION, CONVERT_TO_PAID) or the total to renew with (REDUCE_LICENSES). */
  licenseCount: countSchema().optional(),
  /** ADD_LICENSES: how many licenses to add (a delta). */
  addLicenses: countSchema().optional(),
  /**
   * ADD_LICENSES now: the license count the requester saw before adding. Makes a repeat of the request safe on its own:
   * a count of expectedLicenseCount + addLicenses means "already done"; any other count than these two stops the change.
   */
  expectedLicenseCount: countSchema().optional(),
  /** UPGRADE Standard -> Advanced: the domain registered via the upgrade-domain API. */
  domain: domainNameSchema().optional(),
  /** Return the plan without writing anything. */
  preview: flag().default(false),
  /** Collisions the caller accepts (see CollisionKind); the change stops on any other collision. */
  proceedDespite: proceedDespiteSchema(COLLISION_KINDS),
  /** IANA zone that decides "today" and "tomorrow" for the API. Default Asia/Tokyo. */
  timeZone: timeZoneSchema().default(DEFAULT_API_TIME_ZONE),
}));

const ACTION_FIELDS = ['subscriptionId', 'productId', 'plan', 'licenseCount', 'addLicenses', 'expectedLicenseCount', 'domain'] as const;

/** Which fields each action needs (beyond domainId, requestId, action, when). */
const NEEDS: ActionNeeds<(typeof ACTION_FIELDS)[number]> = {
  ADD_SUBSCRIPTION: { required: ['productId', 'plan'], allowed: ['licenseCount'] },
  CONVERT_TO_PAID: { required: ['subscriptionId', 'plan'], allowed: ['productId', 'licenseCount'] },
  UPGRADE: { required: ['subscriptionId', 'productId'], allowed: ['domain'] },
  DOWNGRADE: { required: ['subscriptionId', 'productId'], allowed: ['plan', 'licenseCount'] },
  CHANGE_PLAN: { required: ['subscriptionId', 'plan'], allowed: ['licenseCount'] },
  ADD_LICENSES: { required: ['subscriptionId', 'addLicenses'], allowed: ['expectedLicenseCount'] },
  REDUCE_LICENSES: { required: ['subscriptionId', 'licenseCount'], allowed: [] },
  CANCEL: { required: ['subscriptionId'], allowed: [] },
  KEEP_AT_RENEWAL: { required: ['subscriptionId'], allowed: [] },
  // Exactly one of the two: reschedule-input.ts.
  RESCHEDULE: { required: [], allowed: ['subscriptionId', 'productId'] },
};

const withRules = changeRequestRules(changeSubscriptionInputSchema, SUBSCRIPTION_ACTIONS, ACTION_FIELDS, NEEDS);

/** What a caller sends (defaults may be left out). */
export type ChangeSubscriptionInput = z.input<typeof changeSubscriptionInputSchema>;
/** The validated input, defaults filled in. */
export type ParsedChangeSubscriptionInput = z.output<typeof changeSubscriptionInputSchema>;

/** The business workflow ID: one workflow per change request. A preview gets its own ID so it never uses up the request's. */
export function subscriptionChangeWorkflowId(domainId: number, requestId: string, preview = false): string {
  return `${preview ? 'subscription-preview' : 'subscription-change'}/${domainId}/${requestId}`;
}

/** Checks a raw JSON input; returns it typed or throws InvalidInputError naming every field at fault. */
export function parseChangeSubscriptionInput(raw: unknown, nowMs: number = Date.now()): ParsedChangeSubscriptionInput {
  return parseWithSchema('changeSubscription', withRules(nowMs).check(subscriptionRescheduleRule(nowMs)), raw);
}
