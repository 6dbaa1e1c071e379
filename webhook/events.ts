// The CRM event types and what each does in Temporal (docs/webhook.md "Event types"). Adding an event is adding one
// entry to EVENT_ROUTES (builders in webhook/routes.ts); the workflow itself comes from the catalog
// (workflows/catalog.ts), whose validation checks the input the event maps to. Data schemas here check what ties
// an event to a customer (domain, domainId) and the fields the workflow input does not carry; a route whose data is
// the workflow input passes every other field on, so the workflow's schema refuses the unknown ones.
import { z } from '../domain/schema.js';
import { cancelWorkflowId, onboardWorkflowId, recheckDnsSignal, setRenewalTargetSignal } from '../workflows/index.js';
import type { CrmCustomerState } from '../crm/crm-state.js';
import type { CrmEvent } from './envelope.js';
import { approveCancellationArgsSchema } from '../domain/lifecycle/cancel-customer-input.js';
import { renewalTargetSchema } from '../domain/subscriptions/license-renewal-input.js';
import { actor, domainId, domainName, licenseCount, subscriptionId } from './event-fields.js';
import { catalogEntry, dataProblems, inputProblems, mergeProblems, signalRoute, startFromEvent, startRoute, startThenSignalRoute, updateRoute, type Data, type EventRoute } from './routes.js';

export type { EventRoute } from './routes.js';

/** Data that is a workflow input: its identifiers checked here, the rest by the workflow's own schema. */
const CUSTOMER_BY_ID = z.looseObject({ domainId: domainId() });
const CHANGE_REQUEST = z.looseObject({ domainId: domainId(), requestId: z.string().optional(), action: z.string({ error: 'is required (a string)' }), when: z.string({ error: 'is required (a string)' }) });

/** The customer fields updateCustomerDetails can change, as the CRM sends them in customer.details_changed. */
const DETAIL_FIELDS = ['companyName', 'phoneNumber', 'timeZone', 'locale', 'partnership'] as const;

const detailsChangedSchema = z.strictObject({
  domain: domainName(),
  domainId: domainId(),
  companyName: z.string().optional(),
  phoneNumber: z.string().optional(),
  timeZone: z.string().optional(),
  locale: z.string().optional(),
  partnership: z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }).optional(),
  requestedBy: actor().optional(),
  subscriptions: z
    .array(
      z.strictObject({
        productId: z.string().min(1).max(64),
        plan: z.string().max(64).optional(),
        licenseCount: licenseCount().nullable().optional(),
      }),
    )
    .max(100)
    .optional(),
});

/** The updateCustomerDetails input a details event asks for, or undefined when it carries no detail field. */
function detailsInput(event: CrmEvent): Data | undefined {
  const data = event.data;
  const changes = Object.fromEntries(DETAIL_FIELDS.filter((f) => data[f] !== undefined).map((f) => [f, data[f]]));
  if (Object.keys(changes).length === 0) return undefined;
  return { domainId: data.domainId, changes, requestedBy: typeof data.requestedBy === 'string' ? data.requestedBy : `crm-event:${event.id}` };
}

const updateCustomerDetails = catalogEntry('customer.details_changed', 'updateCustomerDetails');

/**
 * customer.details_changed: records the CRM's view (for the drift check; an older event never overwrites a newer
 * one) and, when it carries detail fields, starts updateCustomerDetails to make LINE WORKS match. It must name the
 * customer by domainId as well as domain: an event that cannot be tied to a customer is refused, not recorded.
 */
const detailsChangedRoute: EventRoute = {
  type: 'customer.details_changed',
  description: "The CRM's current view of a customer: recorded for the daily drift check; with detail fields, they are applied (updateCustomerDetails).",
  dataSchema: detailsChangedSchema,
  check(event) {
    const input = detailsInput(event);
    // The workflow names the details `changes.<field>`; the CRM sent them as `<field>`.
    const own = dataProblems(detailsChangedSchema, event.data);
    return input ? mergeProblems(own, inputProblems(updateCustomerDetails, input, (problem) => problem.replace(/^changes\./, ''))) : own;
  },
  async handle(event, context) {
    const input = detailsInput(event);
    const { requestedBy: _requestedBy, domainId: _domainId, timeZone: _tz, locale: _locale, partnership: _partnership, ...state } = event.data;
    const recorded = await context.crmState.record(event.id, event.occurredAt, state as unknown as CrmCustomerState);
    // An older event than the one recorded must not overwrite newer details at LINE WORKS either.
    if (!input || recorded === 'stale') return { outcome: recorded === 'applied' ? 'recorded' : recorded };
    return startFromEvent(updateCustomerDetails, input, event, context);
  },
};

export const EVENT_ROUTES: readonly EventRoute[] = [
  startRoute({
    type: 'customer.contracted',
    description: 'A customer signed: start onboarding (onboardCustomer, workflow ID onboard/<domain>).',
    workflowType: 'onboardCustomer',
    dataSchema: z.looseObject({ domain: domainName() }),
    toInput: (data) => ({ timeZone: 'Asia/Tokyo', locale: 'ja_JP', ...data }),
  }),
  signalRoute({
    type: 'dns.configured',
    description: 'The customer published the DNS records: the onboarding checks DNS and activates now (signal recheckDns).',
    dataSchema: z.strictObject({ domain: domainName() }),
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
    // The signal's own argument schema, plus what names the workflow.
    dataSchema: renewalTargetSchema.extend({ domainId: domainId(), subscriptionId: subscriptionId() }),
    toInput: (data) => ({ domainId: data.domainId, subscriptionId: data.subscriptionId }),
    signalName: setRenewalTargetSignal.name,
    args: (data) => [{ licenseCount: data.licenseCount }],
  }),
  startRoute({
    type: 'customer.user_cap_change_requested',
    description: "Set, schedule or cancel the customer's user cap (userCap, one at a time per customer).",
    workflowType: 'userCap',
    dataSchema: CUSTOMER_BY_ID,
    toInput: (data) => data,
  }),
  startRoute({
    type: 'customer.domain_change_requested',
    description: 'Move a group-name customer to its own domain (changeGroupToDomain).',
    workflowType: 'changeGroupToDomain',
    dataSchema: z.looseObject({ domainId: domainId(), domain: domainName() }),
    toInput: (data) => data,
  }),
  startRoute({
    type: 'customer.transfer_requested',
    description: 'Take over an Online Direct tenant with its partner code (transferCustomer).',
    workflowType: 'transferCustomer',
    dataSchema: z.looseObject({ domain: domainName(), partnerCode: z.string({ error: 'is required (a string)' }) }),
    toInput: (data) => data,
  }),
  startRoute({
    type: 'customer.cancellation_requested',
    description: 'Cancel a customer now or on a date; it waits for an approval (customer.cancellation_approved or partnerctl approve).',
    workflowType: 'cancelCustomer',
    dataSchema: CUSTOMER_BY_ID,
    toInput: (data) => data,
  }),
  startRoute({
    type: 'bulk.change_requested',
    description: 'One subscription, option or user-cap change for many customers (bulkChange). batchId defaults to the event ID: one batch per event.',
    workflowType: 'bulkChange',
    dataSchema: z.looseObject({ change: z.looseObject({ kind: z.string({ error: 'is required (a string)' }) }, { error: 'is required (a JSON object)' }) }),
    toInput: (data, event) => ({ batchId: event.id, ...data }),
  }),
  updateRoute({
    type: 'customer.cancellation_approved',
    description: 'Approves the waiting cancellation (update approveCancellation); answers with the approval result.',
    // The update's own argument schema, plus what names the workflow.
    dataSchema: approveCancellationArgsSchema.extend({ domainId: domainId() }),
    workflowId: (data) => cancelWorkflowId(data.domainId as number),
    updateName: 'approveCancellation',
    args: (data) => [{ approvedBy: data.approvedBy, reason: data.reason }],
  }),
  detailsChangedRoute,
];

export function supportedEventTypes(): string[] {
  return EVENT_ROUTES.map((r) => r.type);
}

export function findRoute(type: string): EventRoute | undefined {
  return EVENT_ROUTES.find((r) => r.type === type);
}
