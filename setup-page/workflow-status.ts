// The page's only source: the workflow's own status query, read through the Temporal client (never the Partner API),
// and its recheckDns signal. A link opens only the run chain it was signed for: the workflow's first run ID must be
// the link's, and the status must be about the link's domain.
import { WorkflowNotFoundError, isGrpcServiceError, type Client } from '@temporalio/client';
import type { SetupLinkClaims } from '../setup-link/signed-link.js';
import type { DnsWaitStatus } from '../workflows/onboarding/dns-wait.js';
import type { DomainStatus } from './view.js';

/** The workflow types with a DNS wait, and the status query and domain field of each. */
const STATUS_QUERIES: Record<string, { query: string; domainOf: (status: Record<string, unknown>) => unknown }> = {
  onboardCustomer: { query: 'onboardingStatus', domainOf: (s) => s.domain },
  changeGroupToDomain: { query: 'changeDomainStatus', domainOf: (s) => s.to },
};

/** Why a link opened nothing: no such workflow (404), or a workflow that is not the one the link was made for (403). */
export type Unopened = { open: false; why: 'not-found' | 'other-run' | 'other-domain' | 'unreadable' };
export type Opened = { open: true; status: DomainStatus; locale?: string };

const GRPC_NOT_FOUND = 5;
const notFound = (err: unknown) => err instanceof WorkflowNotFoundError || (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND);

/** Describes the workflow and checks it is the link's run chain; its type and execution status when it is. */
async function describeLinked(client: Client, claims: SetupLinkClaims): Promise<Unopened | { open: true; type: string; execution: string }> {
  let description;
  try {
    description = await client.workflow.getHandle(claims.workflowId).describe();
  } catch (err) {
    if (notFound(err)) return { open: false, why: 'not-found' };
    throw err;
  }
  // firstRunId stays the same across continue-as-new; a server too old to report it has one run per chain here.
  const firstRunId = description.raw.workflowExecutionInfo?.firstRunId || description.runId;
  if (firstRunId !== claims.firstRunId) return { open: false, why: 'other-run' };
  if (!STATUS_QUERIES[description.type]) return { open: false, why: 'not-found' };
  return { open: true, type: description.type, execution: description.status.name };
}

export async function readDomainStatus(client: Client, claims: SetupLinkClaims): Promise<Unopened | Opened> {
  const linked = await describeLinked(client, claims);
  if (!linked.open) return linked;
  const { query, domainOf } = STATUS_QUERIES[linked.type]!;
  let status: Record<string, unknown>;
  try {
    status = await client.workflow.getHandle(claims.workflowId).query<Record<string, unknown>>(query);
  } catch {
    // A closed run is queried by replaying it on a worker: none running, or a query that fails, reads as unavailable.
    return { open: false, why: 'unreadable' };
  }
  const domain = domainOf(status);
  if (typeof domain === 'string' && domain.toLowerCase() !== claims.domain) return { open: false, why: 'other-domain' };
  const locale = typeof status.locale === 'string' ? status.locale : undefined;
  return {
    open: true,
    status: { domain: claims.domain, execution: linked.execution, ...(status.dns ? { dns: status.dns as DnsWaitStatus } : {}) },
    ...(locale ? { locale } : {}),
  };
}

/** Sends recheckDns to the link's workflow; false when the run is not the link's or no longer running. */
export async function requestRecheck(client: Client, claims: SetupLinkClaims): Promise<boolean> {
  const linked = await describeLinked(client, claims);
  if (!linked.open || linked.execution !== 'RUNNING') return false;
  try {
    await client.workflow.getHandle(claims.workflowId).signal('recheckDns');
    return true;
  } catch (err) {
    if (notFound(err)) return false;
    throw err;
  }
}
