// The prebuilt workflow bundle (`npm run build` writes it; the Dockerfile runs it): production workers start from it
// instead of bundling the workflow code at every start. Without it, the worker bundles at start as before.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';

export const WORKFLOW_BUNDLE_PATH = fileURLToPath(new URL('../dist/workflow-bundle.js', import.meta.url));

/** Folders whose code ends up in the bundle: a file there newer than the bundle means the bundle is out of date. */
const BUNDLED_FOLDERS = ['workflows', 'domain'].map((folder) => fileURLToPath(new URL(`../${folder}/`, import.meta.url)));

function newestSourceTime(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * `{ codePath }` of the prebuilt bundle when it exists and is newer than every workflow source, else undefined
 * (bundle at start). A stale bundle would run old workflow code next to new activities: it is skipped, with a warning
 * to run `npm run build` again.
 */
export function prebuiltWorkflowBundle(logger: Logger, bundlePath = WORKFLOW_BUNDLE_PATH): { codePath: string } | undefined {
  if (!existsSync(bundlePath)) {
    logger.info({ bundlePath }, 'no prebuilt workflow bundle: bundling the workflow code at start (npm run build makes one)');
    return undefined;
  }
  const builtAt = statSync(bundlePath).mtimeMs;
  const stale = BUNDLED_FOLDERS.some((folder) => existsSync(folder) && newestSourceTime(folder) > builtAt);
  if (stale) {
    logger.warn({ bundlePath }, 'the prebuilt workflow bundle is older than the workflow sources: bundling at start instead (run `npm run build` again)');
    return undefined;
  }
  logger.info({ bundlePath }, 'using the prebuilt workflow bundle');
  return { codePath: bundlePath };
}
