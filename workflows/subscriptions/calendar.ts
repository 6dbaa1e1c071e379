// scheduledChangesCalendar: the calendar of pending scheduled changes as a workflow, for callers that only talk to
// Temporal. It reads once and returns the rows; the `calendar` query answers while the read is running too.
import { defineQuery, setHandler } from '@temporalio/workflow';
import type { CalendarEntry } from '../../domain/subscriptions/calendar-entries.js';
import { parseWithSchema, z } from '../../domain/schema.js';
import { validateOrFail } from '../validate-input.js';
import { partnerScan } from '../activity-options.js';

const DOMAIN_IDS = 'must be an array of positive integers';

export const calendarInputSchema = z.strictObject({
  /** Customers to list; all of the partner's customers when left out. */
  domainIds: z
    .array(z.unknown(), { error: DOMAIN_IDS })
    .max(10_000, 'must have at most 10000 items')
    .refine((ids) => ids.every((id) => Number.isInteger(id) && (id as number) > 0), DOMAIN_IDS)
    .transform((ids) => ids as number[])
    // Checked above as one rule (one problem for the list); the JSON Schema still says what the items are.
    .meta({ items: { type: 'integer', exclusiveMinimum: 0 } })
    .optional(),
});

export type CalendarInput = z.infer<typeof calendarInputSchema>;

export interface CalendarStatus {
  step: 'VALIDATING' | 'READING' | 'DONE';
  entries: CalendarEntry[];
}

export const calendarQuery = defineQuery<CalendarStatus>('calendar');

export function parseCalendarInput(raw: unknown): CalendarInput {
  return parseWithSchema('scheduledChangesCalendar', calendarInputSchema, raw ?? {});
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
