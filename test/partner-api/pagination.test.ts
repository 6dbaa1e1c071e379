// Async iterators walk every page, sending each nextCursor back URL-encoded (cursors contain + / =).
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { PartnerApiClient } from '../../partner-api/client.js';
import { paginate } from '../../partner-api/pagination.js';
import { startLoopbackServer, type LoopbackServer } from './support/loopback-server.js';

// Page n+1 is reached with the cursor printed for page n; the server decodes the query as any server would.
const CURSORS = ['a+b/c==', 'x y+z/=', 'last+/='];
let api: LoopbackServer;

beforeAll(async () => {
  api = await startLoopbackServer((request) => {
    const url = new URL(request.url, 'http://x');
    const cursor = url.searchParams.get('cursor');
    const page = cursor === null ? 0 : CURSORS.indexOf(cursor) + 1;
    if (page === 0 && cursor !== null) return { status: 400, body: { code: 'INVALID_PARAMETER', description: `unknown cursor ${cursor}` } };
    const next = page < CURSORS.length ? { nextCursor: CURSORS[page] } : {};
    if (url.pathname.endsWith('/partners/customers')) {
      return { status: 200, body: { customers: [{ domainId: page * 10 + 1 }, { domainId: page * 10 + 2 }], responseMetaData: next } };
    }
    return { status: 200, body: { invoiceDetails: [{ domainId: page }], responseMetaData: next } };
  });
});

afterAll(async () => {
  await api.close();
});

function client(): PartnerApiClient {
  return new PartnerApiClient({ baseUrl: `${api.url}/v1.0`, tokens: new StaticTokenProvider('t'), rateLimits: false, timeoutMs: 5_000 });
}

test('iterateCustomers yields every customer of every page', async () => {
  const before = api.requests.length;
  const ids: number[] = [];
  for await (const customer of client().iterateCustomers({ count: 2, orderBy: 'name asc' })) ids.push(customer.domainId!);
  expect(ids).toEqual([1, 2, 11, 12, 21, 22, 31, 32]);

  const urls = api.requests.slice(before).map((r) => r.url);
  expect(urls).toHaveLength(4);
  expect(urls[0]).toBe('/v1.0/partners/customers?count=2&orderBy=name%20asc');
  expect(urls[1]).toBe('/v1.0/partners/customers?count=2&orderBy=name%20asc&cursor=a%2Bb%2Fc%3D%3D');
  for (const url of urls.slice(1)) expect(url.split('cursor=')[1]).not.toMatch(/[+/= ]/);
});

test('iterateInvoiceDetails pages through a month', async () => {
  const pages: number[] = [];
  for await (const line of client().iterateInvoiceDetails({ year: 2021, month: 6 })) pages.push(line.domainId!);
  expect(pages).toEqual([0, 1, 2, 3]);
});

test('stopping early fetches no further pages', async () => {
  const before = api.requests.length;
  for await (const customer of client().iterateCustomers()) {
    if (customer.domainId === 2) break;
  }
  expect(api.requests.length - before).toBe(1);
});

test('a server that repeats a cursor stops the iteration instead of looping forever', async () => {
  let calls = 0;
  const pages = paginate(
    async () => {
      calls++;
      return { items: [calls], responseMetaData: { nextCursor: 'same' } };
    },
    (page) => page.items,
  );
  const seen: number[] = [];
  await expect(
    (async () => {
      for await (const item of pages) seen.push(item);
    })(),
  ).rejects.toThrow(/returned cursor "same" twice/);
  expect(seen).toEqual([1, 2]);
});
