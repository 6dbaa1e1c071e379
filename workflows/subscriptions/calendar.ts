// scheduledChangesCalendar: the calendar of pending scheduled changes as a workflow, for callers that only talk to
// Temporal. It reads once and returns the rows; the `calendar` query answers while the read is running too.
import { defineQuery, setHandler } from '@temporalio/workflow';
import type { CalendarEntry } from '../../domain/subscriptions/calendar-entries.js';
import { asObject, InvalidInputError, type Problems } from '../../domain/input-validation.js';
import { rejectUnknownFields } from '../../domain/subscriptions/subscription-input.js';
import { validateOrFail } from './subscription-runner.js';
import { partnerScan } from '../activity-options.js';

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

export async function scheduledChangesCalendar(rawInput: CalendarInput = {}): Promise<CalendarEntry[]> {
  const status: CalendarStatus = { step: 'VALIDATING', entries: [] };
  setHandler(calendarQuery, () => status);
  const input = validateOrFail(parseCalendarInput, rawInput);
  status.step = 'READING';
  status.entries = await partnerScan.listScheduledChanges(input.domainIds);
  status.step = 'DONE';
  return status.entries;
}
