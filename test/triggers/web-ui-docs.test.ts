// docs/web-ui.md stays true: every example input passes its workflow's own validation, every workflow the clients
// can start has a section, each section names the business ID pattern the catalog uses, and each shows the input
// JSON Schema generated from the workflow's schema.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inputSchemaBlock, renderWebUiDoc } from '../../scripts/generate-web-ui-schemas.js';
import { WORKFLOW_CATALOG, findCatalogEntry, workflowInputJsonSchema } from '../../workflows/catalog.js';

const doc = readFileSync(fileURLToPath(new URL('../../docs/web-ui.md', import.meta.url)), 'utf8');

/** `### \`type\`` sections, each with the first ```json block under it. */
function sections(): Array<{ type: string; body: string; example: string | undefined }> {
  return doc
    .split(/^### /m)
    .slice(1)
    .map((section) => {
      const type = /^`([^`]+)`/.exec(section)?.[1] ?? '';
      return { type, body: section, example: /```json\n([\s\S]*?)```/.exec(section)?.[1] };
    });
}

test('every startable workflow has a section in docs/web-ui.md', () => {
  const documented = sections().map((s) => s.type);
  expect(documented.sort()).toEqual(WORKFLOW_CATALOG.map((e) => e.type).sort());
});

test.each(sections().map((s) => [s.type, s] as const))('the %s example passes the workflow input validation', (type, section) => {
  const entry = findCatalogEntry(type);
  expect(entry).toBeDefined();
  expect(section.example).toBeDefined();
  const input = JSON.parse(section.example as string) as unknown;
  expect(() => entry?.parseInput(input)).not.toThrow();
  // The documented ID pattern is the one the clients use.
  expect(section.body).toContain(entry?.workflowIdPattern.replace(/<timestamp>$/, '') ?? '');
});

test('a broken example would be caught: validation rejects a changed field', () => {
  const onboarding = JSON.parse(sections().find((s) => s.type === 'onboardCustomer')?.example as string) as Record<string, unknown>;
  expect(() => findCatalogEntry('onboardCustomer')?.parseInput({ ...onboarding, locale: 'xx_XX' })).toThrow(/locale/);
});

test('the documented task queue is the default one', () => {
  expect(doc).toContain('`lineworks-partner`');
});

test.each(sections().map((s) => [s.type, s] as const))('the %s section shows the input JSON Schema generated from its schema', (type, section) => {
  expect(section.body).toContain(inputSchemaBlock(type));
  // The schema is a real JSON Schema of the input: it refuses unknown fields and names the required ones.
  const schema = workflowInputJsonSchema(type) as { additionalProperties?: boolean; oneOf?: unknown[]; required?: string[] };
  expect(schema.additionalProperties === false || Array.isArray(schema.oneOf)).toBe(true);
});

test('the generated blocks are up to date (tsx scripts/generate-web-ui-schemas.ts rewrites them)', () => {
  expect(renderWebUiDoc(doc)).toBe(doc);
  expect(() => renderWebUiDoc(doc.replace('<!-- input-schema:driftCheck -->', ''))).toThrow(/no input-schema block for driftCheck/);
});
