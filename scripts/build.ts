// `npm run build`: bundles the workflow code once (dist/workflow-bundle.js), so production workers start from it
// (workers/workflow-bundle.ts) instead of bundling at every start. The Dockerfile runs it.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../workers/worker.js';
import { WORKFLOW_BUNDLE_PATH } from '../workers/workflow-bundle.js';

// The workflow interceptors go into the bundle: a worker started from it does not add them (workers/worker.ts).
const { code } = await bundleWorkflowCode(workflowBundleOptions());
mkdirSync(path.dirname(WORKFLOW_BUNDLE_PATH), { recursive: true });
writeFileSync(WORKFLOW_BUNDLE_PATH, code);
console.log(`workflow bundle written: ${path.relative(process.cwd(), WORKFLOW_BUNDLE_PATH)} (${Math.round(code.length / 1024)} KiB)`);
