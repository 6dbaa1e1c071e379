// Customers: verify a name, add, list, get, replace, patch and delete.
import type { FastifyInstance } from 'fastify';
import type { Customer, CustomerCreateRequest } from '../../partner-api/types.js';
import { nameProblem, needsDns, withdrawalRemovalDate } from '../inferred.js';
import { ApiError, body, choiceError, customerOf, invalid, pageOf, query, readCount, route, sendError, type SimContext } from '../http.js';
import { trialEnd, withdrawTenant } from '../products.js';

const LOCALES = ['ja_JP', 'ko_KR', 'en_US', 'zh_TW', 'zh_CN'];
const PHONE = /^[0-9PT*#+,-]+$/;
const EDITABLE = ['companyName', 'phoneNumber', 'timeZone', 'locale'] as const;

function fieldProblems(source: Record<string, unknown>, required: readonly string[]): string[] {
  const problems: string[] = [];
  for (const field of required) if (typeof source[field] !== 'string' || source[field] === '') problems.push(`${field} is required`);
  const { companyName, phoneNumber, locale, timeZone } = source;
  if (companyName !== undefined && (typeof companyName !== 'string' || companyName.length > 40)) problems.push('companyName must be a string of at most 40 characters');
  if (phoneNumber !== undefined && (typeof phoneNumber !== 'string' || !PHONE.test(phoneNumber))) problems.push('phoneNumber may contain only digits and P T - * # + ,');
  if (locale !== undefined && (typeof locale !== 'string' || !LOCALES.includes(locale))) problems.push(`locale must be one of ${LOCALES.join(', ')}`);
  if (timeZone !== undefined && (typeof timeZone !== 'string' || !isTimeZone(timeZone))) problems.push('timeZone must be an IANA time zone such as Asia/Tokyo');
  return problems;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function partnershipProblems(value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null) return ['partnership must be an object'];
  const { customerCode, enablePartnerProfileDisplay, memo } = value as Record<string, unknown>;
  const problems: string[] = [];
  if (customerCode !== undefined && (typeof customerCode !== 'string' || Buffer.byteLength(customerCode) > 200)) problems.push('partnership.customerCode must be at most 200 bytes');
  if (enablePartnerProfileDisplay !== undefined && typeof enablePartnerProfileDisplay !== 'boolean') problems.push('partnership.enablePartnerProfileDisplay must be a boolean');
  if (memo !== undefined && (typeof memo !== 'string' || memo.length > 700)) problems.push('partnership.memo must be at most 700 characters');
  return problems;
}

function administratorProblems(value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null) return ['administrator must be an object'];
  const admin = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of ['id', 'lastName', 'privateEmail', 'password']) if (typeof admin[field] !== 'string' || admin[field] === '') problems.push(`administrator.${field} is required`);
  if (typeof admin.password === 'string' && (admin.password.length < 8 || admin.password.length > 20 || !/[A-Za-z]/.test(admin.password) || !/\d/.test(admin.password))) {
    problems.push('administrator.password must be 8-20 characters with letters and digits');
  }
  if (typeof admin.id === 'string' && (admin.id.length < 2 || admin.id.length > 40)) problems.push('administrator.id must be 2-40 characters');
  return problems;
}

/** The list's `domain` filter; the docs do not say exact or partial (customerDomainFilter choice). */
function domainMatches(domain: string, filter: string, mode: 'exact' | 'prefix' | 'contains'): boolean {
  if (mode === 'prefix') return domain.startsWith(filter);
  if (mode === 'contains') return domain.includes(filter);
  return domain === filter;
}

export function customerRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { state } = ctx;

  app.route({
    ...route('verifyDomain'),
    handler: async (request, reply) => {
      const { domain } = body(request);
      if (typeof domain !== 'string') return sendError(reply, 400, 'MISSING_PARAMETER', 'domain is required');
      const problem = nameProblem(domain);
      if (problem) return sendError(reply, 400, 'INVALID_PARAMETER', problem);
      if (state.isNameTaken(domain)) throw choiceError(state.choices.nameTakenOnVerify);
      return { domain, type: needsDns(domain, state.choices.noDnsSuffixes) ? 'DOMAIN' : 'GROUP' };
    },
  });

  app.route({
    ...route('createCustomer'),
    handler: async (request, reply) => {
      const input = body(request);
      const problems = fieldProblems(input, ['domain', ...EDITABLE]);
      if (typeof input.domain === 'string') {
        const problem = nameProblem(input.domain);
        if (problem) problems.push(problem);
      }
      if (input.productId !== undefined && !['FR', 'STD_T', 'ADV_T'].includes(input.productId as string)) problems.push('productId must be FR, STD_T or ADV_T');
      problems.push(...administratorProblems(input.administrator), ...partnershipProblems(input.partnership));
      if (problems.length > 0) return sendError(reply, 400, 'INVALID_PARAMETER', problems.join('; '));
      if (state.isNameTaken(input.domain as string)) throw choiceError(state.choices.nameTakenOnCreate);
      const customer = state.addCustomer(input as unknown as CustomerCreateRequest);
      // The deprecated productId starts the customer on that free/trial plan, as a subscription would.
      if (typeof input.productId === 'string') {
        customer.productId = input.productId as Customer['productId'];
        const today = ctx.clock.today();
        state.markGroupUsed(customer.domainId, 'WORKS');
        const trial = input.productId !== 'FR';
        state.addSubscription({
          domainId: customer.domainId,
          productId: input.productId,
          plan: trial ? 'TRIAL' : 'FREE',
          planStartDate: today,
          planEndDate: trial ? trialEnd(today) : null,
          licenseAssignType: 'NONE',
          licenseCount: null,
          status: 'ACTIVE',
          renewal: null,
        });
      }
      return reply.code(state.choices.createCustomerStatus).send(customer);
    },
  });

  app.route({
    ...route('listCustomers'),
    handler: async (request) => {
      const q = query(request);
      const count = readCount(request, 10, 30);
      const orderBy = q.orderBy ?? 'name asc';
      if (orderBy !== 'name asc' && orderBy !== 'name desc') throw invalid('orderBy must be "name asc" or "name desc"');
      const all = [...state.customers.values()]
        .filter((c) => q.domain === undefined || domainMatches(c.domain, q.domain, state.choices.customerDomainFilter))
        .sort((a, b) => (orderBy === 'name asc' ? a.domain.localeCompare(b.domain) : b.domain.localeCompare(a.domain)));
      const { page, nextCursor } = pageOf(all, q.cursor, count);
      return { customers: page, responseMetaData: nextCursor ? { nextCursor } : {} };
    },
  });

  app.route({ ...route('getCustomer'), handler: async (request) => customerOf(ctx, request) });

  app.route({
    ...route('replaceCustomer'),
    handler: async (request, reply) => {
      const customer = customerOf(ctx, request);
      const input = body(request);
      // PUT is a full replacement: the editable fields are all required, partnership resets to its defaults.
      const problems = [...fieldProblems(input, EDITABLE), ...partnershipProblems(input.partnership)];
      if (problems.length > 0) return sendError(reply, 400, 'INVALID_PARAMETER', problems.join('; '));
      for (const field of EDITABLE) (customer as unknown as Record<string, unknown>)[field] = input[field];
      const partnership = (input.partnership ?? {}) as Record<string, unknown>;
      customer.partnership = { status: customer.partnership?.status ?? 'NORMAL', enablePartnerProfileDisplay: true, ...partnership };
      return customer;
    },
  });

  app.route({
    ...route('patchCustomer'),
    handler: async (request, reply) => {
      const customer = customerOf(ctx, request);
      const input = body(request);
      const problems = [...fieldProblems(input, []), ...partnershipProblems(input.partnership)];
      if (problems.length > 0) return sendError(reply, 400, 'INVALID_PARAMETER', problems.join('; '));
      for (const field of EDITABLE) if (input[field] !== undefined) (customer as unknown as Record<string, unknown>)[field] = input[field];
      if (input.partnership) customer.partnership = { ...customer.partnership, ...(input.partnership as Record<string, unknown>) };
      return customer;
    },
  });

  app.route({
    ...route('deleteCustomer'),
    handler: async (request, reply) => {
      const customer = customerOf(ctx, request);
      const usage = state.usage.get(customer.domainId);
      const today = ctx.clock.today();
      if (usage?.status === 'SUSPENDED_WITHDRAWAL') throw new ApiError(409, 'CONFLICT', 'the customer is already pending withdrawal; this cannot be undone');
      // "The partner's own domain cannot be deleted."
      if (customer.domainId === state.partnerDomainId) throw choiceError(state.choices.partnerOwnDomainRefused);
      // Paid plans: usage up to the day before plus any penalty is billed; record the penalty for an early end.
      withdrawTenant(state, customer.domainId, today);
      if (usage?.nonRealtimePaidApp) {
        usage.status = 'SUSPENDED_WITHDRAWAL';
        usage.withdrawalDate = withdrawalRemovalDate(today);
        return reply.code(202).send();
      }
      state.removeCustomer(customer.domainId);
      return reply.code(204).send();
    },
  });
}
