// scheduledChangesCalendar: the calendar of pending scheduled changes as a workflow, for callers that only talk to
// Temporal. It reads once and returns the rows; the `calendar` query answers while the read is running too.
import { defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { CalendarEntry } from './calendar-entries.js';
import { asObject, InvalidInputError, type Problems } from './input-validation.js';
import { rejectUnknownFields } from './subscription-input.js';
import { validateOrFail } from './subscription-runner.js';

export interface CalendarInput {
  /** Customers to list; all of the partner's customers when left out. */
  domainIds?: number[];
}

export interface CalendarStatus {
  step: 'VALIDATING' | 'READING' | 'DONE';
  entries: CalendarEntry[];
}

export const calendarQuery = defineQuery<CalendarStatus>('calendar');

export function parseCalendarInput(raw: unknown): CalendarInput {
  const problems: Problems = [];
  const input = asObject(raw ?? {}, 'input', problems);
  const ids = input.domainIds;
  if (ids !== undefined && !(Array.isArray(ids) && ids.every((id) => Number.isInteger(id) && (id as number) > 0))) {
    problems.push('domainIds must be an array of positive integers');
  }
  rejectUnknownFields(input, ['domainIds'], problems);
  if (problems.length > 0) throw new InvalidInputError('scheduledChangesCalendar', problems);
  return ids === undefined ? {} : { domainIds: ids as number[] };
}

const partner = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

export async function scheduledChangesCalendar(rawInput: CalendarInput = {}): Promise<CalendarEntry[]> {
  const status: CalendarStatus = { step: 'VALIDATING', entries: [] };
  setHandler(calendarQuery, () => status);
  const input = validateOrFail(parseCalendarInput, rawInput);
  status.step = 'READING';
  status.entries = await partner.listScheduledChanges(input.domainIds);
  status.step = 'DONE';
  return status.entries;
}
