// Input (version 1) of the group-name-to-domain workflow: its schema (type inferred, validation from it). Pure: shared
// with clients.
import { dnsWaitInputSchema } from './dns-wait-settings.js';
import { changeDomainCarryOverSchema, CONTINUED_DNS_WAIT_FIELD } from './dns-wait-carry-over.js';
import type { z } from '../schema.js';
import { domainIdSchema, domainNameSchema, flag, parseWithSchema, strictObject } from '../schema.js';
import { sharedSchema } from '../shared-schema.js';

export const changeDomainInputSchema = sharedSchema('onboarding/change-domain-input#changeDomainInputSchema', () => strictObject({
  /** The group-name customer. */
  domainId: domainIdSchema(),
  /** The domain it moves to, e.g. `example.com` (or a `*.by-works.com` name, which needs no DNS). */
  domain: domainNameSchema(),
  /** The customer uses LINE WORKS Mail on the Advanced plan: wait for MX too, and remind about MX settings. */
  useMail: flag().optional(),
  /** Another upgrade domain is registered for this customer: delete it and register `domain` instead. */
  replaceRegisteredUpgradeDomain: flag().optional(),
  dnsWait: dnsWaitInputSchema.optional(),
}));

export type ChangeDomainInputV1 = z.infer<typeof changeDomainInputSchema>;
export type ChangeDomainInput = ChangeDomainInputV1;

export function changeDomainWorkflowId(domainId: number): string {
  return `change-domain/${domainId}`;
}

export function parseChangeDomainInput(raw: unknown): ChangeDomainInput {
  return parseWithSchema('changeGroupToDomain', changeDomainInputSchema, raw);
}

/** What the workflow itself parses: the start input plus what a run that continued as new during the DNS wait carries. */
export const changeDomainRunInputSchema = sharedSchema('onboarding/change-domain-input#changeDomainRunInputSchema', () => changeDomainInputSchema.extend({ [CONTINUED_DNS_WAIT_FIELD]: changeDomainCarryOverSchema.optional() }));

export type ChangeDomainRunInput = z.infer<typeof changeDomainRunInputSchema>;

export function parseChangeDomainRunInput(raw: unknown): ChangeDomainRunInput {
  return parseWithSchema('changeGroupToDomain', changeDomainRunInputSchema, raw);
}
