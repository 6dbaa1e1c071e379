// Scheduled option tasks (APPLY, CANCEL, START_PAID_SERVICE, MODIFY, CHANGE_QUANTITY): at most one per option
// family, each with the date window its type allows. The scheduler applies them on their date.
import type { FastifyInstance } from 'fastify';
import type { Customer } from '../../partner-api/types.js';
import { kindOf, OPTIONS, tierRank } from '../catalog.js';
import { addDays, firstOfMonth } from '../dates.js';
import { ALREADY_EXIST } from '../inferred-products.js';
import { ApiError, body, customerOf, requireActivated, invalid, params, readDate, readString, requireWindow, route, type SimContext } from '../http.js';
import { optionKey, type OptionOrderRecord } from '../state.js';
import { optionSpecOf, quantityFor } from './options.js';

const TYPES = ['APPLY', 'CANCEL', 'START_PAID_SERVICE', 'MODIFY', 'CHANGE_QUANTITY'] as const;

function present(order: OptionOrderRecord) {
  const { domainId: _domainId, ...shown } = order;
  return shown;
}

export function optionOrderRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { state, clock } = ctx;

  /** Checks a task against its type's rules and date window; fills subscriptionId and subOptionId. */
  function validate(customer: Customer, task: OptionOrderRecord): void {
    const spec = OPTIONS[task.optionProductId]!;
    const id = task.optionProductId;
    if (!spec.scheduledTypes.includes(task.type)) throw invalid(`${id} does not take ${task.type} tasks (allowed: ${spec.scheduledTypes.join(', ')})`);
    const tomorrow = addDays(clock.today(), 1);
    const base = state.subscriptionsOf(customer.domainId).find((s) => spec.baseProducts.includes(s.productId));
    if (base?.status === 'SUSPENDED_TRIALEND') throw invalid('option tasks are not allowed during the trial grace period');
    const conversion = base ? state.reservations.get(base.subscriptionId) : undefined;
    const conversionDate = conversion?.type === 'START_PAID_SERVICE' ? conversion.applyDate : undefined;
    const option = state.options.get(optionKey(customer.domainId, id));
    const requireConversionDate = () => {
      if (task.applyDate !== conversionDate) throw new ApiError(400, 'OUT_OF_RANGE', `applyDate must be the base paid-conversion date ${conversionDate}`);
    };

    if (task.type === 'APPLY') {
      if (option) throw invalid(`${id} is already in use`);
      if (!spec.subOptions.includes(task.subOptionId)) throw invalid(`subOptionId must be one of ${spec.subOptions.join(', ')}`);
      const rebuyFrom = state.optionRebuyFrom.get(optionKey(customer.domainId, id));
      if (rebuyFrom && task.applyDate < rebuyFrom) throw invalid(`${id} can be bought again from ${rebuyFrom}`);
      const trialOption = spec.trialSubOptions.includes(task.subOptionId);
      if (!base) {
        // Scheduled together with a base pre-order: same date, no subscription yet.
        const preOrder = [...state.preOrders.values()].find((o) => o.domainId === customer.domainId && spec.baseProducts.includes(o.productId ?? ''));
        if (!preOrder) throw invalid(`${id} needs one of ${spec.baseProducts.join(', ')} (in use or pre-ordered)`);
        if (task.applyDate !== preOrder.applyDate) throw new ApiError(400, 'OUT_OF_RANGE', `applyDate must be the base pre-order date ${preOrder.applyDate}`);
        task.subscriptionId = null;
        return;
      }
      task.subscriptionId = base.subscriptionId;
      const baseKind = kindOf(base.productId);
      if (conversionDate) return requireConversionDate();
      if (baseKind !== 'paid') {
        if (!trialOption) throw invalid('a free or trial base plan can schedule paid options only together with its paid conversion (START_PAID_SERVICE)');
        return requireWindow('applyDate', task.applyDate, tomorrow, base.planEndDate ?? addDays(clock.today(), 60));
      }
      return requireWindow('applyDate', task.applyDate, tomorrow, addDays(base.planEndDate!, 1));
    }

    if (!option) throw new ApiError(404, 'OPTION_PRODUCT_NOT_EXIST', `${id} is not in use`);
    task.subscriptionId = base?.subscriptionId ?? option.subscriptionId;
    if (task.type !== 'MODIFY') task.subOptionId = option.subOptionId;
    const baseTrial = base ? kindOf(base.productId) !== 'paid' : false;
    if (task.type === 'CANCEL') {
      if (baseTrial) {
        if (!conversionDate) throw invalid('with a trial base plan an option can be cancelled only together with a scheduled paid conversion');
        return requireConversionDate();
      }
      return requireWindow('applyDate', task.applyDate, tomorrow, addDays(option.planEndDate, 1));
    }
    if (task.type === 'START_PAID_SERVICE') {
      if (option.plan !== 'TRIAL') throw invalid(`${id} is not a trial option`);
      if (conversionDate) return requireConversionDate();
      if (baseTrial) throw invalid('convert the base plan to paid first (or schedule it)');
      return requireWindow('applyDate', task.applyDate, tomorrow, addDays(option.planEndDate, 1));
    }
    if (task.type === 'MODIFY') {
      if (!spec.subOptions.includes(task.subOptionId) || tierRank(spec, task.subOptionId) <= tierRank(spec, option.subOptionId)) {
        throw invalid(`MODIFY is an upgrade: subOptionId must be above ${option.subOptionId}`);
      }
      return requireWindow('applyDate', task.applyDate, tomorrow, addDays(option.planEndDate, 1));
    }
    // CHANGE_QUANTITY: only the 1st of next month, inside the contract (so never in its last month).
    const first = firstOfMonth(clock.today(), 1);
    if (task.applyDate !== first) throw new ApiError(400, 'OUT_OF_RANGE', `CHANGE_QUANTITY applies only on the 1st of next month (${first})`);
    if (first > option.planEndDate) throw invalid('CHANGE_QUANTITY is not possible in the last contract month');
  }

  function taskOf(domainId: number, raw: string | undefined): OptionOrderRecord {
    const { id } = optionSpecOf(raw);
    const task = state.optionOrders.get(optionKey(domainId, id));
    if (!task) throw new ApiError(404, 'OPTION_PRODUCT_ORDER_NOT_EXIST', `No scheduled task for ${id}`);
    return task;
  }

  app.route({
    ...route('listOptionProductOrders'),
    handler: async (request) => ({ optionProductOrders: state.optionOrdersOf(customerOf(ctx, request).domainId).map(present) }),
  });

  app.route({
    ...route('addOptionProductOrders'),
    handler: async (request, reply) => {
      const customer = customerOf(ctx, request);
      requireActivated(ctx, customer);
      const input = body(request);
      const { id, spec } = optionSpecOf(input.optionProductId);
      const type = readString(input, 'type', { required: true, oneOf: TYPES }) as OptionOrderRecord['type'];
      const applyDate = readDate(input, 'applyDate')!;
      const key = optionKey(customer.domainId, id);
      if (state.optionOrders.has(key)) throw new ApiError(ALREADY_EXIST.status, ALREADY_EXIST.code, `${id} already has a scheduled task (one per option)`);
      const needsQuantity = spec.quantityBased && (type === 'APPLY' || type === 'CHANGE_QUANTITY');
      const quantity = type === 'APPLY' || type === 'CHANGE_QUANTITY' ? quantityFor(spec, id, input, needsQuantity) : (state.options.get(key)?.quantity ?? null);
      const subOptionId = readString(input, 'subOptionId', { required: type === 'APPLY' || type === 'MODIFY' }) ?? '';
      const task: OptionOrderRecord = { domainId: customer.domainId, subscriptionId: null, optionProductId: id, subOptionId, type, quantity, applyDate };
      validate(customer, task);
      state.optionOrders.set(key, task);
      return reply.code(ctx.state.choices.optionCreateStatus).send(present(task));
    },
  });

  app.route({
    ...route('getOptionProductOrder'),
    handler: async (request) => present(taskOf(customerOf(ctx, request).domainId, params(request).optionProductId)),
  });

  app.route({
    ...route('patchOptionProductOrder'),
    handler: async (request, reply) => {
      const customer = customerOf(ctx, request);
      const task = taskOf(customer.domainId, params(request).optionProductId);
      const spec = OPTIONS[task.optionProductId]!;
      const input = body(request);
      const candidate = { ...task };
      if (input.applyDate !== undefined) candidate.applyDate = readDate(input, 'applyDate')!;
      if (input.subOptionId !== undefined) {
        if (task.type !== 'APPLY' && task.type !== 'MODIFY') throw invalid(`subOptionId cannot change on a ${task.type} task`);
        candidate.subOptionId = readString(input, 'subOptionId')!;
      }
      if (input.quantity !== undefined) {
        if (task.type !== 'APPLY' && task.type !== 'CHANGE_QUANTITY') throw invalid(`quantity cannot change on a ${task.type} task`);
        candidate.quantity = quantityFor(spec, task.optionProductId, input, spec.quantityBased);
      }
      validate(customer, candidate);
      Object.assign(task, candidate);
      return reply.code(ctx.state.choices.optionUpdateStatus).send(present(task));
    },
  });

  app.route({
    ...route('deleteOptionProductOrder'),
    handler: async (request, reply) => {
      const customer = customerOf(ctx, request);
      const task = taskOf(customer.domainId, params(request).optionProductId);
      state.optionOrders.delete(optionKey(customer.domainId, task.optionProductId));
      return reply.code(204).send();
    },
  });
}
