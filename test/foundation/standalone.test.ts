// The repository stands on its own (issue #10): no source, test or script file reads a path outside the clone.
// The checker itself is proved on planted examples in a throwaway repository.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPERATIONS } from '../../partner-api/operations.js';
import { outsidePaths, repositoryFiles } from './support/outside-paths.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Spelled in pieces so this file does not itself hold a path into someone's home.
const PLANTED_KEY = `/${'home'}/someone/keys/private.key`;

test('no file of the repository reads a path outside it', () => {
  const files = repositoryFiles(root);
  // The scan covers the sources, the tests, the scripts and the non-TypeScript entry points.
  expect(files).toEqual(expect.arrayContaining(['scripts/generate-api.ts', 'test/simulator/support/openapi.ts', 'package.json', 'Dockerfile', '.ci/run']));
  expect(outsidePaths(root, files)).toEqual([]);
});

describe('the checker', () => {
  let planted: string;
  const plant = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(planted, file)), { recursive: true });
    writeFileSync(path.join(planted, file), text);
  };
  beforeEach(() => {
    planted = mkdtempSync(path.join(tmpdir(), 'outside-paths-'));
  });
  afterEach(() => rmSync(planted, { recursive: true, force: true }));

  test('finds every way of climbing out of the clone', () => {
    plant(
      'scripts/generate.ts',
      [
        "import path from 'node:path';",
        "import { fileURLToPath } from 'node:url';",
        "const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');",
        "export const spec = path.resolve(root, '..', 'reference', 'partner-api', 'openapi.yaml');",
      ].join('\n'),
    );
    plant('test/support/openapi.ts', "export const SPEC = '../../../reference/partner-api/openapi.yaml';\n");
    plant('test/a.test.ts', "import { x } from '../../elsewhere/x.js';\nconst y = new URL('../../sibling/file.json', import.meta.url);\nexport { x, y };\n");
    plant('lib/home.ts', `export const key = '${PLANTED_KEY}';\n`);
    plant('package.json', JSON.stringify({ scripts: { gen: 'tsx ../reference/generate.ts' } }, null, 2));

    const found = outsidePaths(planted);
    expect(found.map((f) => [f.file, f.line, f.resolvesTo])).toEqual([
      ['lib/home.ts', 1, PLANTED_KEY],
      ['package.json', 3, '<repo>/../reference/generate.ts'],
      ['scripts/generate.ts', 4, '<repo>/../reference/partner-api/openapi.yaml'],
      ['test/a.test.ts', 1, '<repo>/../elsewhere/x.js'],
      ['test/a.test.ts', 2, '<repo>/../sibling/file.json'],
      ['test/support/openapi.ts', 1, '<repo>/../reference/partner-api/openapi.yaml'],
    ]);
  });

  test('lets paths that stay inside pass, and ignores comments', () => {
    plant(
      'test/deep/b.test.ts',
      [
        '// the spec used to live in ../../../reference/partner-api/openapi.yaml',
        "import { helper } from '../helpers/x.js';",
        "const root = fileURLToPath(new URL('../..', import.meta.url));",
        "const spec = path.join(root, 'partner-api', 'spec', 'openapi.yaml');",
        "const up = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');",
        "const cache = path.join(os.homedir(), '.cache', 'tools');",
        'export { helper, spec, up, cache };',
      ].join('\n'),
    );
    plant('Dockerfile', 'FROM node:20\nCOPY . .\n');
    expect(outsidePaths(planted)).toEqual([]);
  });
});

test('every operation of the spec has a caller in the service or partnerctl', () => {
  // Callers live above the API client: the client, the generated table, the simulator and the tests do not count.
  const callerFolders = ['activities/', 'cli/', 'domain/', 'workflows/', 'crm/', 'lib/', 'webhook/', 'workers/', 'scripts/'];
  const source = repositoryFiles(root)
    .filter((file) => file.endsWith('.ts') && callerFolders.some((folder) => file.startsWith(folder)))
    .map((file) => readFileSync(path.join(root, file), 'utf8'))
    .join('\n');
  const operations = Object.keys(OPERATIONS);
  expect(operations).toHaveLength(52);
  // Named as a string (call('x'), a planned call's operationId) or called as the client's typed method (.x(...)).
  const uncalled = operations.filter((op) => !new RegExp(`['"\`]${op}['"\`]|\\.${op}\\(`).test(source));
  expect(uncalled).toEqual([]);
});
