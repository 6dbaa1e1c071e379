// The cancellation workflow's input and its approval/abort update arguments: their schemas (types inferred,
// validation from them). Pure.
import { addDays, dateInZone, DEFAULT_API_TIME_ZONE, isIsoDate } from '../dates.js';
import { crossFieldRule, domainIdSchema, durationSchema, optionalText, parseWithSchema, positiveInt, requiredText, schemaProblems, strictObject, timeZoneSchema, z } from '../schema.js';
import type { Problems } from '../input-validation.js';
import { MAX_DAYS_AHEAD } from '../subscriptions/subscription-input.js';
import { sharedSchema } from '../shared-schema.js';

export const CANCEL_DEFAULTS = { approvalTimeout: '14 days', pollInterval: '12h' } as const;

const DURATIONS = '"1s", "12h" or "14 days"';

export const cancelCustomerInputSchema = sharedSchema('lifecycle/cancel-customer-input#cancelCustomerInputSchema', () => strictObject({
  domainId: domainIdSchema(),
  /** NOW: deleteCustomer after approval. ON_DATE: schedule withdrawalDate after approval (abortable until the date). */
  mode: z.enum(['NOW', 'ON_DATE'], { error: 'must be NOW or ON_DATE' }),
  /** ON_DATE only: YYYY-MM-DD, tomorrow or later in `timeZone`. */
  withdrawalDate: z.string({ error: 'must be a date YYYY-MM-DD' }).max(10, 'must be a date YYYY-MM-DD').optional(),
  /** Time zone that decides "tomorrow" for the API. Default Asia/Tokyo. */
  timeZone: timeZoneSchema().optional(),
  requestedBy: optionalText(200),
  reason: optionalText(1000),
  /** No approval within this long → result APPROVAL_TIMED_OUT, nothing changed. Default "14 days". */
  approvalTimeout: durationSchema(DURATIONS, 365 * 86_400_000).optional(),
  /** ON_DATE: how often the state is re-read while waiting for the date (catches changes made elsewhere). Default "12h". */
  pollInterval: durationSchema(DURATIONS, 30 * 86_400_000).optional(),
}));

export type CancelCustomerInput = z.infer<typeof cancelCustomerInputSchema>;

/**
 * What a dated cancellation waiting for its date hands to its next run when it continues as new (a year ahead is
 * about 730 re-reads): the approval, what its status showed and the CRM notifications sent, so the next run goes on
 * waiting without asking again, scheduling again or notifying again. Set only by the workflow itself: the start
 * schema (the catalog's, so every trigger's) does not know the field and refuses it as an unknown field.
 */
export const CONTINUED_DATE_WAIT_FIELD = 'continuedDateWait';

export const cancellationCarryOverSchema = sharedSchema('lifecycle/cancel-customer-input#cancellationCarryOverSchema', () => strictObject({
  /** Which run receives this (2 for the first continuation). */
  run: positiveInt(100_000).min(2, 'must be at least 2'),
  domain: optionalText(253),
  approval: strictObject({ approvedBy: requiredText(200), reason: requiredText(1000), at: requiredText(40) }),
  /** The billing rules shown in the status (domain/lifecycle/cancel-customer-billing.ts), as the first run worked them out. */
  billing: z.looseObject({}).optional(),
  checks: z.int({ error: 'must be a whole number' }).min(0, 'must be at least 0'),
  lastError: optionalText(2000),
  /** The CRM notifications earlier runs sent (the crmNotifications query lists them all). */
  notifications: z.array(z.looseObject({ type: z.string(), notificationId: z.string() })).max(100).optional(),
}));
export type CancellationCarryOver = z.infer<typeof cancellationCarryOverSchema>;

export const cancelCustomerRunInputSchema = sharedSchema('lifecycle/cancel-customer-input#cancelCustomerRunInputSchema', () => cancelCustomerInputSchema.extend({ [CONTINUED_DATE_WAIT_FIELD]: cancellationCarryOverSchema.optional() }));
export type CancelCustomerRunInput = z.infer<typeof cancelCustomerRunInputSchema>;

/** withdrawalDate belongs to ON_DATE, and lies from tomorrow (the API's calendar at `nowMs`) to MAX_DAYS_AHEAD. */
function withdrawalDateRule(nowMs: number) {
  return crossFieldRule((input, add) => {
    // A continued run's date was checked when it started; it may be today or past by now (the grace after the date).
    if ((input as { [CONTINUED_DATE_WAIT_FIELD]?: unknown })[CONTINUED_DATE_WAIT_FIELD] !== undefined) return;
    const { mode, withdrawalDate, timeZone } = input;
    if (mode === 'NOW' && withdrawalDate !== undefined) add(['withdrawalDate'], 'must not be given for mode NOW (use mode ON_DATE to cancel on a date)');
    if (mode !== 'ON_DATE') return;
    if (!isIsoDate(withdrawalDate)) return add(['withdrawalDate'], 'is required for mode ON_DATE (a date YYYY-MM-DD)');
    const zone = typeof timeZone === 'string' ? timeZone : DEFAULT_API_TIME_ZONE;
    let today: string;
    try {
      today = dateInZone(zone, nowMs);
    } catch {
      return; // an unknown time zone is reported by its own field
    }
    const tomorrow = addDays(today, 1);
    if (withdrawalDate < tomorrow) add(['withdrawalDate'], `must be tomorrow (${tomorrow} in ${zone}) or later; got ${withdrawalDate}`);
    else if (withdrawalDate > addDays(today, MAX_DAYS_AHEAD)) add(['withdrawalDate'], `must be at most ${MAX_DAYS_AHEAD} days ahead (${addDays(today, MAX_DAYS_AHEAD)} in ${zone}); got ${withdrawalDate}`);
  });
}

/** The business workflow ID: one cancellation per customer. */
export function cancelWorkflowId(domainId: number): string {
  return `cancel/${domainId}`;
}

/** Checks a raw JSON input; `nowMs` decides "tomorrow" (workflows pass their deterministic Date.now()). */
export function parseCancelCustomerInput(raw: unknown, nowMs: number = Date.now()): CancelCustomerInput {
  return parseWithSchema('cancelCustomer', cancelCustomerInputSchema.check(withdrawalDateRule(nowMs)), raw);
}

/** A run's input: the start input, or the start input with the carry-over of the run before (continue-as-new). */
export function parseCancelCustomerRunInput(raw: unknown, nowMs: number = Date.now()): CancelCustomerRunInput {
  return parseWithSchema('cancelCustomer', cancelCustomerRunInputSchema.check(withdrawalDateRule(nowMs)), raw);
}

export const approveCancellationArgsSchema = sharedSchema('lifecycle/cancel-customer-input#approveCancellationArgsSchema', () => strictObject({
  approvedBy: requiredText(200, 'who approves'),
  reason: requiredText(1000, 'why the customer is cancelled'),
}));
export type ApproveCancellationArgs = z.infer<typeof approveCancellationArgsSchema>;

export const abortCancellationArgsSchema = sharedSchema('lifecycle/cancel-customer-input#abortCancellationArgsSchema', () => strictObject({
  abortedBy: requiredText(200, 'who aborts'),
  reason: optionalText(1000),
}));
export type AbortCancellationArgs = z.infer<typeof abortCancellationArgsSchema>;

/** Problems with an approval (who and why are both required). */
export function approvalProblems(raw: unknown): Problems {
  return schemaProblems(approveCancellationArgsSchema, raw);
}

export function abortProblems(raw: unknown): Problems {
  return schemaProblems(abortCancellationArgsSchema, raw);
}
