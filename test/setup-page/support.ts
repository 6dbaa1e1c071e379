// Shared by the setup page tests: a page server on loopback for the suite's Temporal dev server, links signed with
// the test secret (until the workflows put theirs in the status), and partnerctl's `sim dns` as the customer's admin.
import type { WorkflowHandleWithFirstExecutionRunId as WorkflowHandle } from '@temporalio/client';
import { main } from '../../cli/partnerctl.js';
import { startSetupPageServer, type SetupPageServer } from '../../setup-page/app.js';
import { setupLinkUrl } from '../../setup-link/signed-link.js';
import { onboardCustomer, onboardWorkflowId, type OnboardCustomerInput } from '../../workflows/index.js';
import { withWorker, type SimulatedDnsEnv } from '../lifecycle/lifecycle-support.js';

export const SECRET = 'setup-page-test-secret-0123456789abcdef';
export const HOUR_MS = 3_600_000;

export function startPageServer(suite: SimulatedDnsEnv, checkNowIntervalMs = 60_000): Promise<SetupPageServer> {
  return startSetupPageServer({ client: suite.env.client, secret: SECRET, checkNowIntervalMs, host: '127.0.0.1', port: 0 });
}

/** The link the worker's activity would hand out for this run. */
export function linkFor(server: SetupPageServer, handle: WorkflowHandle, domain: string, overrides: { firstRunId?: string; expiresAt?: number } = {}): string {
  return setupLinkUrl(server.url, { domain, workflowId: handle.workflowId, firstRunId: overrides.firstRunId ?? handle.firstExecutionRunId, expiresAt: overrides.expiresAt ?? Date.now() + HOUR_MS }, SECRET);
}

/**
 * A custom-domain onboarding with mail (TXT, CNAME, two MX) whose own checks come only an hour apart: every later
 * check in a test is a "check now" or a recheckDns signal.
 */
export function startWaitingOnboarding(suite: SimulatedDnsEnv, taskQueue: string, domain: string, extra: Partial<OnboardCustomerInput> = {}): Promise<WorkflowHandle> {
  return suite.env.client.workflow.start(onboardCustomer, {
    taskQueue,
    workflowId: onboardWorkflowId(domain),
    args: [
      {
        domain,
        companyName: 'Acme Inc.',
        phoneNumber: '03-0000-0000',
        timeZone: 'Asia/Tokyo',
        locale: 'ja_JP',
        useMail: true,
        dnsWait: { initialInterval: '1h', maxInterval: '1h', grace: '1s', recursiveAfter: '2h', deadline: '10h' },
        ...extra,
      },
    ],
  });
}

/** `partnerctl sim …` in-process against the suite's simulator. */
export async function sim(suite: SimulatedDnsEnv, ...args: string[]): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['sim', ...args], { out: (s) => out.push(s), err: (s) => err.push(s) }, {
    client: suite.env.client,
    taskQueue: 'unused',
    simulatorUrl: suite.simulator.url,
    nextSteps: { uiUrl: 'http://localhost:8233', namespace: 'default', simulated: true },
  });
  if (code !== 0) throw new Error(`partnerctl sim ${args.join(' ')} failed: ${err.join('\n')}`);
  return out.join('\n');
}

/** Polls `read` every 100 ms until `predicate` holds (at most `tries` times), returning the last value. */
export async function until<T>(what: string, read: () => Promise<T>, predicate: (value: T) => boolean, tries = 300): Promise<T> {
  let value = await read();
  for (let i = 0; i < tries && !predicate(value); i++) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  if (!predicate(value)) throw new Error(`never happened: ${what}; last: ${JSON.stringify(value)}`);
  return value;
}

/** A worker whose DNS checks ask the simulated world's loopback name server, as `npm start` sets it up. */
export function withDnsWorker<T>(suite: SimulatedDnsEnv, name: string, fn: (taskQueue: string) => Promise<T>): Promise<T> {
  return withWorker(suite, name, fn, { resolvers: [suite.dns.server], authoritativePort: suite.dns.port, timeoutMs: 2000 });
}
