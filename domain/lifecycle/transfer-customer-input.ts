// The Online Direct transfer workflow's input and its validation. Pure: used by the workflow and by clients.
import { parseDuration } from '../durations.js';
import { asObject, InvalidInputError, optionalString, requireString, type Problems } from '../input-validation.js';

export interface TransferWaitSettings {
  /** First check for the tenant among our customers after the 202. Default "5s". */
  initialInterval: string;
  /** Checks back off (doubling) up to this interval. Default "10 minutes". */
  maxInterval: string;
  /** Stop waiting (result TIMED_OUT) after this long. Default "48h". */
  deadline: string;
}

export const TRANSFER_WAIT_DEFAULTS: TransferWaitSettings = { initialInterval: '5s', maxInterval: '10 minutes', deadline: '48h' };

export interface TransferCustomerInput {
  /** Domain of the Online Direct tenant. */
  domain: string;
  /** The partner code the tenant issued. Not a secret in the API's sense, but kept out of logs and status. */
  partnerCode: string;
  /** Whether the customer sees the partner's profile (API default true). */
  enablePartnerProfileDisplay?: boolean;
  wait?: Partial<TransferWaitSettings>;
  requestedBy?: string;
}

/** The business workflow ID: one transfer per domain. */
export function transferWorkflowId(domain: string): string {
  return `transfer/${domain}`;
}

/** Checks a raw JSON input; returns it typed or throws InvalidInputError naming every field at fault (never echoing the partner code). */
export function parseTransferCustomerInput(raw: unknown): TransferCustomerInput {
  const problems: Problems = [];
  const input = asObject(raw, 'input', problems);
  const domain = requireString(input, 'domain', problems);
  if (domain && !/^[a-z0-9][a-z0-9.-]{0,20}[a-z0-9]$/.test(domain)) {
    problems.push('domain must be 2-22 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit');
  }
  const partnerCode = requireString(input, 'partnerCode', problems);
  if (partnerCode && !/^[A-Za-z0-9]{1,64}$/.test(partnerCode)) problems.push('partnerCode must be 1-64 letters and digits');
  const display = input.enablePartnerProfileDisplay;
  if (display !== undefined && typeof display !== 'boolean') problems.push('enablePartnerProfileDisplay must be true or false');
  const requestedBy = optionalString(input, 'requestedBy', problems);
  let wait: Partial<TransferWaitSettings> | undefined;
  if (input.wait !== undefined) {
    const source = asObject(input.wait, 'wait', problems);
    wait = {};
    for (const [key, value] of Object.entries(source)) {
      if (!(key in TRANSFER_WAIT_DEFAULTS)) problems.push(`wait.${key} is not a known setting (${Object.keys(TRANSFER_WAIT_DEFAULTS).join(', ')})`);
      else if (typeof value !== 'string' || !parseDuration(value)) problems.push(`wait.${key} must be a duration such as "5s", "10 minutes" or "48h"`);
      else wait[key as keyof TransferWaitSettings] = value;
    }
  }
  const known = new Set(['domain', 'partnerCode', 'enablePartnerProfileDisplay', 'wait', 'requestedBy']);
  for (const key of Object.keys(input)) if (!known.has(key)) problems.push(`${key} is not a known field`);

  if (problems.length > 0) throw new InvalidInputError('transferCustomer', problems);
  return {
    domain,
    partnerCode,
    ...(display === undefined ? {} : { enablePartnerProfileDisplay: display as boolean }),
    ...(wait ? { wait } : {}),
    ...(requestedBy === undefined ? {} : { requestedBy }),
  };
}

/** The wait settings in milliseconds, defaults filled in. */
export function transferWaitMs(settings: Partial<TransferWaitSettings> = {}): Record<keyof TransferWaitSettings, number> {
  const merged = { ...TRANSFER_WAIT_DEFAULTS, ...settings };
  return Object.fromEntries(Object.entries(merged).map(([k, v]) => [k, parseDuration(v)!])) as Record<keyof TransferWaitSettings, number>;
}
