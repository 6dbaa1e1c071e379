// partnerctl status <workflowId> and partnerctl list: what a workflow is doing (from its status query) and which
// workflows match the partner search attributes.
import { WorkflowNotFoundError, type WorkflowExecutionInfo } from '@temporalio/client';
import { CUSTOMER_DOMAIN, DOMAIN_ID, PARTNER_OPERATION, PARTNER_STATE } from '../workflows/search-attributes.js';
import { report, type CommandContext } from './context.js';
import { CommandFailed, formatFields, UsageError } from './io.js';
import { queryStatus } from './wait.js';
import { setupPageLine, type FollowedStatus } from './next-steps.js';
import { findCatalogEntry } from '../workflows/catalog.js';

function partnerAttributes(info: Pick<WorkflowExecutionInfo, 'typedSearchAttributes'>) {
  const attrs = info.typedSearchAttributes;
  return {
    domain: attrs.get(CUSTOMER_DOMAIN),
    domainId: attrs.get(DOMAIN_ID),
    operation: attrs.get(PARTNER_OPERATION),
    state: attrs.get(PARTNER_STATE),
  };
}

export async function statusCommand(ctx: CommandContext, workflowId: string | undefined): Promise<void> {
  if (!workflowId) throw new UsageError('status needs a workflow ID, e.g. partnerctl status onboard/acme.by-works.com');
  const handle = ctx.client.workflow.getHandle(workflowId);
  let description;
  try {
    description = await handle.describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new CommandFailed(`no workflow ${workflowId}`);
    throw err;
  }
  const entry = findCatalogEntry(description.type);
  const details = await queryStatus(ctx, handle, entry);
  const summary = {
    workflowId,
    runId: description.runId,
    type: description.type,
    status: description.status.name,
    startTime: description.startTime.toISOString(),
    closeTime: description.closeTime?.toISOString(),
    ...partnerAttributes(description),
    details,
  };
  report(ctx, summary, () => {
    const { details: _details, ...head } = summary;
    const lines = formatFields(head);
    const setupPage = setupPageLine(details as FollowedStatus | undefined);
    if (setupPage) lines.push(setupPage.trim());
    if (details !== undefined) lines.push(`${entry?.statusQuery ?? 'status'}:`, ...formatFields(details, '  '));
    else if (entry?.statusQuery) lines.push(`(no answer to ${entry.statusQuery}: is a worker running?)`);
    return lines;
  });
}

/** Values go inside double quotes in the visibility query; quotes and backslashes would break out of them. */
function quoted(flag: string, value: string): string {
  if (/["\\]/.test(value)) throw new UsageError(`${flag} must not contain quotes or backslashes`);
  return `"${value}"`;
}

export function buildListQuery(filters: { domain?: string; domainId?: string; operation?: string; state?: string; running?: boolean }): string {
  const parts: string[] = [];
  if (filters.domain) parts.push(`${CUSTOMER_DOMAIN.name} = ${quoted('--domain', filters.domain)}`);
  if (filters.domainId) {
    if (!/^\d+$/.test(filters.domainId)) throw new UsageError(`--domain-id ${filters.domainId} must be a number`);
    parts.push(`${DOMAIN_ID.name} = ${filters.domainId}`);
  }
  if (filters.operation) parts.push(`${PARTNER_OPERATION.name} = ${quoted('--operation', filters.operation)}`);
  if (filters.state) parts.push(`${PARTNER_STATE.name} = ${quoted('--state', filters.state)}`);
  if (filters.running) parts.push(`ExecutionStatus = "Running"`);
  return parts.join(' AND ');
}

export async function listCommand(
  ctx: CommandContext,
  filters: { domain?: string; domainId?: string; operation?: string; state?: string; running?: boolean; limit: number },
): Promise<void> {
  const query = buildListQuery(filters);
  const rows: Array<Record<string, unknown>> = [];
  for await (const info of ctx.client.workflow.list(query ? { query } : {})) {
    rows.push({ workflowId: info.workflowId, type: info.type, status: info.status.name, startTime: info.startTime.toISOString(), ...partnerAttributes(info) });
    if (rows.length >= filters.limit) break;
  }
  report(ctx, { query, workflows: rows }, () => {
    if (rows.length === 0) return [`no workflows${query ? ` match ${query}` : ''}`];
    const columns = ['workflowId', 'type', 'status', 'state', 'domain', 'domainId', 'startTime'];
    const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
    const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
    return [line(columns), ...rows.map((r) => line(columns.map((c) => String(r[c] ?? ''))))];
  });
}
