// Builds the Partner API simulator: a fastify app serving the Partner API under /v1.0 plus the control API.
import fastify, { type FastifyInstance } from 'fastify';
import { controlRoutes, CONTROL_PREFIX } from './control.js';
import { sendError } from './http.js';
import { customerRoutes } from './routes/customers.js';
import { SimulatorState } from './state.js';

export const API_PREFIX = '/v1.0';

export interface SimulatorOptions {
  /** Bearer tokens the API accepts. Default: `simulator-token`. */
  acceptedTokens?: string[];
  /** fastify's logger; off by default. */
  logger?: boolean;
}

export interface Simulator {
  app: FastifyInstance;
  state: SimulatorState;
}

export function buildSimulator(options: SimulatorOptions = {}): Simulator {
  const state = new SimulatorState();
  const acceptedTokens = new Set(options.acceptedTokens ?? ['simulator-token']);
  const app = fastify({ logger: options.logger ?? false });

  // Every Partner API request needs a valid bearer token.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.routeOptions.config.operationId) return;
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!acceptedTokens.has(token)) return sendError(reply, 401, 'UNAUTHORIZED', 'Authentication failed');
  });

  // The request journal: what each Partner API call asked for and how it was answered.
  app.addHook('onResponse', async (request, reply) => {
    const operation = request.routeOptions.config.operationId;
    if (!operation) return;
    state.journal.push({
      operation,
      method: request.method,
      path: request.url,
      body: request.body,
      status: reply.statusCode,
      at: new Date().toISOString(),
    });
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith(CONTROL_PREFIX)) return reply.code(404).send({ code: 'NOT_FOUND', description: 'No such control endpoint' });
    return sendError(reply, 404, 'NOT_FOUND', `No such API: ${request.method} ${request.url.split('?')[0]}`);
  });

  void app.register(
    async (api) => {
      customerRoutes(api, state);
    },
    { prefix: API_PREFIX },
  );
  controlRoutes(app, state);
  return { app, state };
}

/** Starts the simulator on loopback; port 0 picks a free port. Returns the Partner API base URL. */
export async function startSimulator(port = 0, options: SimulatorOptions = {}): Promise<Simulator & { baseUrl: string; url: string }> {
  const simulator = buildSimulator(options);
  const address = await simulator.app.listen({ host: '127.0.0.1', port });
  return { ...simulator, url: address, baseUrl: `${address}${API_PREFIX}` };
}
