// The control API: test and demo hooks, kept under /_simulator so they never collide with Partner API paths.
import type { FastifyInstance } from 'fastify';
import type { SimulatorState } from './state.js';

export const CONTROL_PREFIX = '/_simulator';

export function controlRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.post(`${CONTROL_PREFIX}/reset`, async (_request, reply) => {
    state.reset();
    return reply.code(204).send();
  });

  app.get(`${CONTROL_PREFIX}/journal`, async () => ({ entries: state.journal }));

  /** Marks a domain's DNS records as in place (`{ "verified": true }`) or not. */
  app.put(`${CONTROL_PREFIX}/dns/:domain`, async (request, reply) => {
    const { domain } = request.params as { domain: string };
    const { verified } = (request.body ?? {}) as { verified?: unknown };
    if (typeof verified !== 'boolean') return reply.code(400).send({ code: 'INVALID_PARAMETER', description: 'verified must be a boolean' });
    if (verified) state.verifiedDns.add(domain);
    else state.verifiedDns.delete(domain);
    return { domain, verified };
  });
}
