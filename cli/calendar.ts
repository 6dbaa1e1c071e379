// partnerctl calendar: what is planned, in date order: pending scheduled changes at LINE WORKS (pre-orders,
// reservations, renewal settings, cancellations; read by the scheduledChangesCalendar workflow, so the CLI only
// talks to Temporal), the next runs of every schedule, and running workflows that wait for a date.
import type { CalendarEntry as ScheduledChange } from '../workflows/index.js';
import { report, type CommandContext } from './context.js';
import { queryStatus, waitForResult } from './wait.js';
import { findCatalogEntry } from '../workflows/catalog.js';

interface CalendarEntry {
  /** ISO date or date-time. */
  when: string;
  kind: 'change' | 'schedule' | 'workflow';
  id: string;
  what: string;
}

async function scheduledChanges(ctx: CommandContext, domainIds: number[] | undefined, timeoutSeconds: number): Promise<CalendarEntry[]> {
  const entry = findCatalogEntry('scheduledChangesCalendar');
  if (!entry) return [];
  const input = entry.parseInput(domainIds ? { domainIds } : {});
  const handle = await ctx.client.workflow.start(entry.type, { taskQueue: ctx.taskQueue, workflowId: entry.workflowId(input, Date.now()), args: [input] });
  const rows = (await waitForResult(ctx, handle, entry, timeoutSeconds)) as ScheduledChange[];
  return rows.map((row) => ({ when: row.date, kind: 'change', id: row.domain ?? String(row.domainId), what: `${row.kind} ${row.subject}: ${row.detail}` }));
}

export async function calendarCommand(ctx: CommandContext, options: { limit: number; domainIds?: number[]; timeoutSeconds: number }): Promise<void> {
  const entries: CalendarEntry[] = await scheduledChanges(ctx, options.domainIds, options.timeoutSeconds);
  for await (const summary of ctx.client.schedule.list()) {
    const description = await ctx.client.schedule.getHandle(summary.scheduleId).describe();
    const action = description.action.type === 'startWorkflow' ? description.action.workflowType : description.action.type;
    const paused = description.state.paused ? ' (paused)' : '';
    for (const time of description.info.nextActionTimes.slice(0, 3)) {
      entries.push({ when: time.toISOString(), kind: 'schedule', id: summary.scheduleId, what: `${action}${paused}` });
    }
  }
  for await (const info of ctx.client.workflow.list({ query: 'ExecutionStatus = "Running" AND PartnerState = "WAITING_FOR_DATE"' })) {
    const status = (await queryStatus(ctx, ctx.client.workflow.getHandle(info.workflowId), findCatalogEntry(info.type))) as { waitingUntil?: string } | undefined;
    entries.push({ when: status?.waitingUntil ?? 'unknown date', kind: 'workflow', id: info.workflowId, what: `${info.type} waits for this date` });
  }
  entries.sort((a, b) => a.when.localeCompare(b.when));
  const shown = entries.slice(0, options.limit);
  report(ctx, { entries: shown }, () => (shown.length === 0 ? ['nothing planned'] : shown.map((e) => `${e.when.padEnd(24)}  ${e.kind.padEnd(8)}  ${e.id}  ${e.what}`)));
}
