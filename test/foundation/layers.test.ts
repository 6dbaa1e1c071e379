// The layer rule of eslint.config.js: imports point downward only and never in a circle. The rule is proven on
// fixtures written into the real folders (so the real configuration applies), then removed.
import { ESLint } from 'eslint';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const planted: string[] = [];

async function lintPlanted(files: Record<string, string>): Promise<ESLint.LintResult[]> {
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, relative);
    writeFileSync(file, text);
    planted.push(file);
  }
  const eslint = new ESLint({ cwd: root });
  return eslint.lintFiles(Object.keys(files));
}

function messages(results: ESLint.LintResult[]): string[] {
  return results.flatMap((result) => result.messages.map((m) => `${path.relative(root, result.filePath)}: ${m.ruleId}: ${m.message}`));
}

afterEach(() => {
  for (const file of planted.splice(0)) rmSync(file, { force: true });
});

test('an activity importing a workflow module is refused, naming both layers', async () => {
  const results = await lintPlanted({
    'activities/zz-layer-fixture.ts': "import { onboardWorkflowId } from '../workflows/catalog.js';\nexport const id = onboardWorkflowId('a.example');\n",
  });
  expect(messages(results)).toEqual([
    expect.stringMatching(/^activities\/zz-layer-fixture\.ts: import-x\/no-restricted-paths: .*workflows\/ is above activities\//),
  ]);
});

test('domain rules may name the API vocabulary but not the Partner API client', async () => {
  const results = await lintPlanted({
    'domain/zz-layer-fixture.ts':
      "import type { Customer } from '../partner-api/types.js';\nimport { PartnerApiClient } from '../partner-api/client.js';\nexport type C = Customer;\nexport const K = PartnerApiClient;\n",
  });
  const found = messages(results);
  expect(found).toHaveLength(1);
  expect(found[0]).toMatch(/domain\/zz-layer-fixture\.ts: import-x\/no-restricted-paths: .*Domain rules are pure/);
});

test('an import cycle is refused', async () => {
  const results = await lintPlanted({
    'domain/zz-cycle-a.ts': "import { b } from './zz-cycle-b.js';\nexport const a = (): number => b() + 1;\n",
    'domain/zz-cycle-b.ts': "import { a } from './zz-cycle-a.js';\nexport const b = (): number => (a.length > 1 ? 0 : 1);\n",
  });
  expect(messages(results).filter((m) => m.includes('import-x/no-cycle'))).toHaveLength(2);
});

test('the tree as it stands breaks no layer rule', async () => {
  const eslint = new ESLint({ cwd: root, overrideConfig: { rules: { '@typescript-eslint/no-floating-promises': 'off' } } });
  const results = await eslint.lintFiles(['activities', 'crm', 'config', 'dns', 'domain', 'partner-api', 'setup-link', 'workflows', 'workers', 'lib', 'observability', 'cli', 'webhook', 'setup-page', 'scripts', 'simulator']);
  const layerProblems = messages(results).filter((m) => /import-x\/(no-restricted-paths|no-cycle)/.test(m));
  expect(layerProblems).toEqual([]);
});

test("zod formats built on zod's shared (in a worker, frozen) RegExps are refused in domain/ and workflows/", async () => {
  const results = await lintPlanted({
    'domain/zz-zod-fixture.ts':
      "import { z } from 'zod';\nexport const a = z.email();\nexport const b = z.string().lowercase();\nexport const c = z.iso.date();\nexport const d = z.string().regex(/^[a-z]+$/);\nexport const e = z.iso.datetime();\n",
    'workflows/zz-zod-fixture.ts': "import { z } from 'zod';\nz.config({ jitless: true });\nexport const f = z.ipv4();\n",
  });
  const found = messages(results);
  expect(found.filter((m) => m.includes('no-restricted-syntax'))).toHaveLength(5);
  expect(found.filter((m) => m.startsWith('domain/zz-zod-fixture.ts'))).toHaveLength(3);
  expect(found.join('\n')).toContain('Use .regex() with a pattern of your own');
  expect(found.join('\n')).toContain('its config cannot change there');
});
