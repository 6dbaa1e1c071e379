#!/usr/bin/env -S npx --no-install tsx
// partnerctl: operate the partner workflows from a shell or a script.
//   partnerctl start <workflow> [--input file.json] [--data '<json>'] [--set key=value ...] [--wait] [--timeout s]
//   partnerctl preview <workflow> [input flags]       dry run (workflows with a preview mode)
//   partnerctl status <workflowId>
//   partnerctl list [--domain d] [--domain-id n] [--operation op] [--state s] [--running] [--limit n]
//   partnerctl signal <workflowId> <signalName> [json]
//   partnerctl approve <workflowId> --approver <name> --reason <text>
//   partnerctl decide <workflowId> extend <duration> | cancel --by <name> [--reason <text>]   at a DNS deadline
//   partnerctl calendar [--domain-id n] [--limit n]
//   partnerctl workflows                               the workflows this tool can start
//   partnerctl get subscription|option-order ...     reads from the Partner API (cli/get.ts)
//   partnerctl sim clock|dns|seed|faults|journal|reset the simulator's controls (cli/sim.ts)
// Global: --json (one JSON document on stdout), TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TEMPORAL_TASK_QUEUE from env.
// Exit codes: 0 ok, 1 failure, 2 bad usage or input (docs/cli.md).
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { ConfigError, hasCredentials, loadConfig, type ServiceConfig } from '../config/env.js';
import { connectClient } from '../lib/temporal-client.js';
import { calendarCommand } from './calendar.js';
import { decideCommand, decisionFrom } from './decide.js';
import type { CommandContext } from './context.js';
import { readInput } from './input.js';
import { approveCommand, signalCommand } from './interact.js';
import { listCommand, statusCommand } from './inspect.js';
import { CommandFailed, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, processIo, UsageError, type CliIo } from './io.js';
import { startCommand } from './start.js';
import type { NextStepSettings } from './next-steps.js';
import { simCommand, SIM_USAGE } from './sim.js';
import { getCommand, GET_USAGE } from './get.js';
import type { PartnerApiClient } from '../partner-api/client.js';
import { partnerClientFromConfig } from '../partner-api/from-config.js';
import { partnerApiBaseUrl } from '../workers/service-worker.js';
import { SimulatorControl, simulatorUrl } from './sim-control.js';
import { WORKFLOW_CATALOG } from '../workflows/catalog.js';

const USAGE = `usage: partnerctl <command> [options]
commands:
  start <workflow> [--input file.json] [--data json] [--set key=value ...] [--wait] [--timeout seconds]
  preview <workflow> [--input file.json] [--data json] [--set key=value ...] [--timeout seconds]
  status <workflowId>
  list [--domain d] [--domain-id n] [--operation op] [--state s] [--running] [--limit n]
  signal <workflowId> <signalName> [json]
  approve <workflowId> --approver <name> --reason <text>
  decide <workflowId> extend <duration> | cancel --by <name> [--reason <text>]
  calendar [--domain-id n] [--limit n]
  workflows
${GET_USAGE}
${SIM_USAGE}
options: --json (machine-readable output), --simulator <url> (sim commands; default SIMULATOR_HOST:SIMULATOR_PORT), --help`;

const OPTIONS = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  input: { type: 'string' },
  data: { type: 'string' },
  set: { type: 'string', multiple: true },
  wait: { type: 'boolean', default: false },
  timeout: { type: 'string', default: '3600' },
  domain: { type: 'string' },
  'domain-id': { type: 'string' },
  operation: { type: 'string' },
  state: { type: 'string' },
  running: { type: 'boolean', default: false },
  limit: { type: 'string', default: '50' },
  approver: { type: 'string' },
  by: { type: 'string' },
  reason: { type: 'string' },
  only: { type: 'string' },
  wrong: { type: 'string' },
  count: { type: 'string' },
  simulator: { type: 'string' },
} as const;

export interface MainDeps {
  /** A connected client (tests); default: connect from the environment (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE). */
  client?: Client;
  taskQueue?: string;
  /** The simulator for `sim` commands (tests); default --simulator or SIMULATOR_HOST/SIMULATOR_PORT. */
  simulatorUrl?: string;
  /** Web UI and simulator hints while following a run (tests); default from the environment's configuration. */
  nextSteps?: NextStepSettings;
  /** Stops following a run (tests); default: Ctrl-C (SIGINT) while following. */
  interrupt?: AbortSignal;
  /** The Partner API for `get` (tests); default: LINE WORKS with credentials, else the simulator. */
  partnerApi?: PartnerApiClient;
}

/** The Partner API the worker would call: LINE WORKS with credentials (or LINEWORKS_API_BASE_URL), else the simulator. */
function partnerApiFrom(config: ServiceConfig, simulatorFlag: string | undefined): PartnerApiClient {
  const baseUrl = partnerApiBaseUrl(config) ?? `${simulatorUrl(simulatorFlag, config.simulator)}/v1.0`;
  return partnerClientFromConfig(config, baseUrl);
}

/** The Web UI of the embedded dev server, and whether the simulator stands in for LINE WORKS (no credentials). */
function nextStepsFrom(config: ServiceConfig): NextStepSettings {
  return {
    ...(config.temporal.address ? {} : { uiUrl: `http://localhost:${config.temporal.uiPort}` }),
    namespace: config.temporal.namespace,
    simulated: !config.partnerApi.baseUrl && !hasCredentials(config.partnerApi.credentials),
  };
}

function positiveNumber(flag: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`--${flag} ${raw} must be a positive whole number`);
  return value;
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Runs one command; resolves with the exit code. Never calls process.exit, so tests can call it in-process. */
export async function main(argv: string[], io: CliIo = processIo, deps: MainDeps = {}): Promise<number> {
  let json = argv.includes('--json');
  let close: (() => Promise<void>) | undefined;
  let stopListening: (() => void) | undefined;
  try {
    const { values, positionals } = parse(argv);
    json = values.json;
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      io.out(USAGE);
      return values.help ? EXIT_OK : EXIT_USAGE;
    }
    if (command === 'workflows') {
      const rows = WORKFLOW_CATALOG.map((e) => ({ type: e.type, workflowId: e.workflowIdPattern, summary: e.summary }));
      io.out(json ? JSON.stringify({ workflows: rows }, null, 2) : rows.map((r) => `${r.type.padEnd(20)} ${r.workflowId.padEnd(28)} ${r.summary}`).join('\n'));
      return EXIT_OK;
    }
    if (command === 'sim') {
      const limit = positiveNumber('limit', values.limit);
      const url = values.simulator || deps.simulatorUrl ? simulatorUrl(values.simulator ?? deps.simulatorUrl, { host: '', port: 0 }) : simulatorUrl(undefined, loadConfig().simulator);
      await simCommand({ control: new SimulatorControl(url), io, json }, rest, { only: values.only, wrong: values.wrong, count: values.count, operation: values.operation, limit });
      return EXIT_OK;
    }
    if (command === 'get') {
      const api = deps.partnerApi ?? partnerApiFrom(loadConfig(), values.simulator);
      await getCommand({ api, io, json }, rest);
      return EXIT_OK;
    }
    const known = ['start', 'preview', 'status', 'list', 'signal', 'approve', 'decide', 'calendar'];
    if (!known.includes(command)) throw new UsageError(`unknown command ${command}`);
    // Check everything that needs no server before connecting, so bad usage fails fast with exit 2.
    const raw = command === 'start' || command === 'preview' ? readInput({ input: values.input, data: values.data, set: values.set }) : undefined;
    const decision = command === 'decide' ? decisionFrom({ workflowId: rest[0], action: rest[1], extendBy: rest[2], by: values.by, reason: values.reason }) : undefined;
    const timeoutSeconds = positiveNumber('timeout', values.timeout);
    const limit = positiveNumber('limit', values.limit);

    let client = deps.client;
    let taskQueue = deps.taskQueue;
    let nextSteps = deps.nextSteps;
    if (!client || !taskQueue || !nextSteps) {
      const config = loadConfig();
      taskQueue ??= config.temporal.taskQueue;
      nextSteps ??= nextStepsFrom(config);
      if (!client) {
        const connected = await connectClient(config);
        client = connected.client;
        close = connected.close;
      }
    }
    // Ctrl-C while following a run stops following; the workflow goes on (it runs on the server, not here).
    let interrupt = deps.interrupt;
    if (!interrupt && values.wait) {
      const controller = new AbortController();
      const onInterrupt = () => controller.abort();
      process.once('SIGINT', onInterrupt);
      stopListening = () => process.off('SIGINT', onInterrupt);
      interrupt = controller.signal;
    }
    const ctx: CommandContext = { client, taskQueue, io, json, nextSteps, ...(interrupt ? { interrupt } : {}) };
    switch (command) {
      case 'start':
      case 'preview':
        await startCommand(ctx, { workflow: rest[0], raw, wait: values.wait, timeoutSeconds, preview: command === 'preview' });
        break;
      case 'status':
        await statusCommand(ctx, rest[0]);
        break;
      case 'list':
        await listCommand(ctx, { domain: values.domain, domainId: values['domain-id'], operation: values.operation, state: values.state, running: values.running, limit });
        break;
      case 'signal':
        await signalCommand(ctx, rest[0], rest[1], rest[2]);
        break;
      case 'approve':
        await approveCommand(ctx, rest[0], values.approver, values.reason);
        break;
      case 'decide':
        await decideCommand(ctx, decision!);
        break;
      case 'calendar': {
        const domainId = values['domain-id'];
        if (domainId !== undefined && !/^\d+$/.test(domainId)) throw new UsageError(`--domain-id ${domainId} must be a number`);
        await calendarCommand(ctx, { limit, timeoutSeconds: Math.min(timeoutSeconds, 300), ...(domainId ? { domainIds: [Number(domainId)] } : {}) });
        break;
      }
        break;
    }
    return EXIT_OK;
  } catch (err) {
    const usage = err instanceof UsageError || err instanceof ConfigError;
    const problems = err instanceof UsageError ? err.problems : [];
    const message = err instanceof Error ? err.message : String(err);
    if (json) io.out(JSON.stringify({ error: message, problems }, null, 2));
    else io.err([`partnerctl: ${message}`, ...problems.map((p) => `  - ${p}`), ...(err instanceof UsageError && !problems.length ? ['run partnerctl --help for usage'] : [])].join('\n'));
    if (!usage && !(err instanceof CommandFailed) && !json) io.err('(is the Temporal server reachable? TEMPORAL_ADDRESS)');
    return usage ? EXIT_USAGE : EXIT_FAILURE;
  } finally {
    stopListening?.();
    await close?.();
  }
}

// Run when executed (npx tsx cli/partnerctl.ts, npm run partnerctl, or the `partnerctl` bin), not when imported.
const invoked = process.argv[1] ? realpathSync(process.argv[1]) : undefined;
if (invoked && invoked === realpathSync(fileURLToPath(import.meta.url))) {
  process.exitCode = await main(process.argv.slice(2));
}
