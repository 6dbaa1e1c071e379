// Input (version 1) of the group-name-to-domain workflow, and its validation. Pure: shared with clients.
import { parseDnsWaitSettings, type DnsWaitSettings } from './dns-wait-settings.js';
import { asObject, InvalidInputError, type Problems } from '../input-validation.js';

export interface ChangeDomainInputV1 {
  /** The group-name customer. */
  domainId: number;
  /** The domain it moves to, e.g. `example.com` (or a `*.by-works.com` name, which needs no DNS). */
  domain: string;
  /** The customer uses LINE WORKS Mail on the Advanced plan: wait for MX too, and remind about MX settings. */
  useMail?: boolean;
  /** Another upgrade domain is registered for this customer: delete it and register `domain` instead. */
  replaceRegisteredUpgradeDomain?: boolean;
  dnsWait?: Partial<DnsWaitSettings>;
}

export type ChangeDomainInput = ChangeDomainInputV1;

export function changeDomainWorkflowId(domainId: number): string {
  return `change-domain/${domainId}`;
}

export function parseChangeDomainInput(raw: unknown): ChangeDomainInput {
  const problems: Problems = [];
  const input = asObject(raw, 'input', problems);
  const domainId = input.domainId;
  if (typeof domainId !== 'number' || !Number.isInteger(domainId) || domainId <= 0) problems.push('domainId is required (a positive whole number)');
  const domain = input.domain;
  if (typeof domain !== 'string' || !/^[a-z0-9][a-z0-9.-]{0,20}[a-z0-9]$/.test(domain) || domain.includes('--')) {
    problems.push('domain is required: 2-22 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit, no "--"');
  }
  for (const field of ['useMail', 'replaceRegisteredUpgradeDomain'] as const) {
    if (input[field] !== undefined && typeof input[field] !== 'boolean') problems.push(`${field} must be true or false`);
  }
  const dnsWait = parseDnsWaitSettings(input.dnsWait, problems);
  const known = new Set(['domainId', 'domain', 'useMail', 'replaceRegisteredUpgradeDomain', 'dnsWait']);
  for (const key of Object.keys(input)) if (!known.has(key)) problems.push(`${key} is not a known field`);
  if (problems.length > 0) throw new InvalidInputError('changeGroupToDomain', problems);
  return {
    domainId: domainId as number,
    domain: domain as string,
    ...(input.useMail === undefined ? {} : { useMail: input.useMail as boolean }),
    ...(input.replaceRegisteredUpgradeDomain === undefined ? {} : { replaceRegisteredUpgradeDomain: input.replaceRegisteredUpgradeDomain as boolean }),
    ...(dnsWait ? { dnsWait } : {}),
  };
}
