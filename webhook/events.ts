// CRM event types and what each does in Temporal. Adding an event is adding one entry to EVENT_ROUTES, built with
// startRoute (start the workflow under its business ID), signalRoute (signal the running workflow), updateRoute
// (run an update on it) or startThenSignalRoute; the workflow itself comes from the client catalog
// (workflows/catalog.ts). Every route is idempotent per event ID (webhook/temporal-ops.ts).
import type { Client } from '@temporalio/client';
import { findCatalogEntry } from '../workflows/catalog.js';
import { InvalidInputError } from '../domain/input-validation.js';
import { cancelWorkflowId, onboardWorkflowId, recheckDnsSignal, setRenewalTargetSignal } from '../workflows/index.js';
import type { CrmCustomerState, CrmStateStore } from '../crm/crm-state.js';
import { compileData, describeAjvErrors, type CrmEvent } from './envelope.js';
import { requestIdFor, signalOnce, startOnce, updateOnce, type DispatchResult } from './temporal-ops.js';

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

type Data = Record<string, unknown>;

const DOMAIN = { type: 'string', minLength: 1, maxLength: 253 } as const;
const ID = { type: 'integer', minimum: 1 } as const;
/** The shape only: the workflow's own parser checks the rest and its problems come back as `data.<field>`. */
const OBJECT_WITH_DOMAIN_ID = { type: 'object', required: ['domainId'], properties: { domainId: ID } } as const;
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

/** Starts a catalog workflow from the event's data: validated, under its business ID, once per event. */
async function startFromEvent(workflowType: string, route: string, rawInput: unknown, event: CrmEvent, { client, taskQueue }: EventContext): Promise<DispatchResult> {
  const entry = catalogEntry(route, workflowType);
  const input = parseWith(entry.parseInput, rawInput);
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

function startRoute(options: { type: string; description: string; workflowType: string; dataSchema: object; toInput: (data: Data, event: CrmEvent) => unknown }): EventRoute {
  catalogEntry(options.type, options.workflowType);
  return {
    type: options.type,
    description: options.description,
    dataSchema: options.dataSchema,
    handle: (event, context) => startFromEvent(options.workflowType, options.type, options.toInput(event.data, event), event, context),
  };
}

/** Signals the running workflow the event names; one signal per event ID. */
function signalRoute(options: { type: string; description: string; dataSchema: object; workflowId: (data: Data) => string; signalName: string; args?: (data: Data) => unknown[] }): EventRoute {
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

/** Runs an update on the running workflow; the event ID is the update ID, so a repeat gets the first answer. */
function updateRoute(options: { type: string; description: string; dataSchema: object; workflowId: (data: Data) => string; updateName: string; args: (data: Data) => [unknown, ...unknown[]] }): EventRoute {
  return {
    type: options.type,
    description: options.description,
    dataSchema: options.dataSchema,
    handle: (event, { client }) => updateOnce(client, { workflowId: options.workflowId(event.data), updateName: options.updateName, args: options.args(event.data), updateId: `${options.type}/${event.id}` }),
  };
}

/**
 * Makes sure the long-running workflow runs (started again if it had ended), then signals it once per event. Two
 * idempotent calls instead of signal-with-start, whose request ID the client does not expose.
 */
function startThenSignalRoute(options: { type: string; description: string; workflowType: string; dataSchema: object; toInput: (data: Data) => unknown; signalName: string; args: (data: Data) => unknown[] }): EventRoute {
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

/** The customer fields updateCustomerDetails can change, as the CRM sends them in customer.details_changed. */
const DETAIL_FIELDS = ['companyName', 'phoneNumber', 'timeZone', 'locale', 'partnership'] as const;

/**
 * customer.details_changed: records the CRM's view (for the drift check; an older event never overwrites a newer
 * one) and, when it carries domainId and detail fields, starts updateCustomerDetails to make LINE WORKS match.
 */
const detailsChangedRoute: EventRoute = {
  type: 'customer.details_changed',
  description: "The CRM's current view of a customer: recorded for the daily drift check; with domainId, the details are applied (updateCustomerDetails).",
  dataSchema: {
    type: 'object',
    required: ['domain'],
    additionalProperties: false,
    properties: {
      domain: DOMAIN,
      domainId: ID,
      companyName: { type: 'string' },
      phoneNumber: { type: 'string' },
      timeZone: { type: 'string' },
      locale: { type: 'string' },
      partnership: { type: 'object' },
      requestedBy: { type: 'string' },
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
  async handle(event, context) {
    const data = event.data;
    const changes = Object.fromEntries(DETAIL_FIELDS.filter((f) => data[f] !== undefined).map((f) => [f, data[f]]));
    const apply = typeof data.domainId === 'number' && Object.keys(changes).length > 0;
    const input = apply ? { domainId: data.domainId, changes, requestedBy: typeof data.requestedBy === 'string' ? data.requestedBy : `crm-event:${event.id}` } : undefined;
    // Validate before recording, so a refused event changes nothing.
    if (input) parseWith(catalogEntry('customer.details_changed', 'updateCustomerDetails').parseInput, input);
    const { requestedBy: _requestedBy, domainId: _domainId, timeZone: _tz, locale: _locale, partnership: _partnership, ...state } = data;
    const recorded = await context.crmState.record(event.id, event.occurredAt, state as unknown as CrmCustomerState);
    // An older event than the one recorded must not overwrite newer details at LINE WORKS either.
    if (!input || recorded === 'stale') return { outcome: recorded === 'applied' ? 'recorded' : recorded };
    return startFromEvent('updateCustomerDetails', 'customer.details_changed', input, event, context);
  },
};

export const EVENT_ROUTES: readonly EventRoute[] = [
  startRoute({
    type: 'customer.contracted',
    description: 'A customer signed: start onboarding (onboardCustomer, workflow ID onboard/<domain>).',
    workflowType: 'onboardCustomer',
    dataSchema: {
      type: 'object',
      required: ['domain', 'companyName', 'phoneNumber'],
      properties: { domain: DOMAIN, companyName: { type: 'string' }, phoneNumber: { type: 'string' }, timeZone: { type: 'string' }, locale: { type: 'string' }, administrator: { type: 'object' } },
    },
    toInput: (data) => ({ timeZone: 'Asia/Tokyo', locale: 'ja_JP', ...data }),
  }),
  signalRoute({
    type: 'dns.configured',
    description: 'The customer published the DNS records: the onboarding checks DNS and activates now (signal recheckDns).',
    dataSchema: { type: 'object', required: ['domain'], additionalProperties: false, properties: { domain: DOMAIN } },
    workflowId: (data) => onboardWorkflowId(String(data.domain)),
    signalName: recheckDnsSignal.name,
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
  startRoute({
    type: 'customer.user_cap_change_requested',
    description: "Set, schedule or cancel the customer's user cap (userCap, one at a time per customer).",
    workflowType: 'userCap',
    dataSchema: OBJECT_WITH_DOMAIN_ID,
    toInput: (data) => data,
  }),
  startRoute({
    type: 'customer.domain_change_requested',
    description: 'Move a group-name customer to its own domain (changeGroupToDomain).',
    workflowType: 'changeGroupToDomain',
    dataSchema: { type: 'object', required: ['domainId', 'domain'], properties: { domainId: ID, domain: DOMAIN } },
    toInput: (data) => data,
  }),
  startRoute({
    type: 'customer.transfer_requested',
    description: 'Take over an Online Direct tenant with its partner code (transferCustomer).',
    workflowType: 'transferCustomer',
    dataSchema: { type: 'object', required: ['domain', 'partnerCode'], properties: { domain: DOMAIN, partnerCode: { type: 'string' } } },
    toInput: (data) => data,
  }),
  startRoute({
    type: 'customer.cancellation_requested',
    description: 'Cancel a customer now or on a date; it waits for an approval (customer.cancellation_approved or partnerctl approve).',
    workflowType: 'cancelCustomer',
    dataSchema: OBJECT_WITH_DOMAIN_ID,
    toInput: (data) => data,
  }),
  updateRoute({
    type: 'customer.cancellation_approved',
    description: 'Approves the waiting cancellation (update approveCancellation); answers with the approval result.',
    dataSchema: {
      type: 'object',
      required: ['domainId', 'approvedBy', 'reason'],
      additionalProperties: false,
      properties: { domainId: ID, approvedBy: { type: 'string', minLength: 1 }, reason: { type: 'string', minLength: 1 } },
    },
    workflowId: (data) => cancelWorkflowId(data.domainId as number),
    updateName: 'approveCancellation',
    args: (data) => [{ approvedBy: data.approvedBy, reason: data.reason }],
  }),
  detailsChangedRoute,
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
