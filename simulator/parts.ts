// The parts of a built simulator. app.ts builds them and the control API works on them; the type lives here, beneath
// both, so neither imports the other for it.
import type { FastifyInstance } from 'fastify';
import type { TokenService } from './auth.js';
import type { SimClock } from './clock.js';
import type { FaultInjector } from './faults.js';
import type { ResolvedOptions } from './options.js';
import type { RateLimiter } from './rate-limit.js';
import type { SimulatorState } from './state.js';

export interface Simulator {
  app: FastifyInstance;
  state: SimulatorState;
  clock: SimClock;
  tokens: TokenService;
  rateLimiter: RateLimiter;
  faults: FaultInjector;
  options: ResolvedOptions;
}
