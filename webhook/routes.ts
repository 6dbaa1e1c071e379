// How a CRM event type is checked and what it does in Temporal. An EventRoute is built with startRoute (start the
// workflow under its business ID), signalRoute (signal the running workflow), updateRoute (run an update on it) or
// startThenSignalRoute. Every route checks an event completely before anything happens: its data schema, secret-
// looking fields, and the workflow input the data maps to (the catalog's own validation, workflows/catalog.ts), so
// a refused event starts nothing and records nothing. Every route is idempotent per event ID (webhook/temporal-ops.ts).
import type { Client } from '@temporalio/client';
import { findCatalogEntry, type CatalogEntry } from '../workflows/catalog.js';
import { InvalidInputError, type Problems } from '../domain/input-validation.js';
import { schemaProblems, type z } from '../domain/schema.js';
import type { CrmStateStorage } from '../crm/crm-state.js';
import type { CrmEvent } from './envelope.js';
import { secretFieldProblems } from './event-fields.js';
import { requestIdFor, signalOnce, startOnce, updateOnce, type DispatchResult } from './temporal-ops.js';

export interface EventContext {
  client: Client;
  taskQueue: string;
  crmState: CrmStateStorage;
}

export type Data = Record<string, unknown>;

export interface EventRoute {
  type: string;
  description: string;
  /** Schema of `data` (docs/webhook.md shows it; the workflow input it maps to is checked as well). */
  dataSchema: z.ZodType;
  /** Every problem of the event, each naming its field as `data.<field>`; empty when the event may be handled. */
  check(event: CrmEvent): Problems;
  /** Runs only after check() found nothing. */
  handle(event: CrmEvent, context: EventContext): Promise<DispatchResult>;
}

/** The field a problem names (its first word), e.g. `data.domainId` of `data.domainId is required …`. */
const fieldOf = (problem: string) => problem.split(' ')[0] ?? problem;

/** `first`, then the problems of `second` about fields `first` does not already name (one answer per field). */
export function mergeProblems(first: Problems, second: Problems): Problems {
  const named = new Set(first.map(fieldOf));
  return [...first, ...second.filter((problem) => !named.has(fieldOf(problem)))];
}

/** The data's own problems: its schema and secret-looking fields, under `data.`. */
export function dataProblems(schema: z.ZodType, data: unknown): Problems {
  return mergeProblems(secretFieldProblems(data), schemaProblems(schema, data).map((problem) => `data.${problem}`));
}

/**
 * The problems the workflow's own validation finds in the input an event maps to, named as the event's fields
 * (`toDataField` maps an input path back to the data path it came from; by default they are the same).
 */
export function inputProblems(entry: CatalogEntry, input: unknown, toDataField: (problem: string) => string = (p) => p): Problems {
  try {
    entry.parseInput(input);
    return [];
  } catch (err) {
    if (err instanceof InvalidInputError) return err.problems.map((problem) => `data.${toDataField(problem)}`);
    throw err;
  }
}

export function catalogEntry(route: string, workflowType: string): CatalogEntry {
  const entry = findCatalogEntry(workflowType);
  if (!entry) throw new Error(`webhook route ${route}: workflow ${workflowType} is not in the catalog`);
  return entry;
}

/** Starts a catalog workflow from a checked event: under its business ID, once per event. */
export async function startFromEvent(entry: CatalogEntry, rawInput: unknown, event: CrmEvent, { client, taskQueue }: EventContext): Promise<DispatchResult> {
  const input = entry.parseInput(rawInput);
  return startOnce(client, {
    workflowType: entry.type,
    workflowId: entry.workflowId(input, Date.now()),
    taskQueue,
    input,
    eventId: event.id,
    ...(entry.reusePolicy ? { reusePolicy: entry.reusePolicy } : {}),
    ...(entry.exclusive ? { exclusive: true } : {}),
  });
}

interface RouteBasics {
  type: string;
  description: string;
  dataSchema: z.ZodType;
}

const basics = ({ type, description, dataSchema }: RouteBasics): RouteBasics => ({ type, description, dataSchema });

/** Starts the workflow the event's data maps to. */
export function startRoute(options: RouteBasics & { workflowType: string; toInput: (data: Data, event: CrmEvent) => unknown }): EventRoute {
  const entry = catalogEntry(options.type, options.workflowType);
  return {
    ...basics(options),
    check: (event) => mergeProblems(dataProblems(options.dataSchema, event.data), inputProblems(entry, options.toInput(event.data, event))),
    handle: (event, context) => startFromEvent(entry, options.toInput(event.data, event), event, context),
  };
}

/** Signals the running workflow the event names; one signal per event ID. */
export function signalRoute(options: RouteBasics & { workflowId: (data: Data) => string; signalName: string; args?: (data: Data) => unknown[] }): EventRoute {
  return {
    ...basics(options),
    check: (event) => dataProblems(options.dataSchema, event.data),
    handle: (event, { client }) =>
      signalOnce(client, {
        workflowId: options.workflowId(event.data),
        signalName: options.signalName,
        args: options.args?.(event.data) ?? [],
        requestId: requestIdFor(event.id, options.type),
      }),
  };
}

/** Runs an update on the running workflow; the event ID is the update ID, so a repeat gets the first answer. */
export function updateRoute(options: RouteBasics & { workflowId: (data: Data) => string; updateName: string; args: (data: Data) => [unknown, ...unknown[]] }): EventRoute {
  return {
    ...basics(options),
    check: (event) => dataProblems(options.dataSchema, event.data),
    handle: (event, { client }) => updateOnce(client, { workflowId: options.workflowId(event.data), updateName: options.updateName, args: options.args(event.data), updateId: `${options.type}/${event.id}` }),
  };
}

/**
 * Makes sure the long-running workflow runs (started again if it had ended), then signals it once per event. Two
 * idempotent calls instead of signal-with-start, whose request ID the client does not expose.
 */
export function startThenSignalRoute(options: RouteBasics & { workflowType: string; toInput: (data: Data) => unknown; signalName: string; args: (data: Data) => unknown[] }): EventRoute {
  const entry = catalogEntry(options.type, options.workflowType);
  return {
    ...basics(options),
    check: (event) => mergeProblems(dataProblems(options.dataSchema, event.data), inputProblems(entry, options.toInput(event.data))),
    async handle(event, { client, taskQueue }) {
      const input = entry.parseInput(options.toInput(event.data));
      const workflowId = entry.workflowId(input, Date.now());
      await client.workflow.start(entry.type, { taskQueue, workflowId, args: [input], workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'ALLOW_DUPLICATE' });
      return signalOnce(client, { workflowId, signalName: options.signalName, args: options.args(event.data), requestId: requestIdFor(event.id, options.type) });
    },
  };
}
