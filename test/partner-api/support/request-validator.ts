// Validates recorded HTTP requests against openapi.yaml with ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses):
// the method and path must match an operation's template (fixed segments win over parameters, so
// /subscriptions/pre-orders is never read as a subscriptionId), path and query parameters must be declared and valid
// for their schemas, required ones present, and the JSON body must match the request body schema.
import formatsPlugin from 'ajv-formats';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { operationEntries, spec, type OperationEntry, type Schema, type SpecParameter } from './openapi.js';

export interface HttpRequestRecord {
  method: string;
  /** Path and query exactly as sent (still percent-encoded). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface ValidationResult {
  operationId?: string;
  /** Decoded and type-coerced path parameters. */
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body?: unknown;
  errors: string[];
}

const SPEC_ID = 'openapi.json';

function createAjv(): Ajv2020 {
  // strict off: the spec carries x-* extensions and `example`, which are not JSON Schema keywords.
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  formatsPlugin.default(ajv);
  ajv.addSchema({ $id: SPEC_ID, components: spec.components }, SPEC_ID);
  return ajv;
}

const ajv = createAjv();
const compiled = new Map<string, ValidateFunction>();

/** Compiles a schema taken from the spec; its local `#/components/...` references point into the spec document. */
export function validatorFor(schema: Schema): ValidateFunction {
  const text = JSON.stringify(schema);
  let validate = compiled.get(text);
  if (!validate) {
    validate = ajv.compile(JSON.parse(text.replaceAll('"#/components/', `"${SPEC_ID}#/components/`)) as Schema);
    compiled.set(text, validate);
  }
  return validate;
}

export function schemaErrors(schema: Schema, value: unknown, where: string): string[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${where}${e.instancePath} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
}

interface Route {
  entry: OperationEntry;
  pattern: RegExp;
  names: string[];
  fixedSegments: number;
}

const routes: Route[] = operationEntries.map((entry) => {
  const names: string[] = [];
  const segments = entry.template.split('/').filter(Boolean);
  const pattern = segments
    .map((segment) => {
      const match = /^\{(\w+)\}$/.exec(segment);
      if (!match) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(match[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { entry, pattern: new RegExp(`^/${pattern}$`), names, fixedSegments: segments.length - names.length };
});

/** The operation for a method and raw path (below the base URL), preferring the template with most fixed segments. */
export function matchRoute(method: string, rawPath: string): { entry: OperationEntry; rawParams: Record<string, string> } | undefined {
  const candidates = routes
    .filter((r) => r.entry.method === method.toUpperCase())
    .map((route) => ({ route, match: route.pattern.exec(rawPath) }))
    .filter((c): c is { route: Route; match: RegExpExecArray } => c.match !== null)
    .sort((a, b) => b.route.fixedSegments - a.route.fixedSegments);
  const best = candidates[0];
  if (!best) return undefined;
  return { entry: best.route.entry, rawParams: Object.fromEntries(best.route.names.map((name, i) => [name, best.match[i + 1]!])) };
}

function typeOf(schema: Schema | undefined): string | undefined {
  if (!schema) return undefined;
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref.split('/').pop()!;
    return typeOf((spec.components.schemas as Record<string, Schema>)[target]);
  }
  return Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') : (schema.type as string | undefined);
}

/** Turns a decoded string into the parameter's type; leaves it a string when it does not parse (the schema then fails). */
function coerce(raw: string, schema: Schema | undefined): unknown {
  const type = typeOf(schema);
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

function checkParameter(parameter: SpecParameter, raw: string, errors: string[]): unknown {
  const value = coerce(raw, parameter.schema);
  if (parameter.schema) errors.push(...schemaErrors(parameter.schema, value, `${parameter.in} parameter ${parameter.name}`));
  return value;
}

/** Validates one request; `basePath` is the path prefix of the API base URL (e.g. `/v1.0`). */
export function validateRequest(request: HttpRequestRecord, basePath: string): ValidationResult {
  const errors: string[] = [];
  const url = new URL(request.url, 'http://loopback');
  if (!url.pathname.startsWith(`${basePath}/`)) return { path: {}, query: {}, errors: [`path ${url.pathname} is not below ${basePath}`] };
  const rawPath = url.pathname.slice(basePath.length);
  const route = matchRoute(request.method, rawPath);
  if (!route) return { path: {}, query: {}, errors: [`no operation matches ${request.method} ${rawPath}`] };
  const { entry } = route;

  const path: Record<string, unknown> = {};
  for (const parameter of entry.parameters.filter((p) => p.in === 'path')) {
    const raw = route.rawParams[parameter.name];
    if (raw === undefined) errors.push(`path parameter ${parameter.name} is missing`);
    else path[parameter.name] = checkParameter(parameter, decodeURIComponent(raw), errors);
  }

  // Form-style decoding, as servers read query strings: a raw "+" would arrive as a space.
  const query: Record<string, unknown> = {};
  const declared = entry.parameters.filter((p) => p.in === 'query');
  for (const [name, raw] of url.searchParams) {
    const parameter = declared.find((p) => p.name === name);
    if (!parameter) errors.push(`query parameter ${name} is not declared for ${entry.operationId}`);
    else if (name in query) errors.push(`query parameter ${name} is repeated`);
    else query[name] = checkParameter(parameter, raw, errors);
  }
  for (const parameter of declared) if (parameter.required && !(parameter.name in query)) errors.push(`required query parameter ${parameter.name} is missing`);

  const authorization = request.headers.authorization;
  if (typeof authorization !== 'string' || !/^Bearer \S+$/.test(authorization)) errors.push('Authorization: Bearer <token> is missing');
  for (const parameter of entry.parameters.filter((p) => p.in === 'header' && p.required)) {
    if (request.headers[parameter.name.toLowerCase()] === undefined) errors.push(`required header ${parameter.name} is missing`);
  }

  let body: unknown;
  const requestBody = entry.operation.requestBody;
  if (!requestBody) {
    if (request.body.length > 0) errors.push(`${entry.operationId} takes no request body, but one was sent`);
  } else if (request.body.length === 0) {
    if (requestBody.required) errors.push(`${entry.operationId} requires a request body`);
  } else {
    const contentType = String(request.headers['content-type'] ?? '');
    const media = requestBody.content['application/json'];
    if (!contentType.startsWith('application/json') || !media) errors.push(`content-type ${contentType} is not application/json`);
    try {
      body = JSON.parse(request.body);
      if (media) errors.push(...schemaErrors(media.schema, body, 'body'));
    } catch {
      errors.push('request body is not JSON');
    }
  }
  return { operationId: entry.operationId, path, query, body, errors };
}
