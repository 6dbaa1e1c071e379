// What every partnerctl command gets: a connected client, the task queue and the output.
import type { Client } from '@temporalio/client';
import type { CliIo } from './io.js';

export interface CommandContext {
  client: Client;
  taskQueue: string;
  io: CliIo;
  /** Print one JSON document on stdout instead of text. */
  json: boolean;
}

/** Prints `value` as JSON (with --json) or as the given text lines. */
export function report(ctx: CommandContext, value: unknown, lines: () => string[]): void {
  if (ctx.json) ctx.io.out(JSON.stringify(value, null, 2));
  else for (const line of lines()) ctx.io.out(line);
}
