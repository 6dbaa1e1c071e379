// Updates sent again when the server says the workflow task that carried them failed.
//
// The server answers an update with WorkflowNotReady ("Unable to perform workflow execution update due to unexpected
// workflow task failure") when the workflow task that delivered it failed on the server's side. The common case is an
// update that completes the workflow (a DNS deadline "cancel", an approval) while another event arrived during that
// task (a notification child finishing, a signal): the server refuses the completion (UNHANDLED_COMMAND), drops what
// the task did, update included, and the workflow goes on with a new task as if the update had never come. Nothing was
// applied, so a person would have to send it again; this interceptor does that for every client of the service.
// Sending again is safe: the update keeps one ID across attempts, and the server runs an update ID at most once per run.
import { randomUUID } from 'node:crypto';
import { isGrpcServiceError, ServiceError, type WorkflowClientInterceptor } from '@temporalio/client';

export interface UpdateRetryOptions {
  /** Attempts in all, the first included. Default 6. */
  attempts: number;
  /** Wait before the second attempt, doubled after each (with ±20 % jitter). Default 200 ms. */
  initialDelayMs: number;
  /** Upper bound of one wait. Default 2 s. */
  maxDelayMs: number;
}

export const UPDATE_RETRY_DEFAULTS: UpdateRetryOptions = { attempts: 6, initialDelayMs: 200, maxDelayMs: 2_000 };

/** gRPC status FAILED_PRECONDITION, the code WorkflowNotReady travels with. */
const GRPC_FAILED_PRECONDITION = 9;
/** The server's error detail type for "the workflow is not ready for this update" (google.rpc.Status details). */
const WORKFLOW_NOT_READY_DETAIL = 'temporal.api.errordetails.v1.WorkflowNotReadyFailure';

/** True when an update failed because the workflow task that carried it failed (the update was not applied). */
export function isWorkflowNotReady(err: unknown): boolean {
  const grpc = err instanceof ServiceError ? err.cause : err;
  if (!isGrpcServiceError(grpc) || grpc.code !== GRPC_FAILED_PRECONDITION) return false;
  const details = grpc.metadata?.get('grpc-status-details-bin') ?? [];
  return details.some((d) => Buffer.from(d).includes(WORKFLOW_NOT_READY_DETAIL)) || /workflow task failure/i.test(grpc.details ?? '');
}

/**
 * Runs `send` (one update, under one update ID the caller keeps across calls) and runs it again, with back-off, while
 * it fails with WorkflowNotReady; any other failure, or the last attempt's, is thrown.
 */
export async function sendAgainOnWorkflowNotReady<T>(send: () => Promise<T>, options: UpdateRetryOptions = UPDATE_RETRY_DEFAULTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      if (attempt >= options.attempts || !isWorkflowNotReady(err)) throw err;
      const delay = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, delay * (0.8 + Math.random() * 0.4)));
    }
  }
}

/**
 * The client interceptor: every `startUpdate` (and so `executeUpdate`) gets one update ID and is sent again on
 * WorkflowNotReady. Update-with-start is not covered here (its start operation settles on the first failure): its
 * callers send it again themselves with a new start operation (lib/crm-state-temporal.ts).
 */
export function updateRetryInterceptor(options: UpdateRetryOptions = UPDATE_RETRY_DEFAULTS): WorkflowClientInterceptor {
  return {
    async startUpdate(input, next) {
      const sent = { ...input, options: { ...input.options, updateId: input.options.updateId ?? randomUUID() } };
      return sendAgainOnWorkflowNotReady(() => next(sent), options);
    },
  };
}
