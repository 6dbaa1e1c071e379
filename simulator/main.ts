// Runs the Partner API simulator on its own: `npm run simulator [-- --seed world.json]`.
// Settings: SIMULATOR_PORT (8090), SIMULATOR_HOST, SIMULATOR_TIME_ZONE, SIMULATOR_SEED_FILE, SIMULATOR_DNS_SERVERS.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/env.js';
import { loadOrExit } from '../config/load-or-exit.js';
import { createLogger } from '../lib/logger.js';
import { startSimulator } from './app.js';
import { simulatorOptionsFromConfig } from './from-config.js';

const { values } = parseArgs({ options: { seed: { type: 'string' } } });
const config = loadOrExit(loadConfig);
const logger = createLogger({ level: config.logLevel });
let simulator;
try {
  simulator = await startSimulator(config.simulator.port, await simulatorOptionsFromConfig(config.simulator, values.seed));
} catch (err) {
  // Seed problems name the file or the entry at fault.
  console.error((err as Error).message);
  process.exit(2);
}
logger.info(
  { baseUrl: simulator.baseUrl, tokenUrl: simulator.tokenUrl, control: `${simulator.url}/_simulator`, today: simulator.clock.today() },
  'Partner API simulator listening',
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void simulator.app.close().then(() => process.exit(0));
  });
}
