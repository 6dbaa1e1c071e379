// The changeOption workflow's input (version 1) and its validation. Pure: used by the workflow and by clients.
import { asObject, InvalidInputError, optionalString, requireString, type Problems } from '../input-validation.js';
import { OPTION_COLLISION_KINDS, type OptionCollisionKind } from './option-collisions.js';
import { optionalPositiveInt, parseCommonOptions, parseWhen, rejectUnknownFields, requirePositiveInt, type When } from './subscription-input.js';

export const OPTION_ACTIONS = ['ADD', 'UPGRADE', 'DOWNGRADE', 'ADD_QUANTITY', 'REDUCE_QUANTITY', 'CANCEL', 'CONVERT_TO_PAID'] as const;
export type OptionAction = (typeof OPTION_ACTIONS)[number];

export interface ChangeOptionInputV1 {
  domainId: number;
  /** The caller's ID for this request; with domainId it forms the business workflow ID. */
  requestId: string;
  action: OptionAction;
  /** `now`, a date YYYY-MM-DD (API time zone) or `renewal` (the option's planEndDate + 1). */
  when: When;
  /** The option family, e.g. SSTG2, ACV2, CST_S. */
  optionProductId: string;
  /** ADD, UPGRADE, DOWNGRADE: the sub-option (tier) wanted. */
  subOptionId?: string;
  /** ADD: the count for quantity-based options. REDUCE_QUANTITY: the new total. */
  quantity?: number;
  /** ADD_QUANTITY: how many to add (a delta). */
  addQuantity?: number;
  /** ADD_QUANTITY now: the quantity the requester saw before adding (a resend then finds it done; see expectedLicenseCount). */
  expectedQuantity?: number;
  preview?: boolean;
  proceedDespite?: OptionCollisionKind[];
  timeZone?: string;
}

export type ChangeOptionInput = ChangeOptionInputV1;

export function optionChangeWorkflowId(domainId: number, requestId: string, preview = false): string {
  return `${preview ? 'option-preview' : 'option-change'}/${domainId}/${requestId}`;
}

const NEEDS: Record<OptionAction, { required: (keyof ChangeOptionInputV1)[]; allowed: (keyof ChangeOptionInputV1)[] }> = {
  ADD: { required: ['subOptionId'], allowed: ['quantity'] },
  UPGRADE: { required: ['subOptionId'], allowed: [] },
  DOWNGRADE: { required: ['subOptionId'], allowed: [] },
  ADD_QUANTITY: { required: ['addQuantity'], allowed: ['expectedQuantity'] },
  REDUCE_QUANTITY: { required: ['quantity'], allowed: [] },
  CANCEL: { required: [], allowed: [] },
  CONVERT_TO_PAID: { required: [], allowed: ['subOptionId'] },
};

const ACTION_FIELDS = ['subOptionId', 'quantity', 'addQuantity', 'expectedQuantity'] as const;
const COMMON_FIELDS = ['domainId', 'requestId', 'action', 'when', 'optionProductId', 'preview', 'proceedDespite', 'timeZone'] as const;

export function parseChangeOptionInput(raw: unknown): ChangeOptionInput {
  const problems: Problems = [];
  const input = asObject(raw, 'input', problems);
  const domainId = requirePositiveInt(input, 'domainId', problems);
  const requestId = requireString(input, 'requestId', problems);
  if (requestId && !/^[A-Za-z0-9._:-]{1,100}$/.test(requestId)) problems.push('requestId may contain only letters, digits and . _ : - (at most 100)');
  const action = requireString(input, 'action', problems);
  const known = (OPTION_ACTIONS as readonly string[]).includes(action);
  if (action && !known) problems.push(`action must be one of ${OPTION_ACTIONS.join(', ')}`);
  const when = parseWhen(input, problems);
  const optionProductId = requireString(input, 'optionProductId', problems);
  const common = parseCommonOptions(input, problems, OPTION_COLLISION_KINDS);
  const subOptionId = optionalString(input, 'subOptionId', problems);
  const quantity = optionalPositiveInt(input, 'quantity', problems);
  const addQuantity = optionalPositiveInt(input, 'addQuantity', problems);
  const expectedQuantity = optionalPositiveInt(input, 'expectedQuantity', problems);
  if (known) {
    const needs = NEEDS[action as OptionAction];
    for (const field of needs.required) if (input[field] === undefined) problems.push(`${field} is required for action ${action}`);
    for (const field of ACTION_FIELDS) {
      if (input[field] !== undefined && !needs.required.includes(field) && !needs.allowed.includes(field)) problems.push(`${field} is not used by action ${action}`);
    }
  }
  rejectUnknownFields(input, [...COMMON_FIELDS, ...ACTION_FIELDS], problems);
  if (problems.length > 0) throw new InvalidInputError('changeOption', problems);
  return {
    domainId,
    requestId,
    action: action as OptionAction,
    when,
    optionProductId,
    ...(subOptionId !== undefined ? { subOptionId } : {}),
    ...(quantity !== undefined ? { quantity } : {}),
    ...(addQuantity !== undefined ? { addQuantity } : {}),
    ...(expectedQuantity !== undefined ? { expectedQuantity } : {}),
    ...common,
    proceedDespite: common.proceedDespite as OptionCollisionKind[],
  };
}
