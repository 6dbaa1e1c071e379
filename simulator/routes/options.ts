// Options in use and their immediate changes: buy, cancel, upgrade, add quantity; the renewal setting; daily usage.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { kindOf, OPTIONS, tierRank, type OptionSpec } from '../catalog.js';
import { ALREADY_EXIST } from '../inferred-products.js';
import { ApiError, body, customerOf, requireActivated, invalid, params, query, readInt, readString, readYearMonth, route, type SimContext } from '../http.js';
import { addOption, cancelOption, presentOption, requireUsable } from '../products.js';
import { optionKey, type OptionRecord, type SimulatorState, type SubscriptionRecord } from '../state.js';

export function optionSpecOf(raw: unknown, name = 'optionProductId'): { id: string; spec: OptionSpec } {
  if (typeof raw !== 'string' || !OPTIONS[raw]) throw invalid(`${name} must be one of ${Object.keys(OPTIONS).join(', ')}`);
  return { id: raw, spec: OPTIONS[raw] };
}

/** The base subscription an option can be used with, or 400 naming the eligible base products. */
export function eligibleBase(state: SimulatorState, domainId: number, id: string, spec: OptionSpec): SubscriptionRecord {
  const base = state.subscriptionsOf(domainId).find((s) => spec.baseProducts.includes(s.productId));
  if (!base) throw invalid(`${id} is sold only with ${spec.baseProducts.join(', ')}`);
  return base;
}

/** Quantity rule: required (1..max) for quantity-based options, absent or null otherwise. */
export function quantityFor(spec: OptionSpec, id: string, input: Record<string, unknown>, required: boolean): number | null {
  if (!spec.quantityBased) {
    if (input.quantity !== undefined && input.quantity !== null) throw invalid(`quantity must be null for ${id} (not quantity-based)`);
    return null;
  }
  return readInt(input, 'quantity', { required, min: 1, max: spec.maxQuantity }) ?? null;
}

export function optionInUse(ctx: SimContext, request: FastifyRequest): { option: OptionRecord; spec: OptionSpec } {
  const customer = customerOf(ctx, request);
  const { id, spec } = optionSpecOf(params(request).optionProductId);
  const option = ctx.state.options.get(optionKey(customer.domainId, id));
  if (!option) throw new ApiError(404, 'OPTION_PRODUCT_NOT_EXIST', `${id} is not in use by domainId ${customer.domainId}`);
  return { option, spec };
}

function presentRenewal(option: OptionRecord) {
  return {
    subscriptionId: option.subscriptionId,
    optionProductId: option.optionProductId,
    subOptionId: option.renewal.subOptionId,
    type: option.renewal.type,
    quantity: option.renewal.quantity,
  };
}

export function optionRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { state, clock } = ctx;

  app.route({
    ...route('listOptionProducts'),
    handler: async (request) => ({ optionProducts: state.optionsOf(customerOf(ctx, request).domainId).map(presentOption) }),
  });

  app.route({
    ...route('addOptionProduct'),
    handler: async (request, reply) => {
      const customer = customerOf(ctx, request);
      requireActivated(ctx, customer);
      const input = body(request);
      const { id, spec } = optionSpecOf(input.optionProductId);
      const subOptionId = readString(input, 'subOptionId', { required: true, oneOf: spec.subOptions })!;
      const base = eligibleBase(state, customer.domainId, id, spec);
      requireUsable(base);
      if (base.status === 'SUSPENDED_TRIALEND') throw invalid('options cannot be bought during the trial grace period');
      if (kindOf(base.productId) === 'trial' && !spec.trialSubOptions.includes(subOptionId)) {
        throw invalid(`a trial base plan can only take trial options (${spec.trialSubOptions.join(', ') || 'none for ' + id})`);
      }
      const key = optionKey(customer.domainId, id);
      if (state.options.has(key)) throw new ApiError(ALREADY_EXIST.status, ALREADY_EXIST.code, `${id} is already in use`);
      const rebuyFrom = state.optionRebuyFrom.get(key);
      if (rebuyFrom && clock.today() < rebuyFrom) throw invalid(`${id} was cancelled early on an annual contract and can be bought again from ${rebuyFrom}`);
      const quantity = quantityFor(spec, id, input, true);
      const bound = spec.tierBound?.[base.productId.replace(/_T$/, '')];
      if (spec.tierBound && !bound?.includes(subOptionId)) throw invalid(`${subOptionId} does not fit the base product ${base.productId}`);
      const option = addOption(state, base, id, subOptionId, quantity, clock.now(), clock.today());
      return reply.code(ctx.state.choices.optionCreateStatus).send(presentOption(option));
    },
  });

  app.route({
    ...route('cancelOptionProduct'),
    handler: async (request, reply) => {
      const { option } = optionInUse(ctx, request);
      cancelOption(state, option, clock.today(), true);
      return reply.code(204).send();
    },
  });

  app.route({
    ...route('upgradeOptionProduct'),
    handler: async (request) => {
      const { option, spec } = optionInUse(ctx, request);
      if (!spec.upgradeable) throw invalid(`${option.optionProductId} has no higher sub-options`);
      const subOptionId = readString(body(request), 'subOptionId', { required: true, oneOf: spec.subOptions })!;
      if (tierRank(spec, subOptionId) <= tierRank(spec, option.subOptionId)) throw invalid(`${subOptionId} is not higher than ${option.subOptionId}; downgrades happen at renewal`);
      const base = state.subscriptionsOf(option.domainId).find((s) => spec.baseProducts.includes(s.productId));
      if (base) requireUsable(base);
      const bound = base && spec.tierBound?.[base.productId.replace(/_T$/, '')];
      if (spec.tierBound && !bound?.includes(subOptionId)) throw invalid(`${subOptionId} does not fit the base product ${base?.productId}`);
      option.subOptionId = subOptionId;
      option.renewal.subOptionId = subOptionId;
      return presentOption(option);
    },
  });

  app.route({
    ...route('addOptionProductQuantity'),
    handler: async (request, reply) => {
      const { option, spec } = optionInUse(ctx, request);
      if (!spec.quantityBased) throw invalid(`${option.optionProductId} is not quantity-based`);
      // Inferred: the quantity is a delta (like addLicenseCount), so a blind retry adds twice.
      const add = readInt(body(request), 'quantity', { required: true, min: 1 })!;
      const total = (option.quantity ?? 0) + add;
      if (spec.maxQuantity !== undefined && total > spec.maxQuantity) throw new ApiError(400, 'OUT_OF_RANGE', `quantity would be ${total}, above the maximum ${spec.maxQuantity}`);
      option.quantity = total;
      if (option.renewal.type === 'STAY') option.renewal.quantity = total;
      return reply.code(ctx.state.choices.optionUpdateStatus).send(presentOption(option));
    },
  });

  app.route({ ...route('getOptionProductRenewal'), handler: async (request) => presentRenewal(optionInUse(ctx, request).option) });

  app.route({
    ...route('patchOptionProductRenewal'),
    handler: async (request, reply) => {
      if (OPTIONS[params(request).optionProductId ?? '']?.oneMonth) throw invalid('one-month add-ons (QTA_O1, QTA_O2, JP_PPO_O, JP_AIS_O) cannot be changed at renewal');
      const { option, spec } = optionInUse(ctx, request);
      if (option.plan === 'TRIAL') throw invalid('a trial option has no renewal; convert it to paid first');
      const input = body(request);
      const type = readString(input, 'type', { oneOf: ['STAY', 'CHANGE'] }) ?? (input.subOptionId !== undefined || input.quantity !== undefined ? 'CHANGE' : 'STAY');
      if (type === 'STAY') option.renewal = { type: 'STAY', subOptionId: option.subOptionId, quantity: option.quantity };
      else {
        const subOptionId = readString(input, 'subOptionId', { oneOf: spec.subOptions }) ?? option.subOptionId;
        if (subOptionId !== option.subOptionId && !['SSTG2', 'BCT'].includes(option.optionProductId)) throw invalid(`${option.optionProductId} cannot change sub-option at renewal`);
        if (spec.trialSubOptions.includes(subOptionId)) throw invalid('cannot renew into a trial sub-option');
        const quantity = spec.quantityBased ? (readInt(input, 'quantity', { min: 1, max: spec.maxQuantity }) ?? option.quantity) : quantityFor(spec, option.optionProductId, input, false);
        option.renewal = { type: 'CHANGE', subOptionId, quantity };
      }
      return reply.code(ctx.state.choices.optionUpdateStatus).send(presentRenewal(option));
    },
  });

  app.route({
    ...route('listOptionProductUsages'),
    handler: async (request) => {
      const customer = customerOf(ctx, request);
      const { year, month } = readYearMonth(request, true);
      const prefix = `${year}-${String(month).padStart(2, '0')}`;
      const group = query(request).productGroupId;
      const rows = state.optionUsageRows.filter((r) => r.domainId === customer.domainId && r.usedDate.startsWith(prefix) && (group === undefined || r.productGroupId === group));
      return { optionProductUsages: rows.map(({ domainId: _d, ...row }) => row) };
    },
  });
}
