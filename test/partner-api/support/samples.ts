// Schema-valid request and response samples per operation, checked with the same validator the tests use.
import { entryFor, successResponse, type Schema } from './openapi.js';
import { schemaErrors } from './request-validator.js';
import { sample } from './sample.js';

/** A full sample (every property) if it validates, else one with required properties only; throws if neither does. */
export function validSample(schema: Schema, direction: 'request' | 'response', where: string): unknown {
  const full = sample(schema, { direction, full: true });
  if (schemaErrors(schema, full, where).length === 0) return full;
  const minimal = sample(schema, { direction, full: false });
  const errors = schemaErrors(schema, minimal, where);
  if (errors.length > 0) throw new Error(`cannot build a valid sample for ${where}: ${errors.join('; ')}`);
  return minimal;
}

export function requestBodySample(operationId: string): unknown {
  const schema = entryFor(operationId).operation.requestBody?.content['application/json']?.schema;
  return schema ? validSample(schema, 'request', `${operationId} request body`) : undefined;
}

/** Every declared query parameter with a valid sample value. */
export function querySample(operationId: string): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const parameter of entryFor(operationId).parameters.filter((p) => p.in === 'query')) {
    if (parameter.schema) query[parameter.name] = validSample(parameter.schema, 'request', `${operationId} query ${parameter.name}`);
  }
  return query;
}

/** The HTTP answer a faithful server would give: the first documented 2xx status and a valid body for it. */
export function successReply(operationId: string): { status: number; body?: unknown } {
  const { status, schema } = successResponse(operationId);
  const code = status === '2XX' ? 200 : Number(status);
  return { status: code, body: schema ? validSample(schema, 'response', `${operationId} response`) : undefined };
}
