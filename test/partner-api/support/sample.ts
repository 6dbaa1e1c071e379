// Builds a schema-valid example value from a JSON schema of openapi.yaml: the first enum value, the first branch of
// oneOf/anyOf, merged allOf parts, one array item, and formats filled with plausible values. `full` fills every
// property; otherwise only required ones. Requests leave out readOnly properties; responses leave out writeOnly ones.
import { resolveRef, type Schema } from './openapi.js';

export interface SampleOptions {
  direction: 'request' | 'response';
  full: boolean;
}

const FORMATS: Record<string, string> = {
  date: '2026-12-01',
  'date-time': '2026-11-01T00:00:00.000Z',
  email: 'admin@example.com',
  uri: 'https://example.com/',
};

function exampleOf(schema: Schema): unknown {
  if ('example' in schema) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  return undefined;
}

export function sample(schema: Schema, options: SampleOptions, depth = 0): unknown {
  if (depth > 12) throw new Error('schema nests too deeply for a sample');
  if (typeof schema.$ref === 'string') return sample({ ...resolveRef<Schema>(schema.$ref), ...withoutRef(schema) }, options, depth + 1);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.allOf)) {
    const parts = (schema.allOf as Schema[]).map((part) => sample(part, options, depth + 1));
    if (parts.every((p) => typeof p === 'object' && p !== null && !Array.isArray(p))) {
      return Object.assign({}, ...parts, sampleObject(schema, options, depth));
    }
    return parts[0];
  }
  for (const key of ['oneOf', 'anyOf']) {
    const branches = schema[key] as Schema[] | undefined;
    if (Array.isArray(branches)) return sample(branches.find((b) => b.type !== 'null') ?? branches[0]!, options, depth + 1);
  }
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  const type = types.find((t) => t !== 'null') ?? (schema.properties ? 'object' : undefined);
  const example = exampleOf(schema);
  switch (type) {
    case 'object':
      return sampleObject(schema, options, depth);
    case 'array':
      return [sample((schema.items as Schema | undefined) ?? {}, options, depth + 1)];
    case 'string': {
      if (typeof schema.format === 'string' && FORMATS[schema.format]) return FORMATS[schema.format];
      if (typeof example === 'string') return example;
      if (schema.pattern === '^[0-9]+$') return '1';
      const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
      return 'sample'.padEnd(min, 'x').slice(0, typeof schema.maxLength === 'number' ? schema.maxLength : undefined);
    }
    case 'integer':
    case 'number':
      if (typeof example === 'number') return example;
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return typeof example === 'boolean' ? example : true;
    default:
      return example ?? 'sample';
  }
}

function withoutRef(schema: Schema): Schema {
  const { $ref: _ref, ...rest } = schema;
  return rest;
}

function sampleObject(schema: Schema, options: SampleOptions, depth: number): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  const result: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    const resolved = typeof property.$ref === 'string' ? { ...resolveRef<Schema>(property.$ref), ...property } : property;
    if (options.direction === 'request' && resolved.readOnly === true && !required.has(name)) continue;
    if (options.direction === 'response' && resolved.writeOnly === true && !required.has(name)) continue;
    if (!options.full && !required.has(name)) continue;
    result[name] = sample(property, options, depth + 1);
  }
  return result;
}
