// Writes each workflow's input JSON Schema into docs/web-ui.md, generated from the workflow's zod schema (the
// catalog's `workflowInputJsonSchema`), so the doc shows every field, bound and allowed value without a second,
// hand-kept copy. Each block sits between `<!-- input-schema:TYPE -->` and `<!-- /input-schema -->` in the
// workflow's section.
//   tsx scripts/generate-web-ui-schemas.ts          rewrites the blocks in docs/web-ui.md
//   tsx scripts/generate-web-ui-schemas.ts --check  exits 1 when a block is out of date (test/triggers/web-ui-docs.test.ts checks the same)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WORKFLOW_CATALOG, workflowInputJsonSchema } from '../workflows/catalog.js';

export const WEB_UI_DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'web-ui.md');

const BLOCK = /<!-- input-schema:([A-Za-z]+) -->[\s\S]*?<!-- \/input-schema -->/g;

/** The generated block of one workflow type, markers included. */
export function inputSchemaBlock(type: string): string {
  const { $schema: _dialect, ...schema } = workflowInputJsonSchema(type) ?? {};
  return [
    `<!-- input-schema:${type} -->`,
    '<details><summary>Input JSON Schema (generated from the workflow\'s schema; date windows and fields per action are checked too)</summary>',
    '',
    '```json',
    JSON.stringify(schema, null, 2),
    '```',
    '',
    '</details>',
    '<!-- /input-schema -->',
  ].join('\n');
}

/** The doc with every block regenerated; throws when a workflow has no block to fill. */
export function renderWebUiDoc(doc: string): string {
  const missing = WORKFLOW_CATALOG.map((entry) => entry.type).filter((type) => !doc.includes(`<!-- input-schema:${type} -->`));
  if (missing.length > 0) throw new Error(`docs/web-ui.md has no input-schema block for ${missing.join(', ')}`);
  return doc.replace(BLOCK, (_block, type: string) => inputSchemaBlock(type));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const doc = readFileSync(WEB_UI_DOC, 'utf8');
  const rendered = renderWebUiDoc(doc);
  if (process.argv.includes('--check')) {
    if (rendered !== doc) {
      console.error('docs/web-ui.md input schemas are out of date (run tsx scripts/generate-web-ui-schemas.ts)');
      process.exit(1);
    }
  } else {
    writeFileSync(WEB_UI_DOC, rendered);
    console.log(`wrote the input schemas of ${WORKFLOW_CATALOG.length} workflows into ${WEB_UI_DOC}`);
  }
}
