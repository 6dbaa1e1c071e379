// A minimal HTTP client for simulator tests: calls an operation by operationId over real HTTP and checks every
// answer against openapi.yaml (see openapi.ts). The operations answered are recorded, so a test can prove coverage.
import { buildPath, OPERATIONS, type OperationId } from '../../../partner-api/operations.js';
import { startSimulator, type SimulatorOptions } from '../../../simulator/app.js';
import { responseProblems } from './openapi.js';

export type RunningSim = Awaited<ReturnType<typeof startSimulator>>;

/** Answer bodies are schema-checked before tests read them, so tests read them loosely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export interface Answer<T = Loose> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  path?: Record<string, string | number>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Bearer token; default `simulator-token`; null sends no Authorization header. */
  token?: string | null;
}

/** Operations answered so far (per test file), with every status seen. */
export const answered = new Map<OperationId, Set<number>>();

export async function call<T = Loose>(sim: RunningSim, operationId: OperationId, options: CallOptions = {}): Promise<Answer<T>> {
  const spec = OPERATIONS[operationId];
  const url = new URL(sim.baseUrl + buildPath(spec.path, options.path));
  for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? 'simulator-token' : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method: spec.method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  const body = text === '' ? undefined : JSON.parse(text);
  const problems = responseProblems(operationId, response.status, body);
  if (problems.length > 0) {
    throw new Error(`${operationId} answered ${response.status} ${text.slice(0, 300)} which does not match openapi.yaml:\n  ${problems.join('\n  ')}`);
  }
  const statuses = answered.get(operationId) ?? new Set<number>();
  statuses.add(response.status);
  answered.set(operationId, statuses);
  return { status: response.status, body: body as T, headers: response.headers };
}

/** Calls and insists on `status`, showing the body when it differs. */
export async function expectStatus<T = Loose>(sim: RunningSim, status: number, operationId: OperationId, options: CallOptions = {}): Promise<T> {
  const answer = await call<T>(sim, operationId, options);
  if (answer.status !== status) throw new Error(`${operationId}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** The control API (/_simulator/...). */
export async function control<T = Loose>(sim: RunningSim, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${sim.url}/_simulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
}

/** A simulator on loopback with a frozen clock at a fixed JST morning, so date windows are predictable. */
export async function startTestSim(options: SimulatorOptions = {}): Promise<RunningSim> {
  return startSimulator(0, { startTime: '2026-03-10T01:00:00.000Z', freezeClock: true, ...options });
}

export const CUSTOMER = { companyName: 'Acme Inc.', phoneNumber: '03-0000-0000', timeZone: 'Asia/Tokyo', locale: 'ja_JP' } as const;

/** One simulator for a test file (`startTestSim`), reset before each test; `use` receives it once it runs. */
export function simulatorPerFile(use: (sim: RunningSim) => void, options: SimulatorOptions = {}): void {
  let running: RunningSim | undefined;
  beforeAll(async () => {
    running = await startTestSim(options);
    use(running);
  });
  afterAll(async () => running?.app.close());
  beforeEach(async () => {
    await control(running!, 'POST', '/reset');
  });
}
