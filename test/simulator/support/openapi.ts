// Validates simulator answers against openapi.yaml with ajv (OpenAPI 3.1 = JSON Schema 2020-12):
//  - a 2xx status must be one the operation lists (or its "2XX"), and the body must match that response's schema
//    (no body where the spec lists no content);
//  - an error status must be listed for the operation, or be a cross-cutting one from conventions.md (401, 403, 429,
//    500, 503), or - for operations whose docs list no errors at all - one of ErrorResponse.x-known-codes-by-status;
//    the body must match ErrorResponse ({code, description}).
// Enum schemas that document further values seen elsewhere (x-related-values, e.g. SubscriptionStatus UPGRADING) accept
// those too: the spec tells simulators to treat them as possible.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import type { OperationId } from '../../../partner-api/operations.js';

const SPEC_ID = 'https://partner-api.local/openapi.json';
const CROSS_CUTTING = [401, 403, 429, 500, 503];

interface Operation {
  responses: Record<string, { content?: Record<string, unknown> }>;
}

function specPath(): string {
  if (process.env.PARTNER_API_SPEC) return path.resolve(process.env.PARTNER_API_SPEC);
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  return path.join(root, 'partner-api', 'spec', 'openapi.yaml');
}

/** Widens enums by their x-related-values (values the spec says may appear). */
function widenEnums(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(widenEnums);
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  if (Array.isArray(schema.enum) && typeof schema['x-related-values'] === 'object' && schema['x-related-values'] !== null) {
    schema.enum = [...schema.enum, ...Object.keys(schema['x-related-values'] as object)];
  }
  Object.values(schema).forEach(widenEnums);
}

const spec = parse(readFileSync(specPath(), 'utf8')) as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
widenEnums(spec);
const errorCodesByStatus = Object.keys((spec.components.schemas.ErrorResponse as Record<string, object>)['x-known-codes-by-status']!).map(Number);

const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
ajv.addSchema({ ...spec, $id: SPEC_ID });

const operations = new Map<string, { pointer: string; operation: Operation }>();
for (const [template, methods] of Object.entries(spec.paths)) {
  for (const [method, operation] of Object.entries(methods)) {
    const id = (operation as { operationId?: string }).operationId;
    if (id) operations.set(id, { pointer: `#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}`, operation });
  }
}

const errorSchema = ajv.compile({
  allOf: [{ $ref: `${SPEC_ID}#/components/schemas/ErrorResponse` }, { required: ['code', 'description'], properties: { description: { type: 'string' } } }],
});

export function operationIds(): string[] {
  return [...operations.keys()];
}

/** Problems with an answer of `operationId`; empty when it matches the spec. */
export function responseProblems(operationId: OperationId, status: number, body: unknown): string[] {
  const entry = operations.get(operationId);
  if (!entry) return [`${operationId} is not in openapi.yaml`];
  const listed = Object.keys(entry.operation.responses);
  if (status >= 200 && status < 300) {
    const key = listed.includes(String(status)) ? String(status) : listed.includes('2XX') ? '2XX' : undefined;
    if (!key) return [`status ${status} is not listed for ${operationId} (listed: ${listed.join(', ')})`];
    const content = entry.operation.responses[key]!.content;
    if (!content) return body === undefined ? [] : [`${operationId} ${status} lists no body but one was sent`];
    const pointer = `${entry.pointer}/responses/${key}/content/application~1json/schema`;
    const validate = ajv.getSchema(`${SPEC_ID}${pointer}`);
    if (!validate) return [`no schema at ${pointer}`];
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
  const documentsErrors = listed.some((s) => /^[45]/.test(s));
  const allowed = listed.includes(String(status)) || CROSS_CUTTING.includes(status) || (!documentsErrors && errorCodesByStatus.includes(status));
  const problems = allowed ? [] : [`error status ${status} is not allowed for ${operationId} (listed: ${listed.join(', ')})`];
  if (!errorSchema(body)) problems.push(...(errorSchema.errors ?? []).map((e) => `error body ${e.instancePath || '/'} ${e.message}`));
  return problems;
}
