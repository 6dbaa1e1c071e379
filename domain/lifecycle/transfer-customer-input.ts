// The Online Direct transfer workflow's input: its schema (type inferred, validation from it). Pure: used by the
// workflow and by clients. Problems never echo the partner code.
import { durationsMs } from '../durations.js';
import { domainNameSchema, durationSchema, flag, optionalText, parseWithSchema, positiveInt, requiredText, strictObject, z } from '../schema.js';
import { sharedSchema } from '../shared-schema.js';

const waitSetting = () => durationSchema('"5s", "10 minutes" or "48h"', 30 * 86_400_000);

export const transferWaitSettingsSchema = sharedSchema('lifecycle/transfer-customer-input#transferWaitSettingsSchema', () => strictObject(
  {
    /** First check for the tenant among our customers after the 202. Default "5s". */
    initialInterval: waitSetting(),
    /** Checks back off (doubling) up to this interval. Default "10 minutes". */
    maxInterval: waitSetting(),
    /** Stop waiting (result TIMED_OUT) after this long. Default "48h". */
    deadline: waitSetting(),
  },
  'is not a known setting (initialInterval, maxInterval, deadline)',
));

export type TransferWaitSettings = z.infer<typeof transferWaitSettingsSchema>;

export const TRANSFER_WAIT_DEFAULTS: TransferWaitSettings = { initialInterval: '5s', maxInterval: '10 minutes', deadline: '48h' };

export const transferCustomerInputSchema = sharedSchema('lifecycle/transfer-customer-input#transferCustomerInputSchema', () => strictObject({
  /** Domain of the Online Direct tenant. */
  domain: domainNameSchema(),
  /** The partner code the tenant issued. Not a secret in the API's sense, but kept out of logs and status. */
  partnerCode: requiredText(64).regex(/^[A-Za-z0-9]{1,64}$/, 'must be 1-64 letters and digits'),
  /** Whether the customer sees the partner's profile (API default true). */
  enablePartnerProfileDisplay: flag().optional(),
  wait: transferWaitSettingsSchema.partial().optional(),
  requestedBy: optionalText(200),
}));

export type TransferCustomerInput = z.infer<typeof transferCustomerInputSchema>;

/**
 * What a transfer waiting for LINE WORKS hands to its next run when it continues as new (30 days of checks every few
 * seconds would outgrow any history): the tenant as the check found it, the wait's deadline, back-off and count, so
 * the next run goes on checking without looking the tenant up or transferring again. Set only by the workflow itself:
 * the start schema (the catalog's, so every trigger's) does not know the field and refuses it as an unknown field.
 */
export const CONTINUED_TRANSFER_WAIT_FIELD = 'continuedTransferWait';

export const transferCarryOverSchema = sharedSchema('lifecycle/transfer-customer-input#transferCarryOverSchema', () => strictObject({
  /** getPotentialCustomer's answer, returned with the result. */
  potentialCustomer: z.looseObject({}),
  domainId: positiveInt(Number.MAX_SAFE_INTEGER).optional(),
  /** ISO time the wait gives up. */
  deadline: requiredText(40),
  /** The current back-off interval, ms. */
  intervalMs: positiveInt(30 * 86_400_000),
  checks: z.int({ error: 'must be a whole number' }).min(0, 'must be at least 0'),
  /** A recheckTransfer signal that came while the run continued: the next run checks at once. */
  recheck: flag().optional(),
  lastError: optionalText(2000),
}));
export type TransferCarryOver = z.infer<typeof transferCarryOverSchema>;

export const transferCustomerRunInputSchema = sharedSchema('lifecycle/transfer-customer-input#transferCustomerRunInputSchema', () => transferCustomerInputSchema.extend({ [CONTINUED_TRANSFER_WAIT_FIELD]: transferCarryOverSchema.optional() }));
export type TransferCustomerRunInput = z.infer<typeof transferCustomerRunInputSchema>;

/** A run's input: the start input, or the start input with the carry-over of the run before (continue-as-new). */
export function parseTransferCustomerRunInput(raw: unknown): TransferCustomerRunInput {
  return parseWithSchema('transferCustomer', transferCustomerRunInputSchema, raw);
}

/** The business workflow ID: one transfer per domain. */
export function transferWorkflowId(domain: string): string {
  return `transfer/${domain}`;
}

/** Checks a raw JSON input; returns it typed or throws InvalidInputError naming every field at fault (never echoing the partner code). */
export function parseTransferCustomerInput(raw: unknown): TransferCustomerInput {
  return parseWithSchema('transferCustomer', transferCustomerInputSchema, raw);
}

/** The wait settings in milliseconds, defaults filled in. */
export function transferWaitMs(settings: Partial<TransferWaitSettings> = {}): Record<keyof TransferWaitSettings, number> {
  return durationsMs(TRANSFER_WAIT_DEFAULTS, settings);
}
