// The Temporal calls the webhook makes, each idempotent for a repeated delivery of the same event:
// starts use the business workflow ID (a running one is reused, a completed one is not started again) and
// signals carry a request ID derived from the event ID, which the server de-duplicates per workflow.
import { createHash } from 'node:crypto';
import { isGrpcServiceError, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';

/** gRPC status NOT_FOUND: the workflow does not exist or is closed. */
const GRPC_NOT_FOUND = 5;

export interface DispatchResult {
  /** The workflow started or signalled; absent for events that only record state. */
  workflowId?: string;
  runId?: string;
  /** started | existing (already running or already completed) | signalled | recorded */
  outcome: 'started' | 'existing' | 'signalled' | 'recorded' | 'duplicate' | 'stale';
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

/**
 * Starts the workflow unless one with this ID is running (USE_EXISTING) or has completed successfully
 * (ALLOW_DUPLICATE_FAILED_ONLY): a CRM re-sending a handled event must not redo the work. A failed or
 * terminated run may be started again by a new event, unless the workflow uses REJECT_DUPLICATE (request IDs).
 */
export async function startOnce(
  client: Client,
  options: { workflowType: string; workflowId: string; taskQueue: string; input: unknown; reusePolicy?: 'ALLOW_DUPLICATE_FAILED_ONLY' | 'REJECT_DUPLICATE' },
): Promise<DispatchResult> {
  try {
    const handle = await client.workflow.start(options.workflowType, {
      taskQueue: options.taskQueue,
      workflowId: options.workflowId,
      args: [options.input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: options.reusePolicy ?? 'ALLOW_DUPLICATE_FAILED_ONLY',
    });
    return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId, outcome: 'started' };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId: options.workflowId, outcome: 'existing' };
    throw err;
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
