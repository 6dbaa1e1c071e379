// partnerctl signal <id> <name> [json] and partnerctl approve <id> --approver --reason (the workflow's approval
// update, found through the catalog by the workflow's type).
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { report, type CommandContext } from './context.js';
import { CommandFailed, formatFields, UsageError } from './io.js';
import { findCatalogEntry, WORKFLOW_CATALOG } from '../workflows/catalog.js';

async function describeOrFail(ctx: CommandContext, workflowId: string) {
  try {
    return await ctx.client.workflow.getHandle(workflowId).describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new CommandFailed(`no workflow ${workflowId}`);
    throw err;
  }
}

export async function signalCommand(ctx: CommandContext, workflowId: string | undefined, signalName: string | undefined, json: string | undefined): Promise<void> {
  if (!workflowId || !signalName) throw new UsageError('usage: partnerctl signal <workflowId> <signalName> [json]');
  let args: unknown[] = [];
  if (json !== undefined) {
    try {
      const value = JSON.parse(json) as unknown;
      args = Array.isArray(value) ? value : [value];
    } catch (err) {
      throw new UsageError(`signal argument is not valid JSON: ${(err as Error).message}`);
    }
  }
  try {
    await ctx.client.workflow.getHandle(workflowId).signal(signalName, ...args);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new CommandFailed(`no running workflow ${workflowId}`);
    throw err;
  }
  report(ctx, { workflowId, signal: signalName, args }, () => [`sent ${signalName} to ${workflowId}`]);
}

export async function approveCommand(ctx: CommandContext, workflowId: string | undefined, approver: string | undefined, reason: string | undefined): Promise<void> {
  if (!workflowId) throw new UsageError('usage: partnerctl approve <workflowId> --approver <name> --reason <text>');
  const problems = [!approver?.trim() && '--approver is required', !reason?.trim() && '--reason is required'].filter((p): p is string => Boolean(p));
  if (problems.length > 0) throw new UsageError('approve needs who approves and why', problems);
  const description = await describeOrFail(ctx, workflowId);
  const approval = findCatalogEntry(description.type)?.approval;
  if (!approval) {
    const approvable = WORKFLOW_CATALOG.filter((e) => e.approval).map((e) => e.type);
    throw new UsageError(`${workflowId} is a ${description.type} workflow, which takes no approval${approvable.length ? ` (approvals: ${approvable.join(', ')})` : ''}`);
  }
  let result: unknown;
  try {
    const args = approval.args(approver as string, reason as string);
    result = await ctx.client.workflow.getHandle(workflowId).executeUpdate<unknown, [unknown, ...unknown[]]>(approval.update, { args });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) throw new CommandFailed(`approval refused: ${err.cause?.message ?? err.message}`);
    if (err instanceof WorkflowNotFoundError) throw new CommandFailed(`${workflowId} is no longer running; nothing to approve`);
    throw err;
  }
  report(ctx, { workflowId, update: approval.update, result }, () => [`approved ${workflowId} (${approval.update})`, ...formatFields(result ?? {}, '  ')]);
}
