// Every workflow a client can start, in one table: type, input schema (and its complete validation), business ID,
// status query, example. The webhook (webhook/events.ts), partnerctl (cli/) and the Web UI docs test read it, so
// adding a workflow to the clients is adding one entry here.
import { z } from '../domain/schema.js';
import {
  bulkChange,
  bulkChangeInputSchema,
  bulkChangeWorkflowId,
  parseBulkChangeInput,
  cancelCustomer,
  calendarInputSchema,
  changeOptionInputSchema,
  changeSubscriptionInputSchema,
  driftCheckInputSchema,
  licenseRenewalInputSchema,
  monthlyReportInputSchema,
  onboardCustomerInputSchema,
  cancelCustomerInputSchema,
  changeDomainInputSchema,
  transferCustomerInputSchema,
  updateCustomerDetailsInputSchema,
  userCapInputSchema,
  cancelWorkflowId,
  changeDomainWorkflowId,
  changeGroupToDomain,
  changeOption,
  changeSubscription,
  driftCheck,
  licenseRenewal,
  licenseRenewalWorkflowId,
  monthlyReport,
  monthlyReportWorkflowId,
  onboardCustomer,
  onboardWorkflowId,
  optionChangeWorkflowId,
  parseCalendarInput,
  parseChangeOptionInput,
  parseChangeSubscriptionInput,
  parseDriftCheckInput,
  parseLicenseRenewalInput,
  parseMonthlyReportInput,
  parseOnboardCustomerInput,
  parseCancelCustomerInput,
  parseChangeDomainInput,
  parseTransferCustomerInput,
  parseUpdateCustomerDetailsInput,
  parseUserCapInput,
  previousMonth,
  scheduledChangesCalendar,
  subscriptionChangeWorkflowId,
  transferCustomer,
  transferWorkflowId,
  updateCustomerDetails,
  updateCustomerWorkflowId,
  userCap,
  userCapWorkflowId,
} from './index.js';

function domainIdOf(input: unknown): number {
  return (input as { domainId: number }).domainId;
}

/** Shape shared by the change requests (subscription and option): the business ID comes from these fields. */
interface ChangeRequest {
  domainId: number;
  requestId: string;
  preview?: boolean;
}

export interface CatalogEntry {
  /** The workflow type, as registered on the worker and shown in the Web UI. */
  type: string;
  /** One line for `partnerctl` help and the docs. */
  summary: string;
  /** PartnerOperation search attribute value the workflow sets. */
  operation: string;
  /** The business workflow ID pattern, for the docs. */
  workflowIdPattern: string;
  /** The input's schema: its shape, field rules and bounds (the JSON Schema comes from it). */
  schema: z.ZodType;
  /**
   * The complete validation the workflow runs first: the schema plus the rules that need the clock (date windows
   * relative to `nowMs`, default now). Throws InvalidInputError naming the fields at fault.
   */
  parseInput(raw: unknown, nowMs?: number): unknown;
  /** The business workflow ID for a validated input. */
  workflowId(input: unknown, nowMs: number): string;
  /** Query that answers the workflow's status (for `partnerctl status`). */
  statusQuery?: string;
  /** The update that records an approval, and its arguments from who approves and why (for `partnerctl approve`). */
  approval?: { update: string; args(approver: string, reason: string): [unknown, ...unknown[]] };
  /** For workflows with a dry-run mode: the same input asking for a preview only (for `partnerctl preview`). */
  toPreviewInput?(input: unknown): unknown;
  /**
   * What a start does when a workflow with this ID has already completed: ALLOW_DUPLICATE_FAILED_ONLY (default:
   * only a failed run may be re-run) or REJECT_DUPLICATE (a request ID is used once, ever).
   */
  reusePolicy?: 'ALLOW_DUPLICATE' | 'ALLOW_DUPLICATE_FAILED_ONLY' | 'REJECT_DUPLICATE';
  /**
   * One request at a time per business ID (a customer's cap, details, cancellation): a start while one runs is
   * refused instead of being answered with the running workflow, which does something else.
   */
  exclusive?: boolean;
  /** A valid input: docs/web-ui.md shows it and test/triggers/web-ui-docs.test.ts validates it. */
  example: unknown;
}

export const WORKFLOW_CATALOG: readonly CatalogEntry[] = [
  {
    type: onboardCustomer.name,
    summary: 'add a customer, hand out DNS records, activate once DNS is in place',
    operation: 'onboard',
    workflowIdPattern: 'onboard/<domain>',
    schema: onboardCustomerInputSchema,
    parseInput: parseOnboardCustomerInput,
    workflowId: (input) => onboardWorkflowId((input as { domain: string }).domain),
    statusQuery: 'onboardingStatus',
    example: {
      domain: 'acme.by-works.com',
      companyName: 'Acme Inc.',
      phoneNumber: '03-0000-0000',
      timeZone: 'Asia/Tokyo',
      locale: 'ja_JP',
      administrator: { id: 'admin', lastName: 'Yamada', firstName: 'Taro', privateEmail: 'it@acme.example' },
    },
  },
  {
    type: monthlyReport.name,
    summary: 'usages, invoice and invoice lines of one month to CSV/JSON files and the CRM (default: last month)',
    operation: 'report',
    workflowIdPattern: 'report/monthly/<YYYY-MM>',
    schema: monthlyReportInputSchema,
    parseInput: parseMonthlyReportInput,
    workflowId: (input, nowMs) => {
      const { year, month } = input as { year?: number; month?: number };
      return monthlyReportWorkflowId(year !== undefined && month !== undefined ? { year, month } : previousMonth(nowMs));
    },
    statusQuery: 'reportStatus',
    example: { year: 2026, month: 10 },
  },
  {
    type: driftCheck.name,
    summary: "compare customers and subscriptions with the CRM's last-known state and report differences",
    operation: 'drift-check',
    workflowIdPattern: 'drift-check/<YYYY-MM-DD>',
    schema: driftCheckInputSchema,
    parseInput: parseDriftCheckInput,
    workflowId: (_input, nowMs) => `drift-check/${new Date(nowMs).toISOString().slice(0, 10)}`,
    statusQuery: 'driftStatus',
    example: {},
  },
  {
    type: changeSubscription.name,
    summary: 'change a subscription (add, convert to paid, up/downgrade, plan, licenses, cancel) now, on a date or at renewal',
    operation: 'subscription-change',
    workflowIdPattern: 'subscription-change/<domainId>/<requestId>',
    schema: changeSubscriptionInputSchema,
    parseInput: parseChangeSubscriptionInput,
    workflowId: (input) => {
      const { domainId, requestId, preview } = input as ChangeRequest;
      return subscriptionChangeWorkflowId(domainId, requestId, preview === true);
    },
    statusQuery: 'subscriptionChangeStatus',
    toPreviewInput: (input) => ({ ...(input as object), preview: true }),
    reusePolicy: 'REJECT_DUPLICATE',
    example: { domainId: 10000001, requestId: 'crm-42', action: 'ADD_LICENSES', subscriptionId: 1021, addLicenses: 5, when: 'now' },
  },
  {
    type: changeOption.name,
    summary: 'change an option product (add, up/downgrade, quantity, cancel, convert to paid)',
    operation: 'option-change',
    workflowIdPattern: 'option-change/<domainId>/<requestId>',
    schema: changeOptionInputSchema,
    parseInput: parseChangeOptionInput,
    workflowId: (input) => {
      const { domainId, requestId, preview } = input as ChangeRequest;
      return optionChangeWorkflowId(domainId, requestId, preview === true);
    },
    statusQuery: 'optionChangeStatus',
    toPreviewInput: (input) => ({ ...(input as object), preview: true }),
    reusePolicy: 'REJECT_DUPLICATE',
    example: { domainId: 10000001, requestId: 'crm-43', action: 'ADD', optionProductId: 'SSTG2', subOptionId: 'SSTG201', when: 'now' },
  },
  {
    type: licenseRenewal.name,
    summary: 'before each renewal, set the license count from usage plus a margin (or the CRM target)',
    operation: 'license-renewal',
    workflowIdPattern: 'license-renewal/<domainId>/<subscriptionId>',
    schema: licenseRenewalInputSchema,
    parseInput: parseLicenseRenewalInput,
    workflowId: (input) => {
      const { domainId, subscriptionId } = input as { domainId: number; subscriptionId: number };
      return licenseRenewalWorkflowId(domainId, subscriptionId);
    },
    statusQuery: 'licenseRenewalStatus',
    example: { domainId: 10000001, subscriptionId: 1021, leadDays: 14, marginPercent: 10 },
  },
  {
    type: scheduledChangesCalendar.name,
    summary: 'every pending scheduled change (pre-orders, reservations, renewal settings, cancellations) by date',
    operation: 'calendar',
    workflowIdPattern: 'calendar/<timestamp>',
    schema: calendarInputSchema,
    parseInput: parseCalendarInput,
    workflowId: (_input, nowMs) => `calendar/${new Date(nowMs).toISOString()}`,
    statusQuery: 'calendar',
    example: { domainIds: [10000001] },
  },
  {
    type: changeGroupToDomain.name,
    summary: 'move a group-name customer (*.by-works.com) to its own domain: register it, wait for DNS, change',
    operation: 'change-domain',
    workflowIdPattern: 'change-domain/<domainId>',
    schema: changeDomainInputSchema,
    parseInput: parseChangeDomainInput,
    workflowId: (input) => changeDomainWorkflowId(domainIdOf(input)),
    statusQuery: 'changeDomainStatus',
    exclusive: true,
    reusePolicy: 'ALLOW_DUPLICATE',
    example: { domainId: 10000001, domain: 'acme.example', useMail: false },
  },
  {
    type: transferCustomer.name,
    summary: 'take over an Online Direct tenant with the partner code it issued, and wait until it is ours',
    operation: 'transfer',
    workflowIdPattern: 'transfer/<domain>',
    schema: transferCustomerInputSchema,
    parseInput: parseTransferCustomerInput,
    workflowId: (input) => transferWorkflowId((input as { domain: string }).domain),
    statusQuery: 'transferStatus',
    exclusive: true,
    reusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    example: { domain: 'direct.example', partnerCode: 'WSq1abc', enablePartnerProfileDisplay: true },
  },
  {
    type: userCap.name,
    summary: "set, schedule or cancel a customer's user cap (maxMemberCount)",
    operation: 'user-cap',
    workflowIdPattern: 'user-cap/<domainId>',
    schema: userCapInputSchema,
    parseInput: parseUserCapInput,
    workflowId: (input) => userCapWorkflowId(domainIdOf(input)),
    statusQuery: 'userCapStatus',
    exclusive: true,
    reusePolicy: 'ALLOW_DUPLICATE',
    example: { domainId: 10000001, action: 'SET_NOW', maxMemberCount: 50 },
  },
  {
    type: updateCustomerDetails.name,
    summary: "change a customer's company name, phone, time zone, locale or partnership fields (only what differs)",
    operation: 'customer-update',
    workflowIdPattern: 'customer-update/<domainId>',
    schema: updateCustomerDetailsInputSchema,
    parseInput: parseUpdateCustomerDetailsInput,
    workflowId: (input) => updateCustomerWorkflowId(domainIdOf(input)),
    statusQuery: 'customerUpdateStatus',
    exclusive: true,
    reusePolicy: 'ALLOW_DUPLICATE',
    example: { domainId: 10000001, changes: { companyName: 'Acme Holdings', phoneNumber: '03-1234-0000' }, requestedBy: 'crm:sato' },
  },
  {
    type: cancelCustomer.name,
    summary: 'cancel a customer now or on a date, after an approval (update approveCancellation)',
    operation: 'cancel',
    workflowIdPattern: 'cancel/<domainId>',
    schema: cancelCustomerInputSchema,
    parseInput: parseCancelCustomerInput,
    workflowId: (input) => cancelWorkflowId(domainIdOf(input)),
    statusQuery: 'cancellationStatus',
    approval: { update: 'approveCancellation', args: (approver, reason) => [{ approvedBy: approver, reason }] },
    exclusive: true,
    reusePolicy: 'ALLOW_DUPLICATE',
    example: { domainId: 10000001, mode: 'NOW', requestedBy: 'crm:sato', reason: 'contract ended' },
  },
  {
    type: bulkChange.name,
    summary: 'one subscription, option or user-cap change for many customers (domain IDs or a product/plan filter), a few at a time, with a results file',
    operation: 'bulk-change',
    workflowIdPattern: 'bulk-change/<batchId>',
    schema: bulkChangeInputSchema,
    parseInput: parseBulkChangeInput,
    workflowId: (input) => bulkChangeWorkflowId((input as { batchId: string }).batchId),
    statusQuery: 'bulkChangeStatus',
    toPreviewInput: (input) => ({ ...(input as object), batchId: `${(input as { batchId: string }).batchId}.preview`, preview: true }),
    // A batch ID is used once: a re-run would find every customer's change already made.
    reusePolicy: 'REJECT_DUPLICATE',
    example: {
      batchId: 'price-change-2026-12',
      change: { kind: 'subscription', request: { action: 'ADD_LICENSES', addLicenses: 5, when: 'now' } },
      customers: { productId: 'ADV' },
      concurrency: 5,
    },
  },
];

export function findCatalogEntry(type: string): CatalogEntry | undefined {
  return WORKFLOW_CATALOG.find((entry) => entry.type === type);
}

/**
 * The JSON Schema of a workflow's input (what a caller sends: defaults may be left out), generated from its schema:
 * for the Web UI docs and for clients such as the webhook. Rules that need the clock or several fields (date
 * windows, fields per action) are not expressible there: `parseInput` checks them.
 */
export function workflowInputJsonSchema(type: string): Record<string, unknown> | undefined {
  const entry = findCatalogEntry(type);
  return entry ? (z.toJSONSchema(entry.schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>) : undefined;
}
