// Control API for what only the tenant or LINE WORKS decides, which the Partner API cannot set: a customer's member
// count, paid app, suspension, terms-of-service acceptance and storage usage; the partner's own domain; the simulated
// DNS servers' propagation delays; and the choices where the docs are silent (choices.ts).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { choicesProblems, mergeChoices, type SimChoices } from './choices.js';
import { visibility } from './dns-propagation.js';
import type { SimContext } from './http.js';
import { CONTROL_PREFIX } from './control.js';
import { storageUsageProblems } from './storage.js';

function bad(reply: FastifyReply, problems: string[]): FastifyReply {
  return reply.code(400).send({ code: 'INVALID_PARAMETER', description: problems.join('; ') });
}

const wholeAtLeast = (value: unknown, min: number) => Number.isInteger(value) && (value as number) >= min;

export function controlTenantRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { state, clock } = ctx;
  const p = CONTROL_PREFIX;

  /** `{ memberCount?, nonRealtimePaidApp?, suspended?, termsAccepted?, storageUsage? }`: every field at fault is named. */
  app.patch(`${p}/customers/:domainId`, async (request, reply) => {
    const domainId = Number((request.params as { domainId: string }).domainId);
    const usage = state.usage.get(domainId);
    if (!usage) return reply.code(404).send({ code: 'CUSTOMER_NOT_EXIST', description: 'No customer with this domainId' });
    const input = (request.body ?? {}) as Record<string, unknown>;
    const known = ['memberCount', 'nonRealtimePaidApp', 'suspended', 'termsAccepted', 'storageUsage'];
    const problems = Object.keys(input).filter((k) => !known.includes(k)).map((k) => `${k} is not a tenant setting (known: ${known.join(', ')})`);
    if (input.memberCount !== undefined && !wholeAtLeast(input.memberCount, 0)) problems.push('memberCount must be a whole number >= 0');
    for (const flag of ['nonRealtimePaidApp', 'suspended', 'termsAccepted']) if (input[flag] !== undefined && typeof input[flag] !== 'boolean') problems.push(`${flag} must be a boolean`);
    if (input.storageUsage !== undefined) problems.push(...storageUsageProblems(input.storageUsage));
    if (problems.length > 0) return bad(reply, problems);
    if (input.memberCount !== undefined) usage.memberCount = input.memberCount as number;
    if (input.nonRealtimePaidApp !== undefined) usage.nonRealtimePaidApp = input.nonRealtimePaidApp as boolean;
    if (input.termsAccepted !== undefined) usage.termsAccepted = input.termsAccepted as boolean;
    if (input.storageUsage !== undefined) Object.assign(usage.storageUsage, input.storageUsage);
    if (input.suspended !== undefined && usage.status !== 'SUSPENDED_WITHDRAWAL') usage.status = input.suspended ? 'SUSPENDED_ADMIN' : 'ACTIVE';
    return usage;
  });

  app.get(`${p}/partner-domain`, async () => ({ domainId: state.partnerDomainId ?? null }));
  /** `{ domainId: number | null }`: which customer is the partner's own domain (openapi.yaml deleteCustomer). */
  app.put(`${p}/partner-domain`, async (request, reply) => {
    const { domainId } = (request.body ?? {}) as { domainId?: unknown };
    if (domainId !== null && !(Number.isInteger(domainId) && state.customers.has(domainId as number))) return bad(reply, ['domainId must be a customer domainId, or null']);
    state.partnerDomainId = (domainId as number | null) ?? undefined;
    return { domainId: state.partnerDomainId ?? null };
  });

  app.get(`${p}/dns-servers`, async () => ({ servers: Object.fromEntries(state.dnsServerDelaysMs) }));
  /** `{ delayMs }`: a simulated authoritative server that sees newly published records this long after they are in place. */
  app.put(`${p}/dns-servers/:server`, async (request, reply) => {
    const { server } = request.params as { server: string };
    const { delayMs } = (request.body ?? {}) as { delayMs?: unknown };
    if (!wholeAtLeast(delayMs, 0)) return bad(reply, ['delayMs must be a whole number of milliseconds >= 0']);
    state.dnsServerDelaysMs.set(server, delayMs as number);
    return { servers: Object.fromEntries(state.dnsServerDelaysMs) };
  });
  app.delete(`${p}/dns-servers/:server`, async (request, reply) => {
    state.dnsServerDelaysMs.delete((request.params as { server: string }).server);
    return reply.code(204).send();
  });
  /** What each simulated server answers for the domain's records now. */
  app.get(`${p}/dns-visibility/:domain`, async (request) => {
    const { domain } = request.params as { domain: string };
    return { domain, inPlace: state.verifiedDns.has(domain), servers: visibility(state, domain, clock.nowMs()) };
  });

  app.get(`${p}/choices`, async () => state.choices);
  /** Changes some choices (the rest stay); POST /reset goes back to the configured ones. */
  app.patch(`${p}/choices`, async (request, reply) => {
    const problems = choicesProblems(request.body ?? {});
    if (problems.length > 0) return bad(reply, problems);
    return mergeChoices(state.choices, request.body as Partial<SimChoices>);
  });
}
