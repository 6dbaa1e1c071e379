// CRM event types and what each does in Temporal. Adding an event is adding one entry to EVENT_ROUTES, built
// with startRoute (start the workflow under its business ID) or signalRoute (signal the running workflow);
// the workflow itself comes from the client catalog (cli/workflow-catalog.ts).
import type { Client } from '@temporalio/client';
import { findCatalogEntry } from '../cli/workflow-catalog.js';
import { InvalidInputError } from '../workflows/input-validation.js';
import { onboardWorkflowId, recheckDnsSignal, setRenewalTargetSignal } from '../workflows/index.js';
import type { CrmCustomerState, CrmStateStore } from './crm-state.js';
import { compileData, describeAjvErrors, type CrmEvent } from './envelope.js';
import { requestIdFor, signalOnce, startOnce, type DispatchResult } from './temporal-ops.js';

export interface EventContext {
  client: Client;
  taskQueue: string;
  crmState: CrmStateStore;
}

export interface EventRoute {
  type: string;
  description: string;
  /** JSON schema of `data` (shown in docs/webhook.md). */
  dataSchema: object;
  /** Runs after `data` passed the schema. Throws InvalidInputError (→ 400) for problems only the workflow's rules catch. */
  handle(event: CrmEvent, context: EventContext): Promise<DispatchResult>;
}

/** Event types the CRM may send that have no workflow yet; answered 422 with the supported types, never dropped. */
export const PLANNED_EVENT_TYPES: Readonly<Record<string, string>> = {
  'customer.cancellation_requested': 'cancellation (lifecycle workflow with approval)',
};

const DOMAIN = { type: 'string', minLength: 1, maxLength: 253 } as const;
const ID = { type: 'integer', minimum: 1 } as const;
/** The shape only; the workflow's own parser checks the rest (actions, dates, fields per action). */
const CHANGE_REQUEST = {
  type: 'object',
  required: ['domainId', 'action', 'when'],
  properties: { domainId: ID, requestId: { type: 'string' }, action: { type: 'string' }, when: { type: 'string' } },
} as const;

/** The workflow's own validation, with each problem put under `data.` so the CRM sees which field to fix. */
function parseWith<T>(parse: (raw: unknown) => T, raw: unknown): T {
  try {
    return parse(raw);
  } catch (err) {
    if (err instanceof InvalidInputError) throw new InvalidInputError(err.workflow, err.problems.map((p) => `data.${p}`));
    throw err;
  }
}

function catalogEntry(route: string, workflowType: string) {
  const entry = findCatalogEntry(workflowType);
  if (!entry) throw new Error(`webhook route ${route}: workflow ${workflowType} is not in the catalog`);
  return entry;
}

/** Starts a catalog workflow from the event's data (USE_EXISTING under its business ID). */
function startRoute(options: { type: string; description: string; workflowType: string; dataSchema: object; toInput: (data: Record<string, unknown>, event: CrmEvent) => unknown }): EventRoute {
  const entry = catalogEntry(options.type, options.workflowType);
  return {
    type: options.type,
    description: options.description,
    dataSchema: options.dataSchema,
    async handle(event, { client, taskQueue }) {
      const input = parseWith(entry.parseInput, options.toInput(event.data, event));
      return startOnce(client, { workflowType: entry.type, workflowId: entry.workflowId(input, Date.now()), taskQueue, input, reusePolicy: entry.reusePolicy });
    },
  };
}

/**
 * Makes sure the long-running workflow runs (USE_EXISTING; started again if it had ended), then signals it once
 * per event. Two idempotent calls instead of signal-with-start, whose request ID the client does not expose.
 */
function startThenSignalRoute(options: {
  type: string;
  description: string;
  workflowType: string;
  dataSchema: object;
  toInput: (data: Record<string, unknown>) => unknown;
  signalName: string;
  args: (data: Record<string, unknown>) => unknown[];
}): EventRoute {
  const entry = catalogEntry(options.type, options.workflowType);
  return {
    type: options.type,
    description: options.description,
    dataSchema: options.dataSchema,
    async handle(event, { client, taskQueue }) {
      const input = parseWith(entry.parseInput, options.toInput(event.data));
      const workflowId = entry.workflowId(input, Date.now());
      await client.workflow.start(entry.type, { taskQueue, workflowId, args: [input], workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'ALLOW_DUPLICATE' });
      return signalOnce(client, { workflowId, signalName: options.signalName, args: options.args(event.data), requestId: requestIdFor(event.id, options.type) });
    },
  };
}

/** Signals the running workflow the event names; one signal per event ID. */
function signalRoute(options: { type: string; description: string; dataSchema: object; workflowId: (data: Record<string, unknown>) => string; signalName: string; args?: (data: Record<string, unknown>) => unknown[] }): EventRoute {
  return {
    type: options.type,
    description: options.description,
    dataSchema: options.dataSchema,
    handle: (event, { client }) =>
      signalOnce(client, {
        workflowId: options.workflowId(event.data),
        signalName: options.signalName,
        args: options.args?.(event.data) ?? [],
        requestId: requestIdFor(event.id, options.type),
      }),
  };
}

export const EVENT_ROUTES: readonly EventRoute[] = [
  startRoute({
    type: 'customer.contracted',
    description: 'A customer signed: start onboarding (onboardCustomer, workflow ID onboard/<domain>).',
    workflowType: 'onboardCustomer',
    dataSchema: {
      type: 'object',
      required: ['domain', 'companyName', 'phoneNumber'],
      additionalProperties: false,
      properties: {
        domain: DOMAIN,
        companyName: { type: 'string' },
        phoneNumber: { type: 'string' },
        timeZone: { type: 'string' },
        locale: { type: 'string' },
        administrator: { type: 'object' },
      },
    },
    toInput: (data) => ({ timeZone: 'Asia/Tokyo', locale: 'ja_JP', ...data }),
  }),
  startRoute({
    type: 'subscription.change_requested',
    description: 'A license or plan change (changeSubscription). requestId defaults to the event ID: one change per event.',
    workflowType: 'changeSubscription',
    dataSchema: CHANGE_REQUEST,
    toInput: (data, event) => ({ requestId: event.id, ...data }),
  }),
  startRoute({
    type: 'option.change_requested',
    description: 'An option product change (changeOption). requestId defaults to the event ID: one change per event.',
    workflowType: 'changeOption',
    dataSchema: CHANGE_REQUEST,
    toInput: (data, event) => ({ requestId: event.id, ...data }),
  }),
  startThenSignalRoute({
    type: 'license.renewal_target_changed',
    description: 'The license count the CRM wants at the next renewal (null: back to usage + margin); runs licenseRenewal and signals setRenewalTarget.',
    workflowType: 'licenseRenewal',
    dataSchema: {
      type: 'object',
      required: ['domainId', 'subscriptionId', 'licenseCount'],
      additionalProperties: false,
      properties: { domainId: ID, subscriptionId: ID, licenseCount: { type: ['integer', 'null'], minimum: 1, maximum: 1_000_000 } },
    },
    toInput: (data) => ({ domainId: data.domainId, subscriptionId: data.subscriptionId }),
    signalName: setRenewalTargetSignal.name,
    args: (data) => [{ licenseCount: data.licenseCount }],
  }),
  signalRoute({
    type: 'dns.configured',
    description: "The customer published the DNS records: the onboarding checks DNS and activates now (signal recheckDns).",
    dataSchema: { type: 'object', required: ['domain'], additionalProperties: false, properties: { domain: DOMAIN } },
    workflowId: (data) => onboardWorkflowId(String(data.domain)),
    signalName: recheckDnsSignal.name,
  }),
  {
    type: 'customer.details_changed',
    description: "The CRM's current view of a customer; recorded for the daily drift check (newer events win).",
    dataSchema: {
      type: 'object',
      required: ['domain'],
      additionalProperties: false,
      properties: {
        domain: DOMAIN,
        companyName: { type: 'string' },
        phoneNumber: { type: 'string' },
        subscriptions: {
          type: 'array',
          items: {
            type: 'object',
            required: ['productId'],
            additionalProperties: false,
            properties: { productId: { type: 'string' }, plan: { type: 'string' }, licenseCount: { type: ['integer', 'null'] } },
          },
        },
      },
    },
    async handle(event, { crmState }) {
      const state = event.data as unknown as CrmCustomerState;
      const outcome = await crmState.record(event.id, event.occurredAt, state);
      return { outcome: outcome === 'applied' ? 'recorded' : outcome };
    },
  },
];

export function supportedEventTypes(): string[] {
  return EVENT_ROUTES.map((r) => r.type);
}

const validators = new Map(EVENT_ROUTES.map((route) => [route.type, compileData(route.dataSchema)]));

/** Validates `data` against the route's schema; problems are dotted paths under `data`. */
export function checkEventData(route: EventRoute, data: unknown): string[] {
  const validate = validators.get(route.type);
  if (!validate || validate(data)) return [];
  return describeAjvErrors(validate.errors, 'data');
}

export function findRoute(type: string): EventRoute | undefined {
  return EVENT_ROUTES.find((r) => r.type === type);
}
