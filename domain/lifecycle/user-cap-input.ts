// The user-cap workflow's input and its validation. Pure: used by the workflow and by clients before they start it.
import { addDays, dateInZone, DEFAULT_API_TIME_ZONE, isIsoDate, isKnownTimeZone } from '../dates.js';
import { asObject, InvalidInputError, optionalString, type Problems } from '../input-validation.js';

/** The renewal page's maximum for a scheduled cap; the same bound is applied to an immediate cap. */
export const MAX_MEMBER_COUNT = 1_000_000;

export const USER_CAP_ACTIONS = ['SET_NOW', 'SCHEDULE', 'CANCEL_SCHEDULED'] as const;
export type UserCapAction = (typeof USER_CAP_ACTIONS)[number];

interface UserCapCommon {
  /** The customer's LINE WORKS domainId. */
  domainId: number;
  /** Who asked (CRM user, operator); shown in the status and result. */
  requestedBy?: string;
}

export type UserCapInput = UserCapCommon &
  (
    | {
        /** Set the cap at once (patchUsageStatus). This deletes a scheduled cap change. */
        action: 'SET_NOW';
        /** The new cap; null removes the cap. */
        maxMemberCount: number | null;
        /** Must be true when a scheduled cap change exists: setting the cap now deletes it. */
        confirmDeletesScheduledChange?: boolean;
      }
    | {
        /** Set the cap on a date (usage-status renewal: add, move its date, or replace it). */
        action: 'SCHEDULE';
        maxMemberCount: number | null;
        /** YYYY-MM-DD, from tomorrow to one year ahead in `timeZone`. */
        applyDate: string;
        /** Time zone that decides "tomorrow" for the API. Default Asia/Tokyo. */
        timeZone?: string;
      }
    | {
        /** Delete the scheduled cap change, if any. */
        action: 'CANCEL_SCHEDULED';
      }
  );

/** The business workflow ID: one user-cap change per customer at a time. */
export function userCapWorkflowId(domainId: number): string {
  return `user-cap/${domainId}`;
}

/** Same date one year later (Feb 29 → Feb 28). */
export function addOneYear(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const candidate = `${y + 1}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isIsoDate(candidate) ? candidate : addDays(`${y + 1}-${String(m).padStart(2, '0')}-01`, d - 2);
}

/** The renewal window (tomorrow .. one year from today) in `timeZone` at instant `nowMs`. */
export function renewalWindow(nowMs: number, timeZone: string = DEFAULT_API_TIME_ZONE): { from: string; to: string } {
  const today = dateInZone(timeZone, nowMs);
  return { from: addDays(today, 1), to: addOneYear(today) };
}

export function readDomainId(input: Record<string, unknown>, problems: Problems): number {
  const value = input.domainId;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    problems.push('domainId is required (a positive whole number)');
    return 0;
  }
  return value;
}

function readCap(input: Record<string, unknown>, problems: Problems): number | null {
  if (!Object.hasOwn(input, 'maxMemberCount')) {
    problems.push('maxMemberCount is required (a whole number from 1 to 1000000, or null for no cap)');
    return null;
  }
  const value = input.maxMemberCount;
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_MEMBER_COUNT) {
    problems.push(`maxMemberCount must be a whole number from 1 to ${MAX_MEMBER_COUNT}, or null for no cap`);
    return null;
  }
  return value;
}

/**
 * Checks a raw JSON input; returns it typed or throws InvalidInputError naming every field at fault.
 * `nowMs` decides "tomorrow" for applyDate (workflows pass their deterministic Date.now()).
 */
export function parseUserCapInput(raw: unknown, nowMs: number = Date.now()): UserCapInput {
  const problems: Problems = [];
  const input = asObject(raw, 'input', problems);
  const domainId = readDomainId(input, problems);
  const requestedBy = optionalString(input, 'requestedBy', problems);
  const action = input.action;
  const known = new Set(['domainId', 'action', 'requestedBy']);
  let result: UserCapInput | undefined;

  if (typeof action !== 'string' || !(USER_CAP_ACTIONS as readonly string[]).includes(action)) {
    problems.push(`action must be one of ${USER_CAP_ACTIONS.join(', ')}`);
  } else if (action === 'SET_NOW') {
    known.add('maxMemberCount').add('confirmDeletesScheduledChange');
    const maxMemberCount = readCap(input, problems);
    const confirm = input.confirmDeletesScheduledChange;
    if (confirm !== undefined && typeof confirm !== 'boolean') problems.push('confirmDeletesScheduledChange must be true or false');
    result = { domainId, action, maxMemberCount, ...(confirm === undefined ? {} : { confirmDeletesScheduledChange: confirm as boolean }) };
  } else if (action === 'SCHEDULE') {
    known.add('maxMemberCount').add('applyDate').add('timeZone');
    const maxMemberCount = readCap(input, problems);
    const timeZone = optionalString(input, 'timeZone', problems);
    const zoneOk = timeZone === undefined || isKnownTimeZone(timeZone);
    if (!zoneOk) problems.push('timeZone must be an IANA time zone such as Asia/Tokyo');
    const applyDate = input.applyDate;
    if (!isIsoDate(applyDate)) problems.push('applyDate is required (a date YYYY-MM-DD)');
    else if (zoneOk) {
      const { from, to } = renewalWindow(nowMs, timeZone);
      if (applyDate < from || applyDate > to) problems.push(`applyDate must be from ${from} (tomorrow) to ${to} (one year ahead) in ${timeZone ?? DEFAULT_API_TIME_ZONE}; got ${applyDate}`);
    }
    result = { domainId, action, maxMemberCount, applyDate: applyDate as string, ...(timeZone ? { timeZone } : {}) };
  } else {
    result = { domainId, action: 'CANCEL_SCHEDULED' };
  }
  for (const key of Object.keys(input)) if (!known.has(key)) problems.push(`${key} is not a known field${typeof action === 'string' ? ` for action ${action}` : ''}`);

  if (problems.length > 0 || !result) throw new InvalidInputError('userCap', problems);
  return requestedBy === undefined ? result : { ...result, requestedBy };
}
