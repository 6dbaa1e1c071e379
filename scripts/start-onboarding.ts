// Starts (or finds) the onboarding workflow for a domain.
//   npm run workflow:onboard -- --domain acme.by-works.com --company "Acme" --phone 03-0000-0000 [--time-zone Asia/Tokyo] [--locale ja_JP]
//   npm run workflow:onboard -- --input onboarding.json
// The input is validated before anything is started. A repeated start finds the running workflow (same business ID).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/env.js';
import { connectClient } from '../lib/temporal-client.js';
import { InvalidInputError } from '../domain/input-validation.js';
import { onboardCustomer, onboardWorkflowId, parseOnboardCustomerInput } from '../workflows/index.js';

const { values } = parseArgs({
  options: {
    input: { type: 'string' },
    domain: { type: 'string' },
    company: { type: 'string' },
    phone: { type: 'string' },
    'time-zone': { type: 'string', default: 'Asia/Tokyo' },
    locale: { type: 'string', default: 'ja_JP' },
    wait: { type: 'boolean', default: false },
  },
});

const raw = values.input
  ? (JSON.parse(readFileSync(values.input, 'utf8')) as unknown)
  : { domain: values.domain, companyName: values.company, phoneNumber: values.phone, timeZone: values['time-zone'], locale: values.locale };

let input;
try {
  input = parseOnboardCustomerInput(raw);
} catch (err) {
  if (err instanceof InvalidInputError) {
    console.error(`Not started: ${err.problems.join('; ')}`);
    process.exit(2);
  }
  throw err;
}

const config = loadConfig();
const { client, close } = await connectClient(config);
try {
  const handle = await client.workflow.start(onboardCustomer, {
    taskQueue: config.temporal.taskQueue,
    workflowId: onboardWorkflowId(input.domain),
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  console.log(`onboarding ${input.domain}: workflow ${handle.workflowId} (run ${handle.firstExecutionRunId})`);
  if (!config.temporal.address) {
    console.log(`  http://localhost:${config.temporal.uiPort}/namespaces/${config.temporal.namespace}/workflows/${encodeURIComponent(handle.workflowId)}`);
  }
  if (values.wait) console.log(JSON.stringify(await handle.result(), null, 2));
} finally {
  await close();
}
