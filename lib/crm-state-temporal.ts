// The CRM's last-known state kept in Temporal (workflows/reports/crm-state.ts), for the webhook (records) and the
// drift check (reads) on any host: CRM_STATE_STORE=temporal, the default.
import { WithStartWorkflowOperation, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { ReportConfig } from '../config/triggers.js';
import { CrmStateStore } from '../crm/crm-state.js';
import type { CrmCustomerState, CrmStateRecords, CrmStateSlice, CrmStateStorage, RecordOutcome } from '../domain/crm-state.js';
import { CRM_STATE_WORKFLOW_ID, crmLastKnownState, crmStateRecordsQuery, crmStateSliceQuery, recordCrmStateUpdate } from '../workflows/reports/crm-state.js';

export class TemporalCrmState implements CrmStateStorage {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly workflowId = CRM_STATE_WORKFLOW_ID,
  ) {}

  /** Update-with-start: the entity is created by the first event and found by every later one. */
  async record(eventId: string, occurredAt: string, state: CrmCustomerState): Promise<RecordOutcome> {
    const startWorkflowOperation = new WithStartWorkflowOperation(crmLastKnownState, {
      workflowId: this.workflowId,
      taskQueue: this.taskQueue,
      args: [{}],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return this.client.workflow.executeUpdateWithStart(recordCrmStateUpdate, { args: [{ eventId, occurredAt, state }], startWorkflowOperation });
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
