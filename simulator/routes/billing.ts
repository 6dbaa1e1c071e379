// Metered usage and invoices, generated from state by the scheduler (see ../billing.ts).
import type { FastifyInstance } from 'fastify';
import { ApiError, customerOf, invalid, pageOf, query, readCount, readYearMonth, route, type SimContext } from '../http.js';

const GROUPS = ['WORKS', 'NOTE_AI', 'ROGER', 'JP_PAPER_ON', 'JP_AI_STUDIO'];

export function billingRoutes(app: FastifyInstance, ctx: SimContext): void {
  const { state } = ctx;

  app.route({
    ...route('getCustomerUsages'),
    handler: async (request) => {
      const customer = customerOf(ctx, request);
      const { year, month } = readYearMonth(request, true);
      const group = query(request).productGroupId;
      if (group !== undefined && !GROUPS.includes(group)) throw invalid(`productGroupId must be one of ${GROUPS.join(', ')}`);
      const prefix = `${year}-${String(month).padStart(2, '0')}`;
      const rows = state.usageRows.filter((r) => r.domainId === customer.domainId && r.usedDate.startsWith(prefix) && (group === undefined || r.productGroupId === group));
      return { usages: rows.map(({ domainId: _d, ...row }) => row) };
    },
  });

  app.route({
    ...route('listInvoices'),
    handler: async (request) => {
      const { year } = readYearMonth(request, false);
      return { invoices: state.invoices.filter((i) => i.invoiceYear === year) };
    },
  });

  app.route({
    ...route('listInvoiceDetails'),
    handler: async (request) => {
      const { year, month } = readYearMonth(request, true);
      const count = readCount(request, 20, 20);
      // year/month name the usage month the invoice covers (inferred; the docs do not say).
      const details = state.invoiceDetails.get(`${year}-${String(month).padStart(2, '0')}`);
      if (!details) throw new ApiError(404, 'INVOICE_NOT_EXIST', `no invoice for ${year}-${month} has been issued yet`);
      const { page, nextCursor } = pageOf(details, query(request).cursor, count);
      return { invoiceDetails: page, responseMetaData: nextCursor ? { nextCursor } : {} };
    },
  });
}
