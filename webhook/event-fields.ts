// Field schemas shared by the CRM event types, and the checks every event gets whatever its type: identifiers that
// tie it to a customer (a domain name, a domain ID), and no field that looks like a secret anywhere in `data`
// (an event is logged and its data becomes workflow input, which Temporal stores in history).
import { looksLikeSecret, positiveInt, requiredText, z } from '../domain/schema.js';
import type { Problems } from '../domain/input-validation.js';

/** A DNS name of at least two labels (letters, digits, hyphens; no leading or trailing hyphen), at most 253 characters. */
const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

export const domainName = () =>
  z.string({ error: 'is required (a domain name such as acme.example)' }).regex(DOMAIN_NAME, 'must be a domain name such as acme.example');

/** The LINE WORKS domain ID of the customer. */
export const domainId = () => positiveInt(2_147_483_647, 'is required (a positive integer: the customer\'s domainId)');

export const subscriptionId = () => positiveInt(2_147_483_647, 'is required (a positive integer: the subscriptionId)');

/** A license count the API accepts: 1 to 1,000,000. */
export const licenseCount = () => positiveInt(1_000_000, 'must be a positive integer (a license count)');

/** A person or system named in an event (who approved, who asked). */
export const actor = () => requiredText(200);

/**
 * `data.<path> must never be in an event` for every key, at any depth, that looks like a secret (password, secret,
 * token, key in any case): refused even where the workflow's own schema would ignore or refuse the field anyway.
 */
export function secretFieldProblems(value: unknown, at = 'data'): Problems {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => {
    const field = Array.isArray(value) ? `${at}[${key}]` : `${at}.${key}`;
    const here = !Array.isArray(value) && looksLikeSecret(key) ? [`${field} must never be in an event: it looks like a secret (password, secret, token, key)`] : [];
    return [...here, ...secretFieldProblems(item, field)];
  });
}
