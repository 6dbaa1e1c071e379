// crmLastKnownState: the CRM's last-known view of every customer, kept in Temporal itself so every webhook and every
// worker, on any host, sees the same state (no file on one host's disk). One long-lived entity workflow (ID
// `crm-state`): the webhook records each customer.details_changed event with an update (started on first use by
// update-with-start), the drift check reads everything with a query. The rules (duplicate, stale) are
// domain/crm-state.ts. It continues as new when Temporal suggests it, so its history stays small for years.
import { allHandlersFinished, condition, continueAsNew, defineQuery, defineUpdate, setHandler, workflowInfo } from '@temporalio/workflow';
import { recordCrmEvent, sliceOf, type CrmCustomerState, type CrmStateRecords, type CrmStateSlice, type RecordOutcome } from '../../domain/crm-state.js';

export const CRM_STATE_WORKFLOW_ID = 'crm-state';

export interface CrmLastKnownStateInput {
  /** Carried over by continue-as-new; empty on the first run. */
  records?: CrmStateRecords;
  /** Updates per run before continuing as new (default 1000); small values let the replay recorder cover it. */
  updatesPerRun?: number;
}

export interface RecordCrmStateArgs {
  eventId: string;
  occurredAt: string;
  state: CrmCustomerState;
}

export const recordCrmStateUpdate = defineUpdate<RecordOutcome, [RecordCrmStateArgs]>('recordCrmState');
export const crmStateRecordsQuery = defineQuery<CrmStateRecords>('crmStateRecords');
/** Only some domains' records and the total: a drift-check page reads these instead of the whole state. */
export const crmStateSliceQuery = defineQuery<CrmStateSlice, [string[]]>('crmStateSlice');

/** Updates per run before continuing as new, whatever the server suggests: keeps replays of this run short. */
const DEFAULT_UPDATES_PER_RUN = 1_000;

export async function crmLastKnownState(input: CrmLastKnownStateInput = {}): Promise<never> {
  const records: CrmStateRecords = { ...(input.records ?? {}) };
  let updates = 0;
  setHandler(crmStateRecordsQuery, () => records);
  setHandler(crmStateSliceQuery, (domains) => sliceOf(records, domains));
  setHandler(
    recordCrmStateUpdate,
    ({ eventId, occurredAt, state }) => {
      updates += 1;
      return recordCrmEvent(records, eventId, occurredAt, state);
    },
    {
      validator: ({ eventId, occurredAt, state }) => {
        if (!eventId || Number.isNaN(Date.parse(occurredAt)) || !state?.domain) throw new Error('recordCrmState needs eventId, an ISO occurredAt and state.domain');
      },
    },
  );
  const updatesPerRun = input.updatesPerRun ?? DEFAULT_UPDATES_PER_RUN;
  await condition(() => updates >= updatesPerRun || workflowInfo().continueAsNewSuggested);
  // Updates accepted so far finish first; later ones reach the next run (the client retries them there).
  await condition(allHandlersFinished);
  return continueAsNew<typeof crmLastKnownState>({ records, ...(input.updatesPerRun ? { updatesPerRun: input.updatesPerRun } : {}) });
}
