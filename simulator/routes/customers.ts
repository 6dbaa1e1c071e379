// Customers: verify a name, add, list, get, upgrade domain and activation.
import type { FastifyInstance } from 'fastify';
import { OPERATIONS } from '../../partner-api/operations.js';
import type { CustomerCreateRequest } from '../../partner-api/types.js';
import { CREATE_CUSTOMER_STATUS, DNS_NOT_VERIFIED, NAME_TAKEN_ON_CREATE, NAME_TAKEN_ON_VERIFY, nameProblem, needsDns } from '../inferred.js';
import { parseDomainId, sendError } from '../http.js';
import type { SimulatorState } from '../state.js';

const LOCALES = ['ja_JP', 'ko_KR', 'en_US', 'zh_TW', 'zh_CN'];

function route(operationId: keyof typeof OPERATIONS) {
  const spec = OPERATIONS[operationId];
  return { method: spec.method, url: spec.path.replace(/\{(\w+)\}/g, ':$1'), config: { operationId, access: spec.access } };
}

function createProblems(body: Partial<CustomerCreateRequest>): string[] {
  const problems: string[] = [];
  for (const field of ['domain', 'companyName', 'phoneNumber', 'timeZone', 'locale'] as const) {
    if (typeof body[field] !== 'string' || body[field] === '') problems.push(`${field} is required`);
  }
  if (typeof body.domain === 'string') {
    const problem = nameProblem(body.domain);
    if (problem) problems.push(problem);
  }
  if (typeof body.companyName === 'string' && body.companyName.length > 40) problems.push('companyName must be at most 40 characters');
  if (typeof body.phoneNumber === 'string' && !/^[0-9PT*#+,-]+$/.test(body.phoneNumber)) {
    problems.push('phoneNumber may contain only digits and P T - * # + ,');
  }
  if (typeof body.locale === 'string' && !LOCALES.includes(body.locale)) problems.push(`locale must be one of ${LOCALES.join(', ')}`);
  return problems;
}

export function customerRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.route({
    ...route('verifyDomain'),
    handler: async (request, reply) => {
      const { domain } = (request.body ?? {}) as { domain?: unknown };
      if (typeof domain !== 'string') return sendError(reply, 400, 'MISSING_PARAMETER', 'domain is required');
      const problem = nameProblem(domain);
      if (problem) return sendError(reply, 400, 'INVALID_PARAMETER', problem);
      if (state.isNameTaken(domain)) return sendError(reply, NAME_TAKEN_ON_VERIFY.status, NAME_TAKEN_ON_VERIFY.code, NAME_TAKEN_ON_VERIFY.description);
      return { domain, type: needsDns(domain) ? 'DOMAIN' : 'GROUP' };
    },
  });

  app.route({
    ...route('createCustomer'),
    handler: async (request, reply) => {
      const body = (request.body ?? {}) as Partial<CustomerCreateRequest>;
      const problems = createProblems(body);
      if (problems.length > 0) return sendError(reply, 400, 'INVALID_PARAMETER', problems.join('; '));
      if (state.isNameTaken(body.domain!)) return sendError(reply, NAME_TAKEN_ON_CREATE.status, NAME_TAKEN_ON_CREATE.code, NAME_TAKEN_ON_CREATE.description);
      return reply.code(CREATE_CUSTOMER_STATUS).send(state.addCustomer(body as CustomerCreateRequest));
    },
  });

  app.route({
    ...route('listCustomers'),
    handler: async (request, reply) => {
      const query = request.query as { domain?: string; count?: string; cursor?: string };
      const count = query.count === undefined ? 10 : Number(query.count);
      if (!Number.isInteger(count) || count < 1 || count > 30) return sendError(reply, 400, 'INVALID_PARAMETER', 'count must be 1 to 30');
      const all = [...state.customers.values()]
        .filter((c) => query.domain === undefined || c.domain === query.domain)
        .sort((a, b) => a.domain.localeCompare(b.domain));
      const offset = query.cursor ? Number(Buffer.from(query.cursor, 'base64').toString('utf8')) : 0;
      if (!Number.isInteger(offset) || offset < 0) return sendError(reply, 400, 'INVALID_PARAMETER', 'cursor is not valid');
      const page = all.slice(offset, offset + count);
      const next = offset + count < all.length ? Buffer.from(String(offset + count)).toString('base64') : undefined;
      return { customers: page, responseMetaData: next ? { nextCursor: next } : {} };
    },
  });

  app.route({
    ...route('getCustomer'),
    handler: async (request, reply) => {
      const domainId = parseDomainId((request.params as { domainId: string }).domainId);
      const customer = domainId === undefined ? undefined : state.customers.get(domainId);
      if (!customer) return sendError(reply, 404, 'CUSTOMER_NOT_EXIST', 'No customer with this domainId');
      return customer;
    },
  });

  app.route({
    ...route('getUpgradeDomain'),
    handler: async (request, reply) => {
      const domainId = parseDomainId((request.params as { domainId: string }).domainId);
      if (domainId === undefined || !state.customers.has(domainId)) return sendError(reply, 404, 'CUSTOMER_NOT_EXIST', 'No customer with this domainId');
      const upgrade = state.upgradeDomains.get(domainId);
      if (!upgrade) return sendError(reply, 404, 'UPGRADE_DOMAIN_NOT_EXIST', 'No upgrade domain is registered');
      return { ...upgrade, isActiveDomain: state.verifiedDns.has(upgrade.domain!) && state.customers.get(domainId)!.enableActiveDomain };
    },
  });

  app.route({
    ...route('activateCustomer'),
    handler: async (request, reply) => {
      const domainId = parseDomainId((request.params as { domainId: string }).domainId);
      const customer = domainId === undefined ? undefined : state.customers.get(domainId);
      if (!customer) return sendError(reply, 404, 'CUSTOMER_NOT_EXIST', 'No customer with this domainId');
      if (customer.domainType === 'DOMAIN' && !customer.enableActiveDomain) {
        if (!state.verifiedDns.has(customer.domain)) {
          return sendError(reply, DNS_NOT_VERIFIED.status, DNS_NOT_VERIFIED.code, DNS_NOT_VERIFIED.description);
        }
        customer.enableActiveDomain = true;
      }
      return customer;
    },
  });
}
