// The CRM's last-known state kept in Temporal (workflows/reports/crm-state.ts), for the webhook (records) and the
// drift check (reads) on any host: CRM_STATE_STORE=temporal, the default.
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { ReportConfig } from '../config/triggers.js';
import { CrmStateStore } from '../crm/crm-state.js';
import { sendAgainOnWorkflowNotReady } from './update-retry.js';
import type { CrmCustomerState, CrmStateRecords, CrmStateSlice, CrmStateStorage, RecordOutcome } from '../domain/crm-state.js';
import { CRM_STATE_WORKFLOW_ID, crmLastKnownState, crmStateRecordsQuery, crmStateSliceQuery, recordCrmStateUpdate } from '../workflows/reports/crm-state.js';

export class TemporalCrmState implements CrmStateStorage {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly workflowId = CRM_STATE_WORKFLOW_ID,
  ) {}

  /**
   * Update-with-start: the entity is created by the first event and found by every later one. The entity continues as
   * new right after the update that fills a run, so an update can meet that task's refusal (WorkflowNotReady,
   * lib/update-retry.ts): it is sent again under the same update ID, each time with a new start operation (one settles
   * on its first failure). Recording is idempotent by event ID besides.
   */
  async record(eventId: string, occurredAt: string, state: CrmCustomerState): Promise<RecordOutcome> {
    const updateId = randomUUID();
    return sendAgainOnWorkflowNotReady(() => {
      const startWorkflowOperation = new WithStartWorkflowOperation(crmLastKnownState, {
        workflowId: this.workflowId,
        taskQueue: this.taskQueue,
        args: [{}],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      return this.client.workflow.executeUpdateWithStart(recordCrmStateUpdate, { args: [{ eventId, occurredAt, state }], updateId, startWorkflowOperation });
    });
  }

  /** Everything recorded; empty when the CRM has never sent a state. */
  async readAll(): Promise<CrmStateRecords> {
    return (await this.#query(() => this.client.workflow.getHandle(this.workflowId).query(crmStateRecordsQuery))) ?? {};
  }

  async readDomains(domains: readonly string[]): Promise<CrmStateSlice> {
    return (await this.#query(() => this.client.workflow.getHandle(this.workflowId).query(crmStateSliceQuery, [...domains]))) ?? { records: {}, total: 0 };
  }

  /** The query's answer; undefined when the CRM has never sent a state (no entity workflow yet). */
  async #query<T>(ask: () => Promise<T>): Promise<T | undefined> {
    try {
      return await ask();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }
}

/** The store CRM_STATE_STORE names: in Temporal (default; every host sees it), or the file on this host. */
export function crmStateFor(reports: Required<ReportConfig>, client: Client, taskQueue: string): CrmStateStorage {
  return reports.crmStateStore === 'file' ? new CrmStateStore(reports.crmStateFile) : new TemporalCrmState(client, taskQueue);
}
