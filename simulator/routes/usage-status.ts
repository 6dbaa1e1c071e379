// Usage status: state, user count and cap, scheduled cancellation (withdrawalDate) and the scheduled cap change.
import type { FastifyInstance } from 'fastify';
import { addDays, addMonths } from '../dates.js';
import { MAX_COUNT, USAGE_RENEWAL_WINDOW_YEARS } from '../inferred-products.js';
import { ApiError, body, choiceError, customerOf, invalid, readDate, readInt, requireWindow, route, type SimContext } from '../http.js';
import type { UsageRecord } from '../state.js';

export function usageStatusRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { state, clock } = ctx;

  function usageOf(domainId: number): UsageRecord {
    return state.usage.get(domainId)!;
  }

  function present(domainId: number) {
    const usage = usageOf(domainId);
    return {
      domainId,
      status: usage.status,
      memberCount: usage.memberCount,
      maxMemberCount: usage.maxMemberCount,
      // A scheduled date shows while ACTIVE unless the showScheduledWithdrawalDate choice says otherwise.
      withdrawalDate: usage.status === 'SUSPENDED_WITHDRAWAL' || state.choices.showScheduledWithdrawalDate ? usage.withdrawalDate : null,
      ...(usage.renewal ? { renewal: { ...usage.renewal } } : {}),
    };
  }

  function window() {
    const today = clock.today();
    return { from: addDays(today, 1), to: addMonths(today, 12 * USAGE_RENEWAL_WINDOW_YEARS) };
  }

  app.route({ ...route('getUsageStatus'), handler: async (request) => present(customerOf(ctx, request).domainId) });

  app.route({
    ...route('patchUsageStatus'),
    handler: async (request) => {
      const customer = customerOf(ctx, request);
      const usage = usageOf(customer.domainId);
      const input = body(request);
      const hasCap = Object.hasOwn(input, 'maxMemberCount');
      const hasDate = Object.hasOwn(input, 'withdrawalDate');
      if (!hasCap && !hasDate) throw invalid('send maxMemberCount and/or withdrawalDate');
      const cap = hasCap ? readInt(input, 'maxMemberCount', { nullable: true, min: 1, max: MAX_COUNT }) : undefined;
      const date = hasDate && input.withdrawalDate !== null ? readDate(input, 'withdrawalDate') : undefined;
      if (usage.status === 'SUSPENDED_WITHDRAWAL' && hasDate) throw new ApiError(409, 'CONFLICT', 'the customer is pending withdrawal; this cannot be undone or moved');
      // "a cancellation date cannot be set for the partner's own domain"
      if (date !== undefined && customer.domainId === state.partnerDomainId) throw choiceError(state.choices.partnerOwnDomainRefused);
      if (date !== undefined) requireWindow('withdrawalDate', date, addDays(clock.today(), 1), '9999-12-31');
      if (hasCap) {
        usage.maxMemberCount = cap ?? null;
        // Documented: setting the cap here deletes any scheduled cap change.
        delete usage.renewal;
      }
      if (hasDate) {
        usage.withdrawalDate = date ?? null;
        // "if the reservation is made by the 24th" (option-plus.ts) needs the day it was made.
        if (date !== undefined) usage.withdrawalReservedOn = clock.today();
        else {
          // The cancellation is called off: a paid app stopped for it on the 25th runs (and is charged) again.
          delete usage.withdrawalReservedOn;
          delete usage.optionPlusStoppedOn;
        }
      }
      return present(customer.domainId);
    },
  });

  app.route({
    ...route('addUsageStatusRenewal'),
    handler: async (request, reply) => {
      const customer = customerOf(ctx, request);
      const usage = usageOf(customer.domainId);
      const input = body(request);
      const applyDate = readDate(input, 'applyDate')!;
      const cap = readInt(input, 'maxMemberCount', { nullable: true, min: 1, max: MAX_COUNT }) ?? null;
      const { from, to } = window();
      requireWindow('applyDate', applyDate, from, to);
      if (usage.renewal) throw new ApiError(409, 'ALREADY_EXIST', 'a scheduled cap change already exists; patch or delete it');
      usage.renewal = { applyDate, maxMemberCount: cap };
      return reply.code(201).send(present(customer.domainId));
    },
  });

  app.route({
    ...route('patchUsageStatusRenewal'),
    handler: async (request) => {
      const customer = customerOf(ctx, request);
      const usage = usageOf(customer.domainId);
      const input = body(request);
      if (Object.hasOwn(input, 'maxMemberCount')) throw invalid('only applyDate can change; delete the task and add a new one to change maxMemberCount');
      const applyDate = readDate(input, 'applyDate')!;
      if (!usage.renewal) throw new ApiError(404, 'RENEWAL_NOT_EXIST', 'no scheduled cap change exists');
      const { from, to } = window();
      requireWindow('applyDate', applyDate, from, to);
      usage.renewal.applyDate = applyDate;
      return present(customer.domainId);
    },
  });

  app.route({
    ...route('deleteUsageStatusRenewal'),
    handler: async (request, reply) => {
      const customer = customerOf(ctx, request);
      const usage = usageOf(customer.domainId);
      if (!usage.renewal) throw new ApiError(404, 'RENEWAL_NOT_EXIST', 'no scheduled cap change exists');
      delete usage.renewal;
      return reply.code(204).send();
    },
  });
}
