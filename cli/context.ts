// What every partnerctl command gets: a connected client, the task queue and the output.
import type { Client } from '@temporalio/client';
import type { CliIo } from './io.js';
import type { NextStepSettings } from './next-steps.js';

export interface CommandContext {
  client: Client;
  taskQueue: string;
  io: CliIo;
  /** Print one JSON document on stdout instead of text. */
  json: boolean;
  /** Where the Web UI is and whether the simulator stands in for LINE WORKS, for "what to do next" hints. */
  nextSteps?: NextStepSettings;
  /** Aborted on Ctrl-C while following a run (--wait): stops following, never the workflow. */
  interrupt?: AbortSignal;
}

/** Prints `value` as JSON (with --json) or as the given text lines. */
export function report(ctx: CommandContext, value: unknown, lines: () => string[]): void {
  if (ctx.json) ctx.io.out(JSON.stringify(value, null, 2));
  else for (const line of lines()) ctx.io.out(line);
}
