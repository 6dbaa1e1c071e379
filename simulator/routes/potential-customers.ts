// Online Direct tenants: look one up with its partner code, and transfer it under the partner (202, completes in
// the background after transferDelayMs on the simulated clock; the tenant then appears in listCustomers).
import type { FastifyInstance } from 'fastify';
import { ApiError, body, invalid, missing, params, query, route, type SimContext } from '../http.js';

export function potentialCustomerRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { state, clock, options } = ctx;

  /** The docs list only 400 and 500 here, so an unknown tenant or wrong partner code is a 400. */
  function tenantFor(domain: string, partnerCode: unknown) {
    if (typeof partnerCode !== 'string' || partnerCode === '') throw missing('partnerCode');
    const tenant = state.potentialCustomers.get(domain);
    if (!tenant || tenant.partnerCode !== partnerCode) throw invalid(`no Online Direct tenant ${domain} with this partnerCode`);
    return tenant;
  }

  app.route({
    ...route('getPotentialCustomer'),
    handler: async (request) => {
      const tenant = tenantFor(params(request).domain!, query(request).partnerCode);
      return {
        tenantId: tenant.tenantId,
        domainId: tenant.domainId,
        domain: tenant.domain,
        productId: tenant.productId,
        productIds: tenant.productIds,
        notHandledApps: tenant.notHandledApps,
      };
    },
  });

  app.route({
    ...route('transferPotentialCustomer'),
    handler: async (request, reply) => {
      const input = body(request);
      const tenant = tenantFor(params(request).domain!, input.partnerCode);
      if (input.enablePartnerProfileDisplay !== undefined && typeof input.enablePartnerProfileDisplay !== 'boolean') throw invalid('enablePartnerProfileDisplay must be a boolean');
      if (state.transfers.some((t) => t.domain === tenant.domain)) throw new ApiError(400, 'INVALID_PARAMETER', `a transfer of ${tenant.domain} is already in progress`);
      state.transfers.push({
        domain: tenant.domain,
        completesAtMs: clock.nowMs() + options.transferDelayMs,
        enablePartnerProfileDisplay: (input.enablePartnerProfileDisplay as boolean | undefined) ?? true,
      });
      return reply.code(202).send();
    },
  });
}
