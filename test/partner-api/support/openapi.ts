// openapi.yaml loaded once for the tests, with small helpers to walk it.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { specPath } from '../../../scripts/generate-api.js';

export type Schema = Record<string, unknown>;

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
  $ref?: string;
}

export interface SpecOperation {
  operationId: string;
  parameters?: SpecParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

export interface OpenApiSpec {
  paths: Record<string, Record<string, SpecOperation> & { parameters?: SpecParameter[] }>;
  components: Record<string, Record<string, unknown>>;
}

export interface OperationEntry {
  operationId: string;
  method: string;
  template: string;
  operation: SpecOperation;
  parameters: SpecParameter[];
}

export const spec = parse(readFileSync(specPath(), 'utf8')) as OpenApiSpec;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Follows a local `#/...` reference inside the spec. */
export function resolveRef<T>(ref: string): T {
  if (!ref.startsWith('#/')) throw new Error(`only local references are supported, got ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((token) => decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, token) => (node as Record<string, unknown>)[token], spec) as T;
}

function deref<T extends object>(value: T | { $ref: string }): T {
  return '$ref' in value && typeof value.$ref === 'string' ? deref(resolveRef<T>(value.$ref)) : (value as T);
}

/** Every operation with its method, path template and resolved parameters (path-level ones included). */
export const operationEntries: OperationEntry[] = Object.entries(spec.paths).flatMap(([template, item]) =>
  METHODS.filter((m) => item[m]).map((method) => {
    const operation = item[method] as SpecOperation;
    const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((p) => deref<SpecParameter>(p));
    return { operationId: operation.operationId, method: method.toUpperCase(), template, operation, parameters };
  }),
);

export function entryFor(operationId: string): OperationEntry {
  const entry = operationEntries.find((e) => e.operationId === operationId);
  if (!entry) throw new Error(`no operation ${operationId} in openapi.yaml`);
  return entry;
}

/** The first 2xx response of an operation: its status key and JSON schema (undefined when it has no content). */
export function successResponse(operationId: string): { status: string; schema?: Schema } {
  const { operation } = entryFor(operationId);
  const status = Object.keys(operation.responses).find((s) => /^2(\d\d|XX)$/.test(s));
  if (!status) throw new Error(`${operationId} documents no 2xx response`);
  return { status, schema: operation.responses[status]?.content?.['application/json']?.schema };
}
