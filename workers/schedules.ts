// The service's schedules, created in code when a worker starts. Idempotent: an existing schedule with the same
// definition is left alone, a changed one is updated, so every worker start (and every extra worker) may call it.
// The definition's fingerprint is kept in the schedule's note, because describe() answers with a normalised spec
// that cannot be compared field by field with what we sent.
import { createHash } from 'node:crypto';
import { ScheduleAlreadyRunning, type Client, type ConnectionLike, type ScheduleOptions } from '@temporalio/client';
import type { Logger } from 'pino';
import type { DataConverter } from '@temporalio/common';
import { serviceClient } from '../lib/temporal-client.js';

export interface ScheduleDefinition {
  scheduleId: string;
  workflowType: string;
  workflowId: string;
  args: unknown[];
  cron: string;
  timeZone: string;
  description: string;
}

/** Japan time: the Partner API's calendar; invoices appear on the 1st. */
const TIME_ZONE = 'Asia/Tokyo';

export function serviceSchedules(): ScheduleDefinition[] {
  return [
    {
      scheduleId: 'monthly-usage-invoice-report',
      workflowType: 'monthlyReport',
      workflowId: 'report/monthly',
      args: [{}],
      // 06:00 on the 2nd: the invoice of the month before is produced on the 1st.
      cron: '0 6 2 * *',
      timeZone: TIME_ZONE,
      description: 'usages and invoices of the month before, to CSV/JSON files and the CRM',
    },
    {
      scheduleId: 'daily-drift-check',
      workflowType: 'driftCheck',
      workflowId: 'drift-check/daily',
      args: [{}],
      cron: '30 5 * * *',
      timeZone: TIME_ZONE,
      description: "customers and subscriptions compared with the CRM's last-known state",
    },
  ];
}

export function fingerprint(definition: ScheduleDefinition, taskQueue: string): string {
  return createHash('sha256').update(JSON.stringify({ ...definition, taskQueue })).digest('hex').slice(0, 16);
}

function noteFor(definition: ScheduleDefinition, taskQueue: string): string {
  return `managed by workers/schedules.ts (${definition.description}); definition ${fingerprint(definition, taskQueue)}`;
}

function toOptions(definition: ScheduleDefinition, taskQueue: string): ScheduleOptions {
  return {
    scheduleId: definition.scheduleId,
    spec: { cronExpressions: [definition.cron], timezone: definition.timeZone },
    action: { type: 'startWorkflow', workflowType: definition.workflowType, workflowId: definition.workflowId, taskQueue, args: definition.args },
    // A report that is still running when the next one is due: skip, never pile up.
    policies: { overlap: 'SKIP', catchupWindow: '1 day' },
    state: { note: noteFor(definition, taskQueue) },
  };
}

export type EnsureOutcome = 'created' | 'unchanged' | 'updated';

/** Creates or updates every schedule; returns what happened to each. */
export async function ensureSchedules(client: Client, taskQueue: string, definitions = serviceSchedules()): Promise<Record<string, EnsureOutcome>> {
  const outcomes: Record<string, EnsureOutcome> = {};
  for (const definition of definitions) {
    const options = toOptions(definition, taskQueue);
    try {
      await client.schedule.create(options);
      outcomes[definition.scheduleId] = 'created';
      continue;
    } catch (err) {
      // Another worker (or an earlier start) made it: that is success, unless its definition is out of date.
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
    const handle = client.schedule.getHandle(definition.scheduleId);
    const current = await handle.describe();
    if (current.state.note === options.state?.note) {
      outcomes[definition.scheduleId] = 'unchanged';
      continue;
    }
    await handle.update((previous) => ({
      ...previous,
      spec: options.spec,
      action: options.action,
      policies: { ...previous.policies, ...options.policies },
      state: { ...previous.state, note: options.state?.note },
    }));
    outcomes[definition.scheduleId] = 'updated';
  }
  return outcomes;
}

/**
 * Called at worker start (workers/main.ts, scripts/start.ts): makes sure the schedules exist, logging what changed.
 * A failure is logged, not fatal: the worker's other work must not stop because a schedule could not be written.
 */
export async function ensureSchedulesAtStart(options: {
  connection: ConnectionLike;
  namespace: string;
  taskQueue: string;
  enabled: boolean;
  logger: Logger;
  /** Encrypts the schedules' workflow inputs like everything else (lib/payload-codec.ts). */
  dataConverter?: DataConverter;
}): Promise<void> {
  if (!options.enabled) {
    options.logger.info('SCHEDULES_ENABLED=false: schedules left as they are');
    return;
  }
  try {
    const client = serviceClient({ connection: options.connection, namespace: options.namespace, dataConverter: options.dataConverter });
    const outcomes = await ensureSchedules(client, options.taskQueue);
    options.logger.info({ schedules: outcomes }, 'schedules ensured');
  } catch (err) {
    options.logger.error({ err }, 'could not create or update the schedules; the worker goes on without them');
  }
}
