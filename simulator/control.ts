// The control API: test and demo hooks, kept under /_simulator so they never collide with Partner API paths.
// Journal, reset and seed; the clock; DNS state; fault profiles; rate limits. What only the tenant or LINE WORKS
// decides (terms, storage usage, the partner's own domain, DNS delays) and the choices are in control-tenant.ts.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { OPERATIONS } from '../partner-api/operations.js';
import type { Simulator } from './parts.js';
import { faultProblem, type Fault, type FaultProfile, FAULT_KINDS } from './faults.js';
import type { SimContext } from './http.js';
import { dnsZoneRoutes } from './control-dns.js';
import { markDns } from './dns-propagation.js';
import { processDue } from './scheduler.js';
import { applySeed, SeedError } from './seed.js';

export const CONTROL_PREFIX = '/_simulator';

function bad(reply: FastifyReply, description: string): FastifyReply {
  return reply.code(400).send({ code: 'INVALID_PARAMETER', description });
}

function knownOperation(name: string): boolean {
  return name === '*' || Object.hasOwn(OPERATIONS, name);
}

export function controlRoutes(app: FastifyInstance, ctx: SimContext, sim: Simulator): void {
  const { state, clock } = ctx;
  const p = CONTROL_PREFIX;

  /** Empties the world, the journal, fault profiles and rate limits, and restarts the clock. Issued tokens stay. */
  app.post(`${p}/reset`, async (_request, reply) => {
    state.reset();
    clock.restart();
    sim.faults.clear();
    sim.rateLimiter.reset(ctx.options.rateLimitPerMinute);
    return reply.code(204).send();
  });

  app.post(`${p}/seed`, async (request, reply) => {
    try {
      processDue(ctx);
      return reply.code(201).send(applySeed(ctx, request.body));
    } catch (err) {
      if (err instanceof SeedError) return bad(reply, err.message);
      throw err;
    }
  });

  app.get(`${p}/journal`, async () => ({ entries: state.journal }));
  app.delete(`${p}/journal`, async (_request, reply) => {
    state.journal = [];
    return reply.code(204).send();
  });

  app.get(`${p}/clock`, async () => clock.state());
  /** `{ "now": ISO-8601, "frozen"?: boolean }` */
  app.put(`${p}/clock`, async (request, reply) => {
    const { now, frozen } = (request.body ?? {}) as { now?: unknown; frozen?: unknown };
    const at = typeof now === 'string' ? new Date(now) : undefined;
    if (!at || Number.isNaN(at.getTime())) return bad(reply, 'now must be an ISO-8601 date-time');
    if (frozen !== undefined && typeof frozen !== 'boolean') return bad(reply, 'frozen must be a boolean');
    if (at.getTime() < clock.nowMs()) return bad(reply, 'the clock cannot go backwards (scheduled changes already applied)');
    clock.set(at, frozen as boolean | undefined);
    processDue(ctx);
    return clock.state();
  });
  /** `{ "days"?, "hours"?, "minutes"?, "seconds"?, "ms"? }`, summed. */
  app.post(`${p}/clock/advance`, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const units: Record<string, number> = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000, ms: 1 };
    let total = 0;
    for (const [name, value] of Object.entries(body)) {
      if (!(name in units)) return bad(reply, `unknown unit ${name}; use ${Object.keys(units).join(', ')}`);
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return bad(reply, `${name} must be a non-negative number`);
      total += value * units[name]!;
    }
    clock.advance(total);
    processDue(ctx);
    return clock.state();
  });
  app.post(`${p}/clock/resume`, async () => {
    clock.resume();
    return clock.state();
  });

  app.get(`${p}/dns`, async () => ({ resolver: ctx.dns.usesResolver, verified: [...state.verifiedDns].sort() }));
  /** Marks a domain's DNS records as in place (`{ "verified": true }`) or not. */
  app.put(`${p}/dns/:domain`, async (request, reply) => {
    const { domain } = request.params as { domain: string };
    const { verified } = (request.body ?? {}) as { verified?: unknown };
    if (typeof verified !== 'boolean') return bad(reply, 'verified must be a boolean');
    markDns(state, domain, verified, clock.nowMs());
    return { domain, verified };
  });
  dnsZoneRoutes(app, ctx);

  app.get(`${p}/faults`, async () => ({ kinds: FAULT_KINDS, profiles: sim.faults.profiles() }));
  /** Replaces an operation's profile: `{ rates: { error: 0.1, hang: 0.05 }, status?, delayMs?, mode?, next?: Fault[] }`. */
  app.put(`${p}/faults/:operation`, async (request, reply) => {
    const { operation } = request.params as { operation: string };
    if (!knownOperation(operation)) return bad(reply, `operation ${operation} is not a Partner API operationId (or *)`);
    const profile = (request.body ?? {}) as FaultProfile;
    for (const [kind, rate] of Object.entries(profile.rates ?? {})) {
      if (!(FAULT_KINDS as readonly string[]).includes(kind)) return bad(reply, `rates.${kind} is not a fault kind`);
      if (typeof rate !== 'number' || rate < 0 || rate > 1) return bad(reply, `rates.${kind} must be between 0 and 1`);
    }
    for (const [i, fault] of (profile.next ?? []).entries()) {
      const problem = faultProblem(fault);
      if (problem) return bad(reply, `next[${i}]: ${problem}`);
    }
    sim.faults.setProfile(operation, profile);
    return { operation, profile: sim.faults.profiles()[operation] };
  });
  /** Queues a fault for the next `count` calls: `{ kind, count?, status?, delayMs?, mode? }`. */
  app.post(`${p}/faults/:operation/next`, async (request, reply) => {
    const { operation } = request.params as { operation: string };
    if (!knownOperation(operation)) return bad(reply, `operation ${operation} is not a Partner API operationId (or *)`);
    const { count = 1, ...fault } = (request.body ?? {}) as Fault & { count?: number };
    const problem = faultProblem(fault);
    if (problem) return bad(reply, problem);
    if (!Number.isInteger(count) || count < 1 || count > 10_000) return bad(reply, 'count must be 1-10000');
    sim.faults.enqueue(operation, fault, count);
    return reply.code(201).send({ operation, profile: sim.faults.profiles()[operation] });
  });
  app.delete(`${p}/faults`, async (_request, reply) => {
    sim.faults.clear();
    return reply.code(204).send();
  });
  app.delete(`${p}/faults/:operation`, async (request, reply) => {
    sim.faults.clear((request.params as { operation: string }).operation);
    return reply.code(204).send();
  });

  app.get(`${p}/rate-limits`, async () => sim.rateLimiter.limits());
  /** `{ "perMinute": n, "operation"?: operationId }`: the default limit, or one operation's. */
  app.put(`${p}/rate-limits`, async (request, reply) => {
    const { perMinute, operation } = (request.body ?? {}) as { perMinute?: unknown; operation?: unknown };
    if (typeof perMinute !== 'number' || !Number.isInteger(perMinute) || perMinute < 1) return bad(reply, 'perMinute must be a positive whole number');
    if (operation !== undefined && (typeof operation !== 'string' || !Object.hasOwn(OPERATIONS, operation))) return bad(reply, 'operation must be an operationId');
    sim.rateLimiter.setLimit(operation as string | undefined, perMinute);
    return sim.rateLimiter.limits();
  });
}
