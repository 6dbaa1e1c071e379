// The prebuilt workflow bundle (`npm run build`) is used when it exists and is newer than the workflow sources; a
// missing or stale one means bundling at start (a stale one would run old workflow code), and the log says which.
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { prebuiltWorkflowBundle } from '../../workers/workflow-bundle.js';

let dir: string;
let logs = '';
const logger = pino(new Writable({ write: (chunk, _enc, done) => ((logs += String(chunk)), done()) }));

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bundle-'));
  logs = '';
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('a bundle newer than the sources is used', async () => {
  const bundle = path.join(dir, 'workflow-bundle.js');
  await writeFile(bundle, '// bundle');
  const future = new Date(Date.now() + 3_600_000);
  await utimes(bundle, future, future);
  expect(prebuiltWorkflowBundle(logger, bundle)).toEqual({ codePath: bundle });
  expect(logs).toContain('using the prebuilt workflow bundle');
});

test('a bundle older than the workflow sources is skipped with a warning; a missing one means bundling at start', async () => {
  const bundle = path.join(dir, 'workflow-bundle.js');
  await writeFile(bundle, '// bundle');
  const longAgo = new Date('2000-01-01T00:00:00Z');
  await utimes(bundle, longAgo, longAgo);
  expect(prebuiltWorkflowBundle(logger, bundle)).toBeUndefined();
  expect(logs).toContain('older than the workflow sources');
  expect(prebuiltWorkflowBundle(logger, path.join(dir, 'absent.js'))).toBeUndefined();
  expect(logs).toContain('no prebuilt workflow bundle');
});
