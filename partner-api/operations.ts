// The Partner API's operations by operationId (method, path template, access), generated from openapi.yaml.
// Growing the client means adding a typed method; how requests are made never changes.
import { OPERATIONS } from './generated/operations.js';

export { OPERATIONS };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `read` operations accept a `partner.read` token; `write` operations need `partner`. */
export type Access = 'read' | 'write';

export interface OperationSpec {
  method: HttpMethod;
  /** Path below the API base URL, with `{name}` placeholders for path parameters. */
  path: string;
  access: Access;
  /** The 2xx statuses the spec documents for this operation; '2XX' where the docs did not show the exact code. */
  successStatuses: readonly (number | '2XX')[];
}

export type OperationId = keyof typeof OPERATIONS;

// Compile-time check that the generated table has the expected shape.
const _shape: Record<OperationId, OperationSpec> = OPERATIONS;
void _shape;

/** Fills `{name}` placeholders, URL-encoding each value; names every missing parameter. */
export function buildPath(template: string, params: Record<string, string | number> = {}): string {
  const missing: string[] = [];
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') {
      missing.push(name);
      return '';
    }
    return encodeURIComponent(String(value));
  });
  if (missing.length > 0) throw new TypeError(`missing path parameter(s) ${missing.join(', ')} for ${template}`);
  return path;
}

export type QueryValue = string | number | boolean | undefined;

/**
 * The query string (without `?`) for `query`, leaving out undefined values. Every name and value is percent-encoded
 * (encodeURIComponent), so cursors keep their + / = and spaces travel as %20 (the docs write `orderBy=name%20asc`).
 */
export function buildQuery(query: Record<string, QueryValue> = {}): string {
  return Object.entries(query)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
    .join('&');
}
