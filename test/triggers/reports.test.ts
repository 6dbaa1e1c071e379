// Monthly report and drift check end to end: a real dev server and worker, the simulator's metering and invoices
// (seeded customers, simulated clock moved past the 1st), files compared with what the API answers directly.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CrmStateStore } from '../../crm/crm-state.js';
import { clientFor } from '../helpers/simulator.js';
import type { components } from '../../partner-api/types.js';
import { ensureSchedules } from '../../workers/schedules.js';
import { eventually, startTriggerEnv, type TriggerEnv } from './support.js';

type Schemas = components['schemas'];
let t: TriggerEnv;

async function control(method: string, route: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${t.simulator.url}/_simulator${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${method} ${route}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>);
}

/** 22 customers: more than one page of invoice lines (20 per page). */
const CUSTOMERS = Array.from({ length: 22 }, (_, i) => ({
  domain: `report${i}.by-works.com`,
  companyName: `Customer ${i}`,
  memberCount: 3 + i,
  subscriptions: [i % 2 === 0 ? { productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 + i } : { productId: 'ADV', plan: 'MONTHLY' }],
  // Every fourth customer has a metered option, so the option usages report has rows of some customers only.
  ...(i % 4 === 0 ? { options: [{ optionProductId: 'CST_S', subOptionId: 'CST_S01', quantity: 2 }] } : {}),
}));

let period: { year: number; month: number };

beforeAll(async () => {
  t = await startTriggerEnv('reports');
  await control('POST', '/seed', { customers: CUSTOMERS });
  // Forty simulated days: one whole month of daily snapshots, and its invoice issued on the 1st after it.
  const clock = await control('POST', '/clock/advance', { days: 40 });
  const today = String(clock.today);
  const [y, m] = today.split('-').map(Number) as [number, number];
  period = m === 1 ? { year: y - 1, month: 12 } : { year: y, month: m - 1 };
});

afterAll(async () => {
  await t?.close();
});

async function readJson<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(path.join(t.reportsDir, name), 'utf8')) as T;
}

function csvLines(text: string): string[] {
  return text.split('\r\n').filter(Boolean);
}

const ym = () => `${period.year}-${String(period.month).padStart(2, '0')}`;

test('the monthly report writes usages, invoices and invoice lines that match the API, and sends them to the CRM signed', async () => {
  const result = await t.env.client.workflow.execute('monthlyReport', { taskQueue: t.taskQueue, workflowId: `report/monthly/${ym()}`, args: [period] });
  expect(result).toMatchObject({ period, usages: { kind: 'usages', deliveredToCrm: true }, invoices: { kind: 'invoices', deliveredToCrm: true } });

  // Usages: every customer's rows, as getCustomerUsages answers them.
  const api = clientFor(t.simulator);
  const customers = (await api.listCustomers({ count: 30 })).customers ?? [];
  expect(customers).toHaveLength(CUSTOMERS.length);
  const expectedUsages: Array<Record<string, unknown>> = [];
  for (const c of customers) {
    const { body } = await api.call<Schemas['CustomerUsageList']>('getCustomerUsages', { path: { domainId: c.domainId }, query: period });
    for (const u of body.usages ?? []) expectedUsages.push({ domainId: c.domainId, domain: c.domain, ...u });
  }
  expect(expectedUsages.length).toBeGreaterThan(CUSTOMERS.length * 27);
  const usages = await readJson<{ period: unknown; rows: unknown[] }>(`usages-${ym()}.json`);
  expect(usages.period).toEqual(period);
  expect(usages.rows).toEqual(expectedUsages);
  const usageCsv = csvLines(await readFile(path.join(t.reportsDir, `usages-${ym()}.csv`), 'utf8'));
  expect(usageCsv[0]).toBe('domainId,domain,usedDate,productGroupId,productId,plan,licenseCount,memberCount,maxMemberCount,status');
  expect(usageCsv).toHaveLength(expectedUsages.length + 1);
  expect(result.usages.rowCount).toBe(expectedUsages.length);

  // Option usages: every customer's metered option rows, as listOptionProductUsages answers them.
  const expectedOptionUsages: Array<Record<string, unknown>> = [];
  for (const c of customers) {
    const { body } = await api.call<Schemas['OptionProductUsageList']>('listOptionProductUsages', { path: { domainId: c.domainId }, query: period });
    for (const u of body.optionProductUsages ?? []) expectedOptionUsages.push({ domainId: c.domainId, domain: c.domain, ...u });
  }
  expect(new Set(expectedOptionUsages.map((u) => u.domainId)).size).toBe(CUSTOMERS.filter((c) => c.options).length);
  expect((await readJson<{ rows: unknown[] }>(`option-usages-${ym()}.json`)).rows).toEqual(expectedOptionUsages);
  const optionCsv = csvLines(await readFile(path.join(t.reportsDir, `option-usages-${ym()}.csv`), 'utf8'));
  expect(optionCsv[0]).toBe('domainId,domain,usedDate,productGroupId,optionProductId,subOptionId,plan,memberCount,licenseCount,quantity,usageCount');
  expect(optionCsv).toHaveLength(expectedOptionUsages.length + 1);
  expect(result.usages.optionRowCount).toBe(expectedOptionUsages.length);

  // Invoice and lines: the month's invoice, and every page of listInvoiceDetails flattened to one row per item.
  const { body: invoiceList } = await api.call<Schemas['InvoiceList']>('listInvoices', { query: { year: period.year } });
  const expectedInvoices = (invoiceList.invoices ?? []).filter((i) => i.invoiceMonth === period.month);
  expect(expectedInvoices).toHaveLength(1);
  expect((await readJson<{ rows: unknown[] }>(`invoices-${ym()}.json`)).rows).toEqual(expectedInvoices);
  const expectedLines: Array<Record<string, unknown>> = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const { body } = await api.call<Schemas['InvoiceDetailList']>('listInvoiceDetails', { query: { ...period, count: 20, cursor } });
    for (const { settlementItems, ...customer } of body.invoiceDetails ?? []) for (const item of settlementItems ?? []) expectedLines.push({ ...customer, ...item });
    cursor = body.responseMetaData?.nextCursor;
    pages++;
  } while (cursor && pages < 10);
  expect(pages).toBe(2);
  expect((await readJson<{ rows: unknown[] }>(`invoice-details-${ym()}.json`)).rows).toEqual(expectedLines);
  const detailCsv = csvLines(await readFile(path.join(t.reportsDir, `invoice-details-${ym()}.csv`), 'utf8'));
  expect(detailCsv).toHaveLength(expectedLines.length + 1);
  // Fields beyond the documented ones (the simulator adds line amounts) are kept as extra columns.
  expect(detailCsv[0]).toMatch(/^domainId,domain,customerName,customerCode,subscriptionId,itemType,.*,amount$/);

  // The CRM got both reports, signed, under stable IDs.
  const reports = t.crm.received.filter((r) => String(r.body.type).startsWith('report.'));
  expect(reports.map((r) => [r.body.id, r.signatureValid])).toEqual(
    expect.arrayContaining([
      [`report/usages/${ym()}`, true],
      [`report/invoices/${ym()}`, true],
    ]),
  );
  const sentUsages = reports.find((r) => r.body.type === 'report.usages')?.body.data as { rows: unknown[]; optionUsages: unknown[] };
  expect(sentUsages.rows).toEqual(expectedUsages);
  expect(sentUsages.optionUsages).toEqual(expectedOptionUsages);
});

test('a month without an issued invoice gives an empty invoice report with a note, not a failure', async () => {
  const future = { year: period.year + 1, month: period.month };
  const result = await t.env.client.workflow.execute('monthlyReport', { taskQueue: t.taskQueue, workflowId: 'report/monthly/future', args: [future] });
  expect(result.invoices).toMatchObject({ rowCount: 0, note: expect.stringContaining('no invoice issued') });
});

test("the drift check reports every difference from the CRM's last-known state", async () => {
  const store = new CrmStateStore(t.crmStateFile);
  const all = new Date().toISOString();
  // Matches the API exactly: no difference.
  await store.record('e1', all, { domain: 'report0.by-works.com', companyName: 'Customer 0', subscriptions: [{ productId: 'STD', plan: 'ANNUAL_LICENSE', licenseCount: 10 }] });
  // Name and license count differ; the CRM lists a product the customer does not have.
  await store.record('e2', all, {
    domain: 'report2.by-works.com',
    companyName: 'Renamed in CRM',
    subscriptions: [
      { productId: 'STD', licenseCount: 99 },
      { productId: 'NTA_STD' },
    ],
  });
  // The CRM knows a customer the partner does not have.
  await store.record('e3', all, { domain: 'ghost.example', companyName: 'Ghost' });
  for (const c of CUSTOMERS.slice(3)) await store.record(`e-${c.domain}`, all, { domain: c.domain });
  await store.record('e-r1', all, { domain: 'report1.by-works.com' });

  const summary = await t.env.client.workflow.execute('driftCheck', { taskQueue: t.taskQueue, workflowId: 'drift-check/test', args: [{}] });
  expect(summary).toMatchObject({ customersChecked: CUSTOMERS.length, crmCustomers: CUSTOMERS.length + 1, deliveredToCrm: true });
  const report = await readJson<{ rows: unknown[] }>(`drift-${summary.date}.json`);
  expect(report.rows).toEqual(
    expect.arrayContaining([
      { domain: 'report2.by-works.com', kind: 'FIELD', field: 'companyName', crm: 'Renamed in CRM', partner: 'Customer 2' },
      { domain: 'report2.by-works.com', kind: 'SUBSCRIPTION', productId: 'STD', field: 'licenseCount', crm: 99, partner: 12 },
      { domain: 'report2.by-works.com', kind: 'SUBSCRIPTION', productId: 'NTA_STD', field: 'present', crm: true, partner: false },
      { domain: 'ghost.example', kind: 'MISSING_AT_PARTNER' },
    ]),
  );
  expect(report.rows).toHaveLength(4);
  expect(summary.differenceCount).toBe(4);
  const sent = t.crm.received.find((r) => r.body.type === 'report.drift');
  expect(sent).toMatchObject({ signatureValid: true, body: { id: `report/drift/${summary.date}`, data: { differences: report.rows } } });
});

test('the schedules start working runs: triggering them runs the monthly report (last month) and the drift check', async () => {
  await ensureSchedules(t.env.client, t.taskQueue);
  for (const [scheduleId, workflowType] of [
    ['monthly-usage-invoice-report', 'monthlyReport'],
    ['daily-drift-check', 'driftCheck'],
  ] as const) {
    await t.env.client.schedule.getHandle(scheduleId).trigger();
    const run = await eventually(async () => {
      for await (const info of t.env.client.workflow.list({ query: `TemporalScheduledById = "${scheduleId}"` })) return info;
      return undefined;
    }, `a run of ${scheduleId}`);
    expect(run.type).toBe(workflowType);
    const result = (await t.env.client.workflow.getHandle(run.workflowId).result()) as { period?: { year: number; month: number } };
    if (workflowType === 'monthlyReport') {
      // Started by the schedule with `{}`: the month before the run, in Japan time.
      const japan = new Date(run.startTime.getTime() + 9 * 3_600_000);
      const month = japan.getUTCMonth() === 0 ? 12 : japan.getUTCMonth();
      expect(result.period).toEqual({ year: month === 12 ? japan.getUTCFullYear() - 1 : japan.getUTCFullYear(), month });
    }
  }
});
