// Finds an earlier, completed run of the calling workflow's business ID. A repeated request (same business ID) started
// with Temporal's default ID reuse policy, e.g. by hand from the Web UI, starts a new run; workflows whose writes add
// rather than set call this first and answer with the earlier result instead of applying the change again.
import { Context } from '@temporalio/activity';

export interface EarlierRun<T = unknown> {
  runId: string;
  result: T;
}

/** Visibility query string literal: single quotes and backslashes escaped. */
function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const UNIMPLEMENTED = 12;

function grpcCode(err: unknown): number | undefined {
  const withCode = err as { code?: unknown; cause?: { code?: unknown } };
  const code = typeof withCode.code === 'number' ? withCode.code : withCode.cause?.code;
  return typeof code === 'number' ? code : undefined;
}

export function createEarlierRunActivities() {
  return {
    /** Is this run still open? (The customer-change lock frees the turn of a holder that ended without releasing it.) */
    async workflowRunIsOpen(workflowId: string, runId: string): Promise<boolean> {
      const { client } = Context.current();
      try {
        return (await client.workflow.getHandle(workflowId, runId).describe()).status.name === 'RUNNING';
      } catch (err) {
        if ((err as { name?: string }).name === 'WorkflowNotFoundError') return false;
        throw err;
      }
    },

    async earlierCompletedRun(): Promise<EarlierRun | undefined> {
      const context = Context.current();
      const execution = context.info.workflowExecution;
      if (!execution) return undefined; // a standalone activity has no workflow to repeat
      const { workflowId, runId } = execution;
      const query = `WorkflowId = ${literal(workflowId)} AND ExecutionStatus = 'Completed'`;
      try {
        for await (const earlier of context.client.workflow.list({ query })) {
          if (earlier.runId === runId) continue;
          const result = await context.client.workflow.getHandle(workflowId, earlier.runId).result();
          return { runId: earlier.runId, result };
        }
      } catch (err) {
        // Servers without visibility (Temporal's time-skipping test server) cannot answer; starters' REJECT_DUPLICATE
        // policy is then the only guard.
        if (grpcCode(err) === UNIMPLEMENTED) {
          context.log.warn('this Temporal server cannot list workflows; an earlier run of this request cannot be looked up', { workflowId });
          return undefined;
        }
        throw err;
      }
      return undefined;
    },
  };
}
