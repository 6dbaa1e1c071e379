// partnerctl calendar: what is planned, in time order: the next runs of every schedule, and running workflows
// that wait for a date (PartnerState WAITING_FOR_DATE, e.g. a subscription change set for a future day).
import { report, type CommandContext } from './context.js';
import { queryStatus } from './wait.js';
import { findCatalogEntry } from './workflow-catalog.js';

interface CalendarEntry {
  when: string;
  kind: 'schedule' | 'workflow';
  id: string;
  what: string;
}

export async function calendarCommand(ctx: CommandContext, limit: number): Promise<void> {
  const entries: CalendarEntry[] = [];
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
  const shown = entries.slice(0, limit);
  report(ctx, { entries: shown }, () => (shown.length === 0 ? ['nothing planned'] : shown.map((e) => `${e.when}  ${e.kind.padEnd(8)}  ${e.id}  ${e.what}`)));
}
