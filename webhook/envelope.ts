// The versioned event envelope the CRM sends (docs/webhook.md), as a zod schema. Problems name the field at fault
// as a dotted path, e.g. `id is required (a string)`, `extra is not a known field` (domain/schema.ts wording).
import { problemsOf, z } from '../domain/schema.js';

export const envelopeSchema = z.strictObject({
  specVersion: z.literal('1', { error: 'must be "1"' }),
  /** Unique per event; a repeated delivery carries the same ID. */
  id: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1-128 of A-Z a-z 0-9 . _ : -'),
  type: z.string().max(64).regex(/^[a-z]+(\.[a-z_]+)+$/, 'must be a dotted event type such as customer.contracted'),
  occurredAt: z.iso.datetime({ offset: true, error: 'must be an RFC 3339 date-time such as 2026-11-27T09:00:00+09:00' }),
  data: z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }),
});

export type CrmEvent = z.output<typeof envelopeSchema>;

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export function checkEnvelope(body: unknown): Checked<CrmEvent> {
  const parsed = envelopeSchema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: problemsOf(parsed.error.issues) };
}
