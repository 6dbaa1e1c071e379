// Domains: the upgrade domain (DNS records to publish), activation and group-to-domain change. Both activate and
// change-domain succeed only once the domain's DNS is in place (see dns-check.ts).
import type { FastifyInstance } from 'fastify';
import { nameProblem, needsDns } from '../inferred.js';
import { ApiError, body, choiceError, customerOf, invalid, missing, route, type SimContext } from '../http.js';
import { dnsRecordsFor } from '../state.js';

export function domainRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { state, dns } = ctx;
  const dnsNotVerified = () => choiceError(state.choices.dnsNotVerified);
  const isDomainName = (name: string) => needsDns(name, state.choices.noDnsSuffixes);

  app.route({
    ...route('getUpgradeDomain'),
    handler: async (request) => {
      const customer = customerOf(ctx, request);
      const upgrade = state.upgradeDomains.get(customer.domainId);
      if (!upgrade) throw new ApiError(404, 'UPGRADE_DOMAIN_NOT_EXIST', `No upgrade domain is registered for domainId ${customer.domainId}`);
      return upgrade;
    },
  });

  app.route({
    ...route('addUpgradeDomain'),
    handler: async (request, reply) => {
      const customer = customerOf(ctx, request);
      const { domain } = body(request);
      if (typeof domain !== 'string' || domain === '') throw missing('domain');
      const problem = nameProblem(domain);
      if (problem) throw invalid(problem);
      if (!isDomainName(domain)) throw invalid('domain must be a real DNS domain (group names under by-works.com/.net need no upgrade domain)');
      if (customer.domainType === 'DOMAIN' && customer.enableActiveDomain) throw new ApiError(409, 'CONFLICT', 'the customer is already on an active domain');
      if (state.upgradeDomains.has(customer.domainId)) throw new ApiError(409, 'UPGRADE_DOMAIN_ALREADY_EXIST', 'an upgrade domain is already registered; delete it first');
      if (state.isNameTaken(domain)) throw new ApiError(409, state.choices.nameTakenOnVerify.code, state.choices.nameTakenOnVerify.description);
      const records = dnsRecordsFor(domain);
      state.upgradeDomains.set(customer.domainId, records);
      return reply.code(201).send(records);
    },
  });

  app.route({
    ...route('deleteUpgradeDomain'),
    handler: async (request, reply) => {
      const customer = customerOf(ctx, request);
      const upgrade = state.upgradeDomains.get(customer.domainId);
      if (!upgrade) throw new ApiError(404, 'UPGRADE_DOMAIN_NOT_EXIST', `No upgrade domain is registered for domainId ${customer.domainId}`);
      if (upgrade.domain === customer.domain) throw new ApiError(409, 'CONFLICT', "the upgrade domain is the customer's own domain");
      state.upgradeDomains.delete(customer.domainId);
      return reply.code(204).send();
    },
  });

  app.route({
    ...route('activateCustomer'),
    handler: async (request) => {
      const customer = customerOf(ctx, request);
      // "Works only after the customer has been registered AND the customer has accepted the terms of service."
      if (!state.usage.get(customer.domainId)?.termsAccepted) throw choiceError(state.choices.termsNotAccepted);
      if (customer.domainType === 'DOMAIN' && !customer.enableActiveDomain) {
        const records = state.upgradeDomains.get(customer.domainId) ?? dnsRecordsFor(customer.domain);
        const verdict = await dns.check(records);
        if (!verdict.ownership) throw dnsNotVerified();
        customer.enableActiveDomain = true;
        customer.enableActiveMxrecord = verdict.mx;
        records.isActiveDomain = true;
      }
      return customer;
    },
  });

  app.route({
    ...route('changeDomain'),
    handler: async (request, reply) => {
      const customer = customerOf(ctx, request);
      const { domain } = body(request);
      if (typeof domain !== 'string' || domain === '') throw missing('domain');
      const problem = nameProblem(domain);
      if (problem) throw invalid(problem);
      if (customer.domainType !== 'GROUP') throw invalid('only a group-name customer can change to a domain');
      if (isDomainName(domain)) {
        const records = state.upgradeDomains.get(customer.domainId);
        if (!records || records.domain !== domain) throw invalid(`register ${domain} with addUpgradeDomain first`);
        const verdict = await dns.check(records);
        if (!verdict.ownership) throw dnsNotVerified();
        records.isActiveDomain = true;
        customer.enableActiveMxrecord = verdict.mx;
        customer.domainType = 'DOMAIN';
      } else if (state.isNameTaken(domain)) throw choiceError(state.choices.nameTakenOnVerify);
      customer.domain = domain;
      customer.enableActiveDomain = true;
      return reply.code(204).send();
    },
  });
}
