// --wait: follows a workflow to its end, printing each new step of its status query on stderr, and returns the
// result. Bounded by --timeout (seconds) so scripts never hang.
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { CatalogEntry } from '../workflows/catalog.js';
import type { CommandContext } from './context.js';
import { CommandFailed } from './io.js';

const POLL_MS = 1_000;

/** The status query's answer, or undefined when no worker answers within a few seconds. */
export async function queryStatus(ctx: CommandContext, handle: WorkflowHandle, entry: CatalogEntry | undefined): Promise<unknown> {
  if (!entry?.statusQuery) return undefined;
  const name = entry.statusQuery;
  try {
    return await ctx.client.withDeadline(Date.now() + 5_000, () => handle.query(name));
  } catch {
    return undefined;
  }
}

export async function waitForResult(ctx: CommandContext, handle: WorkflowHandle, entry: CatalogEntry | undefined, timeoutSeconds: number): Promise<unknown> {
  const started = Date.now();
  let settled: { ok: true; value: unknown } | { ok: false; error: unknown } | undefined;
  const result = handle.result().then(
    (value) => (settled = { ok: true, value }),
    (error: unknown) => (settled = { ok: false, error }),
  );
  let lastStep: string | undefined;
  while (!settled) {
    const status = (await queryStatus(ctx, handle, entry)) as { step?: string; waitingFor?: string } | undefined;
    if (status?.step && status.step !== lastStep) {
      lastStep = status.step;
      const seconds = Math.round((Date.now() - started) / 1000);
      ctx.io.err(`[${seconds}s] ${handle.workflowId}: ${status.step}${status.waitingFor ? ` (waiting for ${status.waitingFor})` : ''}`);
    }
    if (Date.now() - started > timeoutSeconds * 1000) throw new CommandFailed(`${handle.workflowId} is still running after ${timeoutSeconds}s (it goes on; check with partnerctl status)`);
    await Promise.race([result, new Promise((resolve) => setTimeout(resolve, POLL_MS))]);
  }
  const outcome = settled as { ok: true; value: unknown } | { ok: false; error: unknown };
  if (outcome.ok) return outcome.value;
  const error = outcome.error;
  if (error instanceof WorkflowFailedError) throw new CommandFailed(`${handle.workflowId} failed: ${error.cause?.message ?? error.message}`);
  throw error;
}
