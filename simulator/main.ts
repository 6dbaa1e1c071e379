// Runs the Partner API simulator on its own: `npm run simulator` (SIMULATOR_PORT, default 8090).
import { loadConfig } from '../config/env.js';
import { createLogger } from '../lib/logger.js';
import { startSimulator } from './app.js';

const config = loadConfig();
const logger = createLogger({ level: config.logLevel });
const simulator = await startSimulator(config.simulator.port);
logger.info({ baseUrl: simulator.baseUrl, control: `${simulator.url}/_simulator` }, 'Partner API simulator listening');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void simulator.app.close().then(() => process.exit(0));
  });
}
