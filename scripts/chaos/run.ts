// `npm run chaos`: the fault-matrix harness (scripts/chaos/harness.ts) at its default size, or smaller/larger:
//   npm run chaos -- [--seed 11] [--changes 40] [--onboardings 6] [--customers 6] [--kills 20] [--no-server-restart] [--json]
// Prints the result table; exits 1 on any duplicate or lost write, failed or stuck workflow, or undelivered notification.
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { chaosPassed, chaosTable, DEFAULT_CHAOS, runChaos } from './harness.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    changes: { type: 'string' },
    onboardings: { type: 'string' },
    customers: { type: 'string' },
    kills: { type: 'string' },
    'no-server-restart': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

function whole(name: keyof typeof values, fallback: number, max: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    console.error(`--${name} must be a whole number from 0 to ${max} (got ${String(raw)})`);
    process.exit(2);
  }
  return value;
}

Runtime.install({ logger: new DefaultLogger('ERROR') });
const report = await runChaos({
  ...DEFAULT_CHAOS,
  seed: whole('seed', DEFAULT_CHAOS.seed, 2 ** 31),
  changes: whole('changes', DEFAULT_CHAOS.changes, 500),
  onboardings: whole('onboardings', DEFAULT_CHAOS.onboardings, 100),
  customers: Math.max(1, whole('customers', DEFAULT_CHAOS.customers, 100)),
  kills: whole('kills', DEFAULT_CHAOS.kills, 200),
  restartServer: !values['no-server-restart'],
  log: values.json ? undefined : (line) => console.error(`[chaos] ${line}`),
});
console.log(values.json ? JSON.stringify(report, null, 2) : chaosTable(report));
if (!values.json && report.failures.length > 0) console.log(`\nfailures:\n${report.failures.map((f) => `- ${f}`).join('\n')}`);
process.exit(chaosPassed(report) ? 0 : 1);
