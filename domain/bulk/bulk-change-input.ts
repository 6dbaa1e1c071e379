// The bulkChange workflow's input: one subscription, option or user-cap change (the single-customer workflow's own
// input, without the customer) applied to many customers, chosen by domain IDs and/or a product/plan filter. Pure:
// the workflow validates with it first, clients before they start it.
import { InvalidInputError, type Problems } from '../input-validation.js';
import { flag, optionalText, parseWithSchema, positiveInt, requiredText, z } from '../schema.js';
import { parseUserCapInput } from '../lifecycle/user-cap-input.js';
import { parseChangeOptionInput } from '../subscriptions/option-input.js';
import { parseChangeSubscriptionInput, planSchema } from '../subscriptions/subscription-input.js';
import { sharedSchema } from '../shared-schema.js';

export const BULK_CHANGE_KINDS = ['subscription', 'option', 'userCap'] as const;
export type BulkChangeKind = (typeof BULK_CHANGE_KINDS)[number];

/** Explicit lists stay well inside the 64 KiB input bound (history carries the input); a filter reaches any number. */
export const MAX_LISTED_CUSTOMERS = 5_000;
export const MAX_CONCURRENCY = 50;
/** Customers handled per run before continue-as-new (history stays small whatever the batch size). */
export const DEFAULT_CUSTOMERS_PER_RUN = 200;

/** Subscription actions that name an existing subscription: the bulk change fills subscriptionId per customer. */
const ACTIONS_WITHOUT_SUBSCRIPTION = ['ADD_SUBSCRIPTION'];

export const bulkChangeInputSchema = sharedSchema('bulk/bulk-change-input#bulkChangeInputSchema', () => z
  .strictObject({
    /** The batch's ID: the workflow ID is bulk-change/<batchId>, and each customer's request ID is bulk.<batchId>. */
    // At most 123: with "bulk." in front it is a request ID (at most 128), and a CRM event ID (the webhook's default) fits.
    batchId: requiredText(123).regex(/^[A-Za-z0-9._:-]{1,123}$/, 'may contain only letters, digits and . _ : - (at most 123)'),
    change: z.strictObject({
      kind: z.enum(BULK_CHANGE_KINDS, { error: `must be one of ${BULK_CHANGE_KINDS.join(', ')}` }),
      /**
       * The single-customer workflow's input without domainId and requestId (set per customer): changeSubscription,
       * changeOption or userCap. subscriptionId may be left out: each customer's subscription matching the filter
       * (or its only one) is used.
       */
      request: z.record(z.string(), z.unknown(), { error: 'must be a JSON object (the single-customer input without domainId and requestId)' }),
    }),
    customers: z
      .strictObject({
        /** These customers (at most 5000). */
        domainIds: z.array(positiveInt(), { error: 'must be an array of domain IDs' }).min(1).max(MAX_LISTED_CUSTOMERS).optional(),
        /** Only customers with a (not cancelled) subscription of this product, e.g. ADV. */
        productId: requiredText(40).optional(),
        /** Only customers with a (not cancelled) subscription on this contract type, e.g. ANNUAL_LICENSE. */
        plan: planSchema.optional(),
      })
      .refine((c) => c.domainIds !== undefined || c.productId !== undefined || c.plan !== undefined, 'must name domainIds, a productId or a plan (or several)'),
    /** Per-customer workflows running at once (1 to 50; the API's per-operation limit is what bounds the pace). */
    concurrency: positiveInt(MAX_CONCURRENCY).default(5),
    /** Plan every customer's change and write the results file, without writing anything at LINE WORKS. */
    preview: flag().default(false),
    /** Customers per run before continuing as new (1 to 1000). */
    customersPerRun: positiveInt(1_000).default(DEFAULT_CUSTOMERS_PER_RUN),
    requestedBy: optionalText(200),
  }));

/** The per-customer request checked by its own workflow's rules, date windows as at `nowMs`. */
function requestRule(nowMs: number) {
  return z.superRefine<z.output<typeof bulkChangeInputSchema>>((input, ctx) => {
    for (const problem of requestProblems(input.change.kind, input.change.request, nowMs)) ctx.addIssue({ code: 'custom', path: [], message: problem, input });
  });
}

export type BulkChangeInput = z.input<typeof bulkChangeInputSchema>;
export type ParsedBulkChangeInput = z.output<typeof bulkChangeInputSchema>;

/** The per-customer request ID: a re-run of the same batch finds each customer's finished change instead of repeating it. */
export function bulkRequestId(batchId: string): string {
  return `bulk.${batchId}`;
}

export function bulkChangeWorkflowId(batchId: string): string {
  return `bulk-change/${batchId}`;
}

/** Whether each customer's subscription must be found (the request names one and leaves subscriptionId out). */
export function needsSubscription(kind: BulkChangeKind, request: Record<string, unknown>): boolean {
  return kind === 'subscription' && request.subscriptionId === undefined && !ACTIONS_WITHOUT_SUBSCRIPTION.includes(String(request.action));
}

/** The single-customer input for one customer of the batch. */
export function customerRequest(input: Pick<ParsedBulkChangeInput, 'batchId' | 'change' | 'preview'>, domainId: number, subscriptionId?: number): Record<string, unknown> {
  const { kind, request } = input.change;
  const base: Record<string, unknown> = { ...request, domainId };
  if (kind === 'userCap') return base;
  return {
    ...base,
    requestId: bulkRequestId(input.batchId),
    ...(subscriptionId !== undefined && request.subscriptionId === undefined && kind === 'subscription' ? { subscriptionId } : {}),
    ...(input.preview ? { preview: true } : {}),
  };
}

/** The request checked by its own workflow's rules, with a stand-in customer (and subscription); fields named change.request.<field>. */
function requestProblems(kind: BulkChangeKind, request: Record<string, unknown> | undefined, nowMs: number): Problems {
  if (!request || typeof request !== 'object') return [];
  const problems: Problems = [];
  for (const field of ['domainId', 'requestId', 'preview']) {
    if (request[field] !== undefined) problems.push(`change.request.${field} is set per customer by the bulk change; leave it out`);
  }
  const { domainId: _d, requestId: _r, preview: _p, ...rest } = request;
  const sample = customerRequest({ batchId: 'sample', change: { kind, request: rest }, preview: false }, 1, 1);
  const parse = kind === 'subscription' ? parseChangeSubscriptionInput : kind === 'option' ? parseChangeOptionInput : parseUserCapInput;
  try {
    parse(sample, nowMs);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    problems.push(...err.problems.map((p) => `change.request.${p}`));
  }
  return problems;
}

/**
 * Checks a raw JSON input; returns it typed (defaults filled in) or throws InvalidInputError naming every field at
 * fault. `nowMs` decides the request's date windows: a continued run passes its first run's time, so a batch that
 * runs past midnight is not refused half-way for a date that was valid when it started.
 */
export function parseBulkChangeInput(raw: unknown, nowMs: number = Date.now()): ParsedBulkChangeInput {
  return parseWithSchema('bulkChange', bulkChangeInputSchema.check(requestRule(nowMs)), raw);
}
