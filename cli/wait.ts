// --wait: follows a run to its end. One line per step change with the elapsed time (on a terminal, a progress line
// that updates in place in between; plain lines when piped), what to do next when the run waits for a person (the
// DNS records to publish), then the outcome. Bounded by --timeout (seconds) so scripts never hang. Interrupting
// (Ctrl-C) stops following, never the workflow: nothing here cancels or terminates it.
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import type { CatalogEntry } from '../workflows/catalog.js';
import type { CommandContext } from './context.js';
import { CommandFailed } from './io.js';
import { dnsMissing, dnsToPublish, setupPageLine, type FollowedStatus } from './next-steps.js';

const POLL_MS = 1_000;
/** The DNS wait's phases after the records were seen, each worth its own line. */
const DNS_PHASES: Partial<Record<string, string>> = {
  GRACE: 'the records are on every authoritative server; activation follows after the grace period',
  ACTIVATING: 'activating the domain at LINE WORKS',
  DEADLINE_REACHED: 'the deadline passed; decide with the dnsDeadlineDecision update (extend or cancel)',
};
const SPINNER = ['|', '/', '-', '\\'];

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

/** Thrown when following was interrupted (Ctrl-C); the workflow goes on. */
export class StoppedFollowing extends Error {
  constructor(readonly workflowId: string) {
    super(`stopped following ${workflowId}; the workflow goes on (partnerctl status ${workflowId})`);
    this.name = 'StoppedFollowing';
  }
}

const elapsed = (started: number) => {
  const seconds = Math.round((Date.now() - started) / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
};

export async function waitForResult(ctx: CommandContext, handle: WorkflowHandle, entry: CatalogEntry | undefined, timeoutSeconds: number): Promise<unknown> {
  const started = Date.now();
  const interrupt = ctx.interrupt;
  let settled: { ok: true; value: unknown } | { ok: false; error: unknown } | undefined;
  const result = handle.result().then(
    (value) => (settled = { ok: true, value }),
    (error: unknown) => (settled = { ok: false, error }),
  );
  const stopped = new Promise<void>((resolve) => interrupt?.addEventListener('abort', () => resolve(), { once: true }));
  let lastLine: string | undefined;
  let lastMissing: string | undefined;
  let toldDns = false;
  let toldSetupPage: string | undefined;
  let tick = 0;
  const line = (text: string) => {
    ctx.io.progress?.('');
    ctx.io.err(text);
  };
  while (!settled) {
    if (interrupt?.aborted) {
      ctx.io.progress?.('');
      throw new StoppedFollowing(handle.workflowId);
    }
    const status = (await queryStatus(ctx, handle, entry)) as FollowedStatus | undefined;
    if (status?.step) {
      const dnsPhase = status.dns ? DNS_PHASES[status.dns.state] : undefined;
      const text = `${status.step}${dnsPhase ? ` (DNS ${status.dns!.state}: ${dnsPhase})` : status.waitingFor ? ` (waiting for ${status.waitingFor})` : ''}`;
      if (text !== lastLine) {
        lastLine = text;
        line(`[${elapsed(started)}] ${handle.workflowId}: ${text}`);
      }
      if (status.dns?.state === 'WAITING' && !toldDns) {
        toldDns = true;
        for (const hint of dnsToPublish(handle.workflowId, status, ctx.nextSteps ?? {})) line(hint);
      }
      const setupPage = setupPageLine(status);
      if (setupPage && setupPage !== toldSetupPage) {
        toldSetupPage = setupPage;
        line(setupPage);
      }
      const missing = dnsMissing(status);
      if (missing && missing.replace(/^check \d+: /, '') !== lastMissing) {
        lastMissing = missing.replace(/^check \d+: /, '');
        line(`[${elapsed(started)}] ${handle.workflowId}: ${missing}`);
      }
      ctx.io.progress?.(`${SPINNER[tick++ % SPINNER.length]} ${elapsed(started)} ${handle.workflowId}: ${status.step}${status.dns ? `, DNS checks ${status.dns.checks}` : ''}  (Ctrl-C stops following, not the workflow)`);
    }
    if (Date.now() - started > timeoutSeconds * 1000) {
      ctx.io.progress?.('');
      throw new CommandFailed(`${handle.workflowId} is still running after ${timeoutSeconds}s (it goes on; check with partnerctl status)`);
    }
    await Promise.race([result, stopped, new Promise((resolve) => setTimeout(resolve, POLL_MS))]);
  }
  ctx.io.progress?.('');
  const outcome = settled as { ok: true; value: unknown } | { ok: false; error: unknown };
  if (outcome.ok) return outcome.value;
  const error = outcome.error;
  if (error instanceof WorkflowFailedError) throw new CommandFailed(`${handle.workflowId} failed: ${error.cause?.message ?? error.message}`);
  throw error;
}
