// Shared by the setup page tests: a page server on loopback for the suite's Temporal dev server, links signed with
// the test secret (by the test, or by the worker's setupPageLink activity), and partnerctl as the partner's engineer
// and, with `sim dns`, as the customer's admin.
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
export function linkFor(server: Pick<SetupPageServer, 'url'>, handle: WorkflowHandle, domain: string, overrides: { firstRunId?: string; expiresAt?: number } = {}): string {
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

/** partnerctl in-process against the suite's server and simulator; `err` collects stderr lines as they come. */
export async function partnerctl(suite: SimulatedDnsEnv, options: { taskQueue?: string; err?: string[] }, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err = options.err ?? [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, {
    client: suite.env.client,
    taskQueue: options.taskQueue ?? 'unused',
    simulatorUrl: suite.simulator.url,
    nextSteps: { uiUrl: 'http://localhost:8233', namespace: 'default', simulated: true },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `partnerctl sim …`, which must succeed. */
export async function sim(suite: SimulatedDnsEnv, ...args: string[]): Promise<string> {
  const { code, out, err } = await partnerctl(suite, {}, 'sim', ...args);
  if (code !== 0) throw new Error(`partnerctl sim ${args.join(' ')} failed: ${err}`);
  return out;
}

/** Polls `read` every 100 ms until `predicate` holds (at most `tries` times), returning the last value. */
export async function until<T>(what: string, read: () => Promise<T>, predicate: (value: T) => boolean, tries = 600): Promise<T> {
  let value = await read();
  for (let i = 0; i < tries && !predicate(value); i++) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  if (!predicate(value)) throw new Error(`never happened: ${what}; last: ${JSON.stringify(value)}`);
  return value;
}

/**
 * A worker whose DNS checks ask the simulated world's loopback name server, as `npm start` sets it up; with `links`,
 * its setupPageLink activity signs links to that page server with the test secret.
 */
export function withDnsWorker<T>(suite: SimulatedDnsEnv, name: string, fn: (taskQueue: string) => Promise<T>, links?: SetupPageServer): Promise<T> {
  const setupLinks = links ? { setupLinks: { secret: SECRET, baseUrl: links.url, linkMarginMs: 7 * 24 * HOUR_MS } } : {};
  return withWorker(suite, name, fn, { resolvers: [suite.dns.server], authoritativePort: suite.dns.port, timeoutMs: 2000 }, setupLinks);
}
