// partnerctl decide <workflowId> extend <duration> | cancel --by <name> [--reason <text>]: a person's answer to a DNS
// wait past its deadline (the `dnsDeadlineDecision` update of onboardCustomer and changeGroupToDomain). The decision is
// checked with the workflow's own schema before anything is sent; the workflow's validator refuses one that is not
// needed now, or that comes while another decision is being applied.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { dnsDeadlineDecisionSchema } from '../domain/onboarding/dns-wait-settings.js';
import { schemaProblems } from '../domain/schema.js';
import type { DnsWaitStatus } from '../workflows/onboarding/dns-wait.js';
import { report, type CommandContext } from './context.js';
import { CommandFailed, UsageError } from './io.js';

export const DECIDE_USAGE = 'usage: partnerctl decide <workflowId> extend <duration> | cancel --by <name> [--reason <text>]';

export interface DecideArgs {
  workflowId: string | undefined;
  action: string | undefined;
  extendBy: string | undefined;
  by: string | undefined;
  reason: string | undefined;
}

/** A decision checked with the workflow's schema, for the workflow it goes to. */
export interface CheckedDecision {
  workflowId: string;
  decision: Record<string, unknown>;
}

/** The decision as the update takes it, or every problem with what was given (exit 2, nothing sent). */
export function decisionFrom(args: DecideArgs): CheckedDecision {
  if (!args.workflowId || !args.action) throw new UsageError(DECIDE_USAGE);
  if (args.action !== 'extend' && args.action !== 'cancel') throw new UsageError(`decide takes extend <duration> or cancel, not ${args.action}`, [DECIDE_USAGE]);
  const decision: Record<string, unknown> = {
    action: args.action,
    ...(args.by === undefined ? {} : { decidedBy: args.by }),
    ...(args.reason === undefined ? {} : { reason: args.reason }),
    ...(args.action === 'extend' && args.extendBy !== undefined ? { extendBy: args.extendBy } : {}),
  };
  if (args.action === 'cancel' && args.extendBy !== undefined) throw new UsageError(`cancel takes no duration (got ${args.extendBy})`, [DECIDE_USAGE]);
  const problems = schemaProblems(dnsDeadlineDecisionSchema, decision).map((p) => p.replace(/^decidedBy\b/, '--by (decidedBy)').replace(/^extendBy\b/, 'the duration (extendBy)').replace(/^reason\b/, '--reason'));
  if (problems.length > 0) throw new UsageError('the decision is not valid', problems);
  return { workflowId: args.workflowId, decision };
}

/** Sends a decision checked by decisionFrom (before connecting, so bad usage fails fast). */
export async function decideCommand(ctx: CommandContext, { workflowId, decision }: CheckedDecision): Promise<void> {
  let status: DnsWaitStatus;
  try {
    status = await ctx.client.workflow.getHandle(workflowId).executeUpdate<DnsWaitStatus, [unknown]>('dnsDeadlineDecision', { args: [decision] });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) throw new CommandFailed(`decision refused: ${err.cause?.message ?? err.message}`);
    if (err instanceof WorkflowNotFoundError) throw new CommandFailed(`${workflowId} is no longer running; nothing to decide`);
    throw err;
  }
  report(ctx, { workflowId, decision, dns: status }, () =>
    decision.action === 'extend' ? [`extended the DNS wait of ${workflowId} until ${status.deadline}`] : [`cancelled ${workflowId} at its DNS deadline`],
  );
}
