// The monthly invoice report in pages survives a worker killed (SIGKILL, a real worker process) after a page: a new
// worker goes on from the next page of invoice lines, the finished pages are never read again, and the files hold
// every customer's lines once.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { monthlyReport, monthlyReportStatusQuery } from '../../workflows/index.js';
import { INVOICE_PAGE_SIZE } from '../../activities/report-pages.js';
import { journal } from '../helpers/simulator.js';
import { control } from '../subscriptions/support.js';
import { seedLastMonth, useReportWorld } from './support.js';

const world = useReportWorld('invoice-pages');
/** Three pages of invoice lines: two full, one short. */
const CUSTOMERS = INVOICE_PAGE_SIZE * 2 + 5;

test('a worker killed after the first invoice page: the next worker reads only the remaining pages; every line is in the report once', async () => {
  const { domainIds, period } = await seedLastMonth(world.sim, 'inv', CUSTOMERS);
  // Each page of invoice lines answers slowly, so the kill lands while the second page is being read at the latest.
  await control(world.sim, 'PUT', '/faults/listInvoiceDetails', { rates: { slow: 1 }, delayMs: 1_500 });

  const first = world.startWorker();
  await first.waitFor('worker started');
  const handle = await world.env.client.workflow.start(monthlyReport, { taskQueue: world.taskQueue, workflowId: `report/invoice-pages-${process.pid}`, args: [period] });
  for (let i = 0; i < 600; i++) {
    const status = await handle.query(monthlyReportStatusQuery).catch(() => undefined);
    if ((status?.invoicePages ?? 0) >= 1) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect((await handle.query(monthlyReportStatusQuery)).invoicePages).toBeGreaterThanOrEqual(1);
  first.child.kill('SIGKILL');
  await first.exited;

  const second = world.startWorker();
  await second.waitFor('worker started');
  const result = await handle.result();
  const ym = `${period.year}-${String(period.month).padStart(2, '0')}`;
  expect(result.invoices).toMatchObject({ kind: 'invoices', files: expect.arrayContaining([`invoice-details-${ym}.csv`, `invoices-${ym}.json`]) });
  expect((await handle.query(monthlyReportStatusQuery)).invoicePages).toBe(3);

  // The first page (listInvoices and the first listInvoiceDetails) was read once: the new worker went on from page 2.
  const calls = await journal(world.sim);
  expect(calls.filter((e) => e.operation === 'listInvoices')).toHaveLength(1);
  expect(calls.filter((e) => e.operation === 'listInvoiceDetails' && !e.path.includes('cursor'))).toHaveLength(1);
  expect(calls.filter((e) => e.operation === 'listInvoiceDetails').length).toBeGreaterThanOrEqual(3);

  // Every customer's lines are in the files, once each (a retried page wrote its part again, whole).
  const json = JSON.parse(await readFile(path.join(world.dataDir, 'reports', `invoice-details-${ym}.json`), 'utf8')) as { period: unknown; issued: boolean; rows: Array<Record<string, unknown>> };
  expect(json).toMatchObject({ period, issued: true });
  expect(new Set(json.rows.map((r) => r.domainId))).toEqual(new Set(domainIds));
  const keys = json.rows.map((r) => JSON.stringify(r));
  expect(new Set(keys).size).toBe(keys.length);
  const csv = (await readFile(path.join(world.dataDir, 'reports', `invoice-details-${ym}.csv`), 'utf8')).trim().split('\r\n');
  expect(csv).toHaveLength(json.rows.length + 1);
  const invoices = JSON.parse(await readFile(path.join(world.dataDir, 'reports', `invoices-${ym}.json`), 'utf8')) as { rows: Array<{ invoiceMonth: number }> };
  expect(invoices.rows).toEqual([expect.objectContaining({ invoiceMonth: period.month })]);
});
