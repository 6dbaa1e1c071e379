// partnerctl start <workflow> and partnerctl preview <workflow>: validate the input with the workflow's own
// rules (exit 2 naming the fields), start under the business ID (a running one is reused), optionally wait.
import { WorkflowExecutionAlreadyStartedError, type WorkflowHandle } from '@temporalio/client';
import { InvalidInputError } from '../domain/input-validation.js';
import { report, type CommandContext } from './context.js';
import { CommandFailed, formatFields, UsageError } from './io.js';
import { outcomeLines } from './next-steps.js';
import { StoppedFollowing, waitForResult } from './wait.js';
import { findCatalogEntry, WORKFLOW_CATALOG, type CatalogEntry } from '../workflows/catalog.js';

export function catalogEntryOrUsage(type: string | undefined): CatalogEntry {
  const known = WORKFLOW_CATALOG.map((e) => e.type).join(', ');
  if (!type) throw new UsageError(`name the workflow: one of ${known}`);
  const entry = findCatalogEntry(type);
  if (!entry) throw new UsageError(`unknown workflow ${type}: one of ${known}`);
  return entry;
}

function validated(entry: CatalogEntry, raw: unknown): unknown {
  try {
    return entry.parseInput(raw);
  } catch (err) {
    if (err instanceof InvalidInputError) throw new UsageError(`${entry.type} not started: invalid input`, err.problems);
    throw err;
  }
}

export async function startCommand(ctx: CommandContext, options: { workflow?: string; raw: unknown; wait: boolean; timeoutSeconds: number; preview?: boolean }): Promise<void> {
  const entry = catalogEntryOrUsage(options.workflow);
  let input = validated(entry, options.raw);
  if (options.preview) {
    if (!entry.toPreviewInput) {
      const previewable = WORKFLOW_CATALOG.filter((e) => e.toPreviewInput).map((e) => e.type);
      throw new UsageError(`${entry.type} has no dry-run mode${previewable.length ? `; preview works for ${previewable.join(', ')}` : ''}`);
    }
    input = validated(entry, entry.toPreviewInput(input));
  }
  const workflowId = entry.workflowId(input, Date.now());
  let handle: WorkflowHandle;
  let started: { workflowId: string; runId?: string; type: string; existing?: true };
  try {
    const fresh = await ctx.client.workflow.start(entry.type, {
      taskQueue: ctx.taskQueue,
      workflowId,
      args: [input],
      // A running workflow with this business ID is reused (exclusive ones refuse instead); a completed one is
      // re-run only if the catalog allows it.
      workflowIdConflictPolicy: entry.exclusive ? 'FAIL' : 'USE_EXISTING',
      workflowIdReusePolicy: entry.reusePolicy ?? 'ALLOW_DUPLICATE',
    });
    handle = fresh;
    started = { workflowId, runId: fresh.firstExecutionRunId, type: entry.type };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    if (entry.exclusive && (await ctx.client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING') {
      throw new CommandFailed(`${workflowId} is already running another request; wait for it (partnerctl status ${workflowId}) and start again`);
    }
    // REJECT_DUPLICATE: this request was already carried out; its workflow (and result) is the answer.
    handle = ctx.client.workflow.getHandle(workflowId);
    started = { workflowId, type: entry.type, existing: true };
  }
  if (!options.wait && !options.preview) {
    report(ctx, started, () => [started.existing ? `already done: ${entry.type} workflow ${workflowId} (request IDs are used once)` : `started ${entry.type}: workflow ${workflowId} (run ${started.runId})`]);
    return;
  }
  if (!ctx.json) ctx.io.err(`${options.preview ? 'previewing' : started.existing ? 'already done' : 'started'} ${entry.type}: workflow ${workflowId}`);
  let result: unknown;
  try {
    result = await waitForResult(ctx, handle, entry, options.timeoutSeconds);
  } catch (err) {
    if (!(err instanceof StoppedFollowing)) throw err;
    report(ctx, { ...started, following: 'stopped' }, () => [err.message]);
    return;
  }
  if (!ctx.json) for (const line of outcomeLines(handle.workflowId, result, ctx.nextSteps ?? {})) ctx.io.err(line);
  report(ctx, { ...started, result }, () => ['result:', ...formatFields(result, '  ')]);
}
