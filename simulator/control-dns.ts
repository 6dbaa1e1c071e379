// Control API for the customers' DNS in the simulated world, as a customer's DNS admin would change it:
//   GET    /_simulator/dns/:domain/records   what was handed out for the domain and what is published
//   POST   /_simulator/dns/:domain/publish   publish the handed-out records: `{ only?: [types], wrong?: [types] }`
//   DELETE /_simulator/dns/:domain/records   withdraw everything published for the domain
import type { FastifyInstance } from 'fastify';
import { handedOutFor, PUBLISHABLE_TYPES, recordsToPublish, wrongVersion, type PublishableType } from './dns-zone.js';
import type { SimContext } from './http.js';

const PREFIX = '/_simulator/dns';

function typeList(value: unknown, field: string, problems: string[]): PublishableType[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  const bad = list.filter((t) => typeof t !== 'string' || !(PUBLISHABLE_TYPES as readonly string[]).includes(t.toUpperCase()));
  if (bad.length > 0) problems.push(`${field} must list record types among ${PUBLISHABLE_TYPES.join(', ')} (not ${bad.map(String).join(', ')})`);
  return list.map((t) => String(t).toUpperCase() as PublishableType);
}

export function dnsZoneRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { state } = ctx;
  const noRecords = (domain: string) => ({ code: 'NOT_FOUND', description: `no DNS records were handed out for ${domain} (start its onboarding or domain change first)` });

  app.get(`${PREFIX}/:domain/records`, async (request, reply) => {
    const domain = (request.params as { domain: string }).domain.toLowerCase();
    const upgrade = handedOutFor(state, domain);
    if (!upgrade && !state.publishedDns.has(domain)) return reply.code(404).send(noRecords(domain));
    return { domain, handedOut: upgrade ? recordsToPublish(upgrade, domain) : [], published: state.publishedDns.get(domain) ?? [] };
  });

  app.post(`${PREFIX}/:domain/publish`, async (request, reply) => {
    const domain = (request.params as { domain: string }).domain.toLowerCase();
    const body = (request.body ?? {}) as { only?: unknown; wrong?: unknown };
    const problems: string[] = [];
    const only = typeList(body.only, 'only', problems);
    const wrong = typeList(body.wrong, 'wrong', problems) ?? [];
    if (problems.length > 0) return reply.code(400).send({ code: 'INVALID_PARAMETER', description: problems.join('; ') });
    const upgrade = handedOutFor(state, domain);
    if (!upgrade) return reply.code(404).send(noRecords(domain));
    const published = recordsToPublish(upgrade, domain)
      .filter((record) => !only || only.includes(record.type) || wrong.includes(record.type))
      .map((record) => (wrong.includes(record.type) ? wrongVersion(record) : record));
    state.publishedDns.set(domain, published);
    // Each simulated authoritative server sees them after its own delay (dns-propagation.ts).
    state.dnsPublishedAtMs.set(domain, ctx.clock.nowMs());
    return reply.code(201).send({ domain, published });
  });

  app.delete(`${PREFIX}/:domain/records`, async (request) => {
    const domain = (request.params as { domain: string }).domain.toLowerCase();
    state.publishedDns.set(domain, []);
    return { domain, published: [] };
  });
}
