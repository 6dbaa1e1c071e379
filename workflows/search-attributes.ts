// Custom search attributes every partner workflow sets, so operators can find runs in the Web UI and `partnerctl list`
// by customer and operation. Registered on the dev server by lib/dev-server.ts and the test helpers; on a cluster or
// Temporal Cloud, register them once (see README, "Search attributes").
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';

/** The customer's domain or group name, e.g. `example.com`. */
export const CUSTOMER_DOMAIN = defineSearchAttributeKey('CustomerDomain', SearchAttributeType.KEYWORD);
/** The customer's LINE WORKS domainId, once known. */
export const DOMAIN_ID = defineSearchAttributeKey('DomainId', SearchAttributeType.INT);
/** What the workflow does: `onboard`, `transfer`, `subscription-change`, … */
export const PARTNER_OPERATION = defineSearchAttributeKey('PartnerOperation', SearchAttributeType.KEYWORD);
/** The workflow's current step or state, e.g. `WAITING_FOR_DNS`. */
export const PARTNER_STATE = defineSearchAttributeKey('PartnerState', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [CUSTOMER_DOMAIN, DOMAIN_ID, PARTNER_OPERATION, PARTNER_STATE];

/** `--search-attribute` values for `temporal server start-dev`. */
export function searchAttributeFlags(): string[] {
  const typeNames: Record<string, string> = { KEYWORD: 'Keyword', INT: 'Int' };
  return ALL_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${typeNames[key.type] ?? key.type}`]);
}

/** Sets the attributes that are known (undefined ones are left alone). Call from workflow code only. */
export function setPartnerSearchAttributes(values: { domain?: string; domainId?: number; operation?: string; state?: string }): void {
  const updates = [
    values.domain === undefined ? undefined : { key: CUSTOMER_DOMAIN, value: values.domain },
    values.domainId === undefined ? undefined : { key: DOMAIN_ID, value: values.domainId },
    values.operation === undefined ? undefined : { key: PARTNER_OPERATION, value: values.operation },
    values.state === undefined ? undefined : { key: PARTNER_STATE, value: values.state },
  ].filter((u) => u !== undefined);
  if (updates.length > 0) upsertSearchAttributes(updates as Parameters<typeof upsertSearchAttributes>[0]);
}
