// The changeOption workflow's input (version 1): its schema, from which the type is inferred and the validation runs.
// Pure: used by the workflow and by clients. The common change-request fields are the subscription change's.
import { DEFAULT_API_TIME_ZONE } from '../dates.js';
import { flag, parseWithSchema, positiveInt, requiredText, timeZoneSchema, z } from '../schema.js';
import { OPTION_COLLISION_KINDS } from './option-collisions.js';
import { optionRescheduleRule } from './reschedule-input.js';
import { changeRequestRules, countSchema, proceedDespiteSchema, requestIdSchema, whenSchema, type ActionNeeds } from './subscription-input.js';
import { sharedSchema } from '../shared-schema.js';

/** RESCHEDULE moves the date of the option family's scheduled task. */
export const OPTION_ACTIONS = ['ADD', 'UPGRADE', 'DOWNGRADE', 'ADD_QUANTITY', 'REDUCE_QUANTITY', 'CANCEL', 'CONVERT_TO_PAID', 'RESCHEDULE'] as const;
export type OptionAction = (typeof OPTION_ACTIONS)[number];

export const changeOptionInputSchema = sharedSchema('subscriptions/option-input#changeOptionInputSchema', () => z.strictObject({
  domainId: positiveInt(),
  /** The caller's ID for this request; with domainId it forms the business workflow ID. */
  requestId: requestIdSchema,
  action: z.enum(OPTION_ACTIONS, { error: `must be one of ${OPTION_ACTIONS.join(', ')}` }),
  /** `now`, a date YYYY-MM-DD (API time zone) or `renewal` (the option's planEndDate + 1). */
  when: whenSchema,
  /** The option family, e.g. SSTG2, ACV2, CST_S. */
  optionProductId: requiredText(40),
  /** ADD, UPGRADE, DOWNGRADE: the sub-option (tier) wanted. */
  subOptionId: requiredText(40).optional(),
  /** ADD: the count for quantity-based options. REDUCE_QUANTITY: the new total. */
  quantity: countSchema().optional(),
  /** ADD_QUANTITY: how many to add (a delta). */
  addQuantity: countSchema().optional(),
  /** ADD_QUANTITY now: the quantity the requester saw before adding (a resend then finds it done; see expectedLicenseCount). */
  expectedQuantity: countSchema().optional(),
  preview: flag().default(false),
  proceedDespite: proceedDespiteSchema(OPTION_COLLISION_KINDS),
  timeZone: timeZoneSchema().default(DEFAULT_API_TIME_ZONE),
}));

const ACTION_FIELDS = ['subOptionId', 'quantity', 'addQuantity', 'expectedQuantity'] as const;

const NEEDS: ActionNeeds<(typeof ACTION_FIELDS)[number]> = {
  ADD: { required: ['subOptionId'], allowed: ['quantity'] },
  UPGRADE: { required: ['subOptionId'], allowed: [] },
  DOWNGRADE: { required: ['subOptionId'], allowed: [] },
  ADD_QUANTITY: { required: ['addQuantity'], allowed: ['expectedQuantity'] },
  REDUCE_QUANTITY: { required: ['quantity'], allowed: [] },
  CANCEL: { required: [], allowed: [] },
  CONVERT_TO_PAID: { required: [], allowed: ['subOptionId'] },
  RESCHEDULE: { required: [], allowed: [] },
};

const withRules = changeRequestRules(changeOptionInputSchema, OPTION_ACTIONS, ACTION_FIELDS, NEEDS);

/** What a caller sends (defaults may be left out). */
export type ChangeOptionInput = z.input<typeof changeOptionInputSchema>;
/** The validated input, defaults filled in. */
export type ParsedChangeOptionInput = z.output<typeof changeOptionInputSchema>;

export function optionChangeWorkflowId(domainId: number, requestId: string, preview = false): string {
  return `${preview ? 'option-preview' : 'option-change'}/${domainId}/${requestId}`;
}

export function parseChangeOptionInput(raw: unknown, nowMs: number = Date.now()): ParsedChangeOptionInput {
  return parseWithSchema('changeOption', withRules(nowMs).check(optionRescheduleRule(nowMs)), raw);
}
