// The cancellation workflow's input, its approval/abort update arguments, and their validation. Pure.
import { parseDuration } from '../durations.js';
import { asObject, InvalidInputError, optionalString, type Problems } from '../input-validation.js';
import { addDays, dateInZone, DEFAULT_API_TIME_ZONE, isIsoDate, isKnownTimeZone } from '../dates.js';
import { readDomainId } from './user-cap-input.js';

export interface CancelCustomerInput {
  domainId: number;
  /** NOW: deleteCustomer after approval. ON_DATE: schedule withdrawalDate after approval (abortable until the date). */
  mode: 'NOW' | 'ON_DATE';
  /** ON_DATE only: YYYY-MM-DD, tomorrow or later in `timeZone`. */
  withdrawalDate?: string;
  /** Time zone that decides "tomorrow" for the API. Default Asia/Tokyo. */
  timeZone?: string;
  requestedBy?: string;
  reason?: string;
  /** No approval within this long → result APPROVAL_TIMED_OUT, nothing changed. Default "14 days". */
  approvalTimeout?: string;
  /** ON_DATE: how often the state is re-read while waiting for the date (catches changes made elsewhere). Default "12h". */
  pollInterval?: string;
}

export interface ApproveCancellationArgs {
  approvedBy: string;
  reason: string;
}

export interface AbortCancellationArgs {
  abortedBy: string;
  reason?: string;
}

export const CANCEL_DEFAULTS = { approvalTimeout: '14 days', pollInterval: '12h' } as const;

/** The business workflow ID: one cancellation per customer. */
export function cancelWorkflowId(domainId: number): string {
  return `cancel/${domainId}`;
}

/** Checks a raw JSON input; `nowMs` decides "tomorrow" (workflows pass their deterministic Date.now()). */
export function parseCancelCustomerInput(raw: unknown, nowMs: number = Date.now()): CancelCustomerInput {
  const problems: Problems = [];
  const input = asObject(raw, 'input', problems);
  const domainId = readDomainId(input, problems);
  const mode = input.mode;
  if (mode !== 'NOW' && mode !== 'ON_DATE') problems.push('mode must be NOW or ON_DATE');
  const timeZone = optionalString(input, 'timeZone', problems);
  const zoneOk = timeZone === undefined || isKnownTimeZone(timeZone);
  if (!zoneOk) problems.push('timeZone must be an IANA time zone such as Asia/Tokyo');
  const withdrawalDate = input.withdrawalDate;
  if (mode === 'ON_DATE') {
    if (!isIsoDate(withdrawalDate)) problems.push('withdrawalDate is required for mode ON_DATE (a date YYYY-MM-DD)');
    else if (zoneOk) {
      const tomorrow = addDays(dateInZone(timeZone ?? DEFAULT_API_TIME_ZONE, nowMs), 1);
      if (withdrawalDate < tomorrow) problems.push(`withdrawalDate must be tomorrow (${tomorrow} in ${timeZone ?? DEFAULT_API_TIME_ZONE}) or later; got ${withdrawalDate}`);
    }
  } else if (mode === 'NOW' && withdrawalDate !== undefined) {
    problems.push('withdrawalDate must not be given for mode NOW (use mode ON_DATE to cancel on a date)');
  }
  const requestedBy = optionalString(input, 'requestedBy', problems);
  const reason = optionalString(input, 'reason', problems);
  const durations: Partial<Record<'approvalTimeout' | 'pollInterval', string>> = {};
  for (const field of ['approvalTimeout', 'pollInterval'] as const) {
    const value = optionalString(input, field, problems);
    if (value !== undefined && !parseDuration(value)) problems.push(`${field} must be a duration such as "1s", "12h" or "14 days"`);
    else if (value !== undefined) durations[field] = value;
  }
  const known = new Set(['domainId', 'mode', 'withdrawalDate', 'timeZone', 'requestedBy', 'reason', 'approvalTimeout', 'pollInterval']);
  for (const key of Object.keys(input)) if (!known.has(key)) problems.push(`${key} is not a known field`);

  if (problems.length > 0) throw new InvalidInputError('cancelCustomer', problems);
  return {
    domainId,
    mode: mode as CancelCustomerInput['mode'],
    ...(mode === 'ON_DATE' ? { withdrawalDate: withdrawalDate as string } : {}),
    ...(timeZone ? { timeZone } : {}),
    ...(requestedBy === undefined ? {} : { requestedBy }),
    ...(reason === undefined ? {} : { reason }),
    ...durations,
  };
}

/** Problems with an approval (who and why are both required). */
export function approvalProblems(raw: unknown): Problems {
  const problems: Problems = [];
  const args = asObject(raw, 'approval', problems);
  if (typeof args.approvedBy !== 'string' || args.approvedBy.trim() === '') problems.push('approvedBy is required (who approves)');
  if (typeof args.reason !== 'string' || args.reason.trim() === '') problems.push('reason is required (why the customer is cancelled)');
  return problems;
}

export function abortProblems(raw: unknown): Problems {
  const problems: Problems = [];
  const args = asObject(raw, 'abort', problems);
  if (typeof args.abortedBy !== 'string' || args.abortedBy.trim() === '') problems.push('abortedBy is required (who aborts)');
  if (args.reason !== undefined && typeof args.reason !== 'string') problems.push('reason must be a string');
  return problems;
}
