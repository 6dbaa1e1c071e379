// The versioned event envelope the CRM sends (docs/webhook.md) and its validation with ajv. Errors name the
// field at fault as a dotted path, e.g. `data.domain is required`.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export interface CrmEvent<D = Record<string, unknown>> {
  specVersion: '1';
  /** Unique per event; a repeated delivery carries the same ID. */
  id: string;
  type: string;
  occurredAt: string;
  data: D;
}

export const ENVELOPE_SCHEMA = {
  type: 'object',
  required: ['specVersion', 'id', 'type', 'occurredAt', 'data'],
  additionalProperties: false,
  properties: {
    specVersion: { const: '1' },
    id: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
    type: { type: 'string', pattern: '^[a-z]+(\\.[a-z_]+)+$', maxLength: 64 },
    occurredAt: { type: 'string', format: 'date-time' },
    data: { type: 'object' },
  },
} as const;

export const ajv = addFormats(new Ajv({ allErrors: true, strict: true }));
const validateEnvelope = ajv.compile(ENVELOPE_SCHEMA);

/** `/data/domain` + required `phoneNumber` → `data.domain`, `data.phoneNumber is required`. */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined, root = ''): string[] {
  return (errors ?? []).map((e) => {
    const at = [root, ...e.instancePath.split('/').filter(Boolean)].filter(Boolean).join('.');
    if (e.keyword === 'required') return `${[at, (e.params as { missingProperty: string }).missingProperty].filter(Boolean).join('.')} is required`;
    if (e.keyword === 'additionalProperties') return `${[at, (e.params as { additionalProperty: string }).additionalProperty].filter(Boolean).join('.')} is not a known field`;
    if (e.keyword === 'const') return `${at || 'body'} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    return `${at || 'body'} ${e.message ?? 'is invalid'}`;
  });
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export function checkEnvelope(body: unknown): Checked<CrmEvent> {
  return validateEnvelope(body) ? { ok: true, value: body as unknown as CrmEvent } : { ok: false, problems: describeAjvErrors(validateEnvelope.errors) };
}

export function compileData(schema: object): ValidateFunction {
  return ajv.compile(schema);
}
