// The monthly usage report in pages survives a worker killed (SIGKILL, a real worker process) after a page: a new
// worker goes on from the next page, the finished pages are never read again, and the files hold every customer once.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { monthlyReport, monthlyReportStatusQuery } from '../../workflows/index.js';
import { REPORT_PAGE_SIZE } from '../../activities/report-pages.js';
import { journal } from '../helpers/simulator.js';
import { control } from '../subscriptions/support.js';
import { seedLastMonth, useReportWorld } from './support.js';

const world = useReportWorld('report-pages');
/** Three pages: two full, one short. */
const CUSTOMERS = REPORT_PAGE_SIZE * 2 + 5;

test('a worker killed after the first page: the next worker reads only the remaining pages; every customer is in the report once', async () => {
  const { domainIds, period } = await seedLastMonth(world.sim, 'page', CUSTOMERS);
  // Each getCustomerUsages answer is slow, so the kill lands while the second page is being read at the latest.
  await control(world.sim, 'PUT', '/faults/getCustomerUsages', { rates: { slow: 1 }, delayMs: 150 });

  const first = world.startWorker();
  await first.waitFor('worker started');
  const handle = await world.env.client.workflow.start(monthlyReport, { taskQueue: world.taskQueue, workflowId: `report/pages-${process.pid}`, args: [period] });
  for (let i = 0; i < 600; i++) {
    const status = await handle.query(monthlyReportStatusQuery).catch(() => undefined);
    if ((status?.usagePages ?? 0) >= 1) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect((await handle.query(monthlyReportStatusQuery)).usagePages).toBeGreaterThanOrEqual(1);
  first.child.kill('SIGKILL');
  await first.exited;
  const firstPage = new Set(domainIds.slice(0, REPORT_PAGE_SIZE));

  const second = world.startWorker();
  await second.waitFor('worker started');
  const result = await handle.result();
  expect(result.usages).toMatchObject({ kind: 'usages', files: expect.arrayContaining([`usages-${period.year}-${String(period.month).padStart(2, '0')}.csv`]) });
  expect((await handle.query(monthlyReportStatusQuery)).usagePages).toBe(3);

  // The first page (its listCustomers call and its customers' usages) was read once: the new worker went on from page 2.
  const calls = await journal(world.sim);
  expect(calls.filter((e) => e.operation === 'listCustomers' && !e.path.includes('cursor'))).toHaveLength(1);
  for (const domainId of firstPage) expect(calls.filter((e) => e.operation === 'getCustomerUsages' && e.path.includes(`/${domainId}/`))).toHaveLength(1);

  // Every customer's usages are in the files, each customer's rows once (the retried page wrote its part again, whole).
  const ym = `${period.year}-${String(period.month).padStart(2, '0')}`;
  const json = JSON.parse(await readFile(path.join(world.dataDir, 'reports', `usages-${ym}.json`), 'utf8')) as { period: unknown; rows: Array<{ domainId: number; usedDate: string; productId: string }> };
  expect(json.period).toEqual(period);
  expect(new Set(json.rows.map((r) => r.domainId))).toEqual(new Set(domainIds));
  const keys = json.rows.map((r) => `${r.domainId}/${r.usedDate}/${r.productId}`);
  expect(new Set(keys).size).toBe(keys.length);
  const csv = (await readFile(path.join(world.dataDir, 'reports', `usages-${ym}.csv`), 'utf8')).trim().split('\r\n');
  expect(csv).toHaveLength(json.rows.length + 1);
});
