// The Temporal calls the webhook makes, each idempotent for a repeated delivery of the same event:
// starts use the business workflow ID and record the event ID in the run's memo (a repeat finds that run, running
// or finished), signals carry a request ID derived from the event ID (the server drops a repeat), and updates use
// the event ID as their update ID (the server answers a repeat with the first result).
import { createHash } from 'node:crypto';
import { isGrpcServiceError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';

/** gRPC status NOT_FOUND: the workflow does not exist or is closed. */
const GRPC_NOT_FOUND = 5;

export interface DispatchResult {
  /** The workflow started or signalled; absent for events that only record state. */
  workflowId?: string;
  runId?: string;
  outcome: 'started' | 'existing' | 'signalled' | 'updated' | 'recorded' | 'duplicate' | 'stale';
  /** The update's answer (updates only). */
  result?: unknown;
}

export class WorkflowNotRunningError extends Error {
  constructor(readonly workflowId: string) {
    super(`no running workflow ${workflowId}`);
    this.name = 'WorkflowNotRunningError';
  }
}

/** A stable UUID-shaped request ID for an event (and purpose), so the server recognises a repeat. */
export function requestIdFor(eventId: string, purpose: string): string {
  const hex = createHash('sha256').update(`${purpose}\n${eventId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export type ReusePolicy = 'ALLOW_DUPLICATE' | 'ALLOW_DUPLICATE_FAILED_ONLY' | 'REJECT_DUPLICATE';

/** The memo key that records which CRM event started a run: how a repeated delivery recognises its own workflow. */
export const EVENT_MEMO_KEY = 'crmEventId';

/** Another request's workflow runs under this ID (exclusive workflows: one change per customer at a time). */
export class WorkflowBusyError extends Error {
  constructor(
    readonly workflowId: string,
    readonly runningEventId: string | undefined,
  ) {
    super(`${workflowId} is running for another request${runningEventId ? ` (event ${runningEventId})` : ''}; deliver this event again when it has finished`);
    this.name = 'WorkflowBusyError';
  }
}

async function latestRun(client: Client, workflowId: string): Promise<{ runId: string; running: boolean; eventId?: string } | undefined> {
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    const eventId = description.memo?.[EVENT_MEMO_KEY];
    return { runId: description.runId, running: description.status.name === 'RUNNING', ...(typeof eventId === 'string' ? { eventId } : {}) };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

export interface StartOnceOptions {
  workflowType: string;
  workflowId: string;
  taskQueue: string;
  input: unknown;
  /** The event asking for the start; recorded in the memo so a repeat finds this run, running or finished. */
  eventId: string;
  /** Default ALLOW_DUPLICATE_FAILED_ONLY: a completed run is not redone, a failed one may be. */
  reusePolicy?: ReusePolicy;
  /**
   * One request at a time per business ID (e.g. a customer's user cap): a different event while a run is going is
   * refused (WorkflowBusyError → 409) instead of being folded into a run that does something else.
   * Otherwise a running workflow with the ID is the answer (USE_EXISTING): the same intent, e.g. onboarding a domain.
   */
  exclusive?: boolean;
}

/** Starts the workflow for an event once: repeats of the event find the run it started, running or finished. */
export async function startOnce(client: Client, options: StartOnceOptions): Promise<DispatchResult> {
  const before = await latestRun(client, options.workflowId);
  if (before?.eventId === options.eventId) return { workflowId: options.workflowId, runId: before.runId, outcome: 'existing' };
  try {
    const handle = await client.workflow.start(options.workflowType, {
      taskQueue: options.taskQueue,
      workflowId: options.workflowId,
      args: [options.input],
      workflowIdConflictPolicy: options.exclusive ? 'FAIL' : 'USE_EXISTING',
      workflowIdReusePolicy: options.reusePolicy ?? 'ALLOW_DUPLICATE_FAILED_ONLY',
      memo: { [EVENT_MEMO_KEY]: options.eventId },
    });
    // With USE_EXISTING the answer may be the run that was already going: report it as existing.
    const reused = before?.running === true && before.runId === handle.firstExecutionRunId;
    return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId, outcome: reused ? 'existing' : 'started' };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    // Lost a race with a repeat of this event, or the ID is taken: running (exclusive) or done (reuse policy).
    const current = await latestRun(client, options.workflowId);
    if (current?.eventId === options.eventId || !current?.running) return { workflowId: options.workflowId, ...(current ? { runId: current.runId } : {}), outcome: 'existing' };
    throw new WorkflowBusyError(options.workflowId, current.eventId);
  }
}

/** Signals the running workflow once per event: the server drops a signal whose request ID it has already seen. */
export async function signalOnce(
  client: Client,
  options: { workflowId: string; signalName: string; args: unknown[]; requestId: string },
): Promise<DispatchResult> {
  const { payloadConverter, payloadCodecs } = client.options.loadedDataConverter;
  let payloads = options.args.map((arg) => payloadConverter.toPayload(arg));
  for (const codec of payloadCodecs) payloads = await codec.encode(payloads);
  try {
    await client.workflowService.signalWorkflowExecution({
      namespace: client.options.namespace,
      workflowExecution: { workflowId: options.workflowId },
      signalName: options.signalName,
      input: { payloads },
      identity: client.options.identity,
      requestId: options.requestId,
    });
  } catch (err) {
    if (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND) throw new WorkflowNotRunningError(options.workflowId);
    throw err;
  }
  return { workflowId: options.workflowId, outcome: 'signalled' };
}

/** The workflow refused the update (its validator or handler said no); the message says why. */
export class UpdateRejectedError extends Error {
  constructor(
    readonly workflowId: string,
    message: string,
  ) {
    super(message);
    this.name = 'UpdateRejectedError';
  }
}

/** Runs an update once per event: the event ID is the update ID, and the server answers a repeat with the first result. */
export async function updateOnce(client: Client, options: { workflowId: string; updateName: string; args: [unknown, ...unknown[]]; updateId: string }): Promise<DispatchResult> {
  try {
    const result = await client.workflow.getHandle(options.workflowId).executeUpdate<unknown, [unknown, ...unknown[]]>(options.updateName, { args: options.args, updateId: options.updateId });
    return { workflowId: options.workflowId, outcome: 'updated', result };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new WorkflowNotRunningError(options.workflowId);
    if (err instanceof WorkflowUpdateFailedError) throw new UpdateRejectedError(options.workflowId, err.cause?.message ?? err.message);
    throw err;
  }
}
