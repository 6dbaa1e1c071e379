// partnerctl sim: what only the tenant or LINE WORKS decides in the simulated world (simulator/control-tenant.ts).
//   sim tenant <domainId> terms=accepted|not-accepted members=<n> paid-app=yes|no suspended=yes|no storage.SSTG2=<TB> storage.BCT=<n>
//   sim partner-domain [show] | set <domainId> | clear
//   sim dns-servers [show] | set <server> <delay, e.g. 10m> | remove <server> | visibility <domain>
//   sim choices [show] | set <name>=<JSON value> ...
import { parseDuration } from '../domain/durations.js';
import { formatFields, UsageError, type CliIo } from './io.js';
import type { SimulatorControl } from './sim-control.js';

/** Same shape as sim.ts's context (declared here so the two files do not import each other). */
interface SimCommandContext {
  control: SimulatorControl;
  io: CliIo;
  json: boolean;
}

export const SIM_TENANT_USAGE = `  sim tenant <domainId> terms=accepted|not-accepted members=<n> paid-app=yes|no suspended=yes|no storage.SSTG2=<TB> storage.BCT=<contacts>
  sim partner-domain [show] | set <domainId> | clear
  sim dns-servers [show] | set <server> <delay, e.g. 10m> | remove <server> | visibility <domain>
  sim choices [show] | set <name>=<JSON value> ...`;

function show(ctx: SimCommandContext, value: unknown, lines: () => string[]): void {
  if (ctx.json) ctx.io.out(JSON.stringify(value, null, 2));
  else for (const line of lines()) ctx.io.out(line);
}

const YES_NO: Record<string, boolean> = { yes: true, no: false, true: true, false: false };

/** `key=value` words into the control API's tenant settings; every bad word is named. */
export function tenantSettings(words: string[]): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  const storage: Record<string, number> = {};
  const problems: string[] = [];
  for (const word of words) {
    const [key = '', value = ''] = word.split('=', 2);
    const count = Number(value);
    if (key === 'terms' && ['accepted', 'not-accepted'].includes(value)) settings.termsAccepted = value === 'accepted';
    else if (key === 'members' && Number.isInteger(count) && count >= 0) settings.memberCount = count;
    else if (key === 'paid-app' && value in YES_NO) settings.nonRealtimePaidApp = YES_NO[value];
    else if (key === 'suspended' && value in YES_NO) settings.suspended = YES_NO[value];
    else if (key.startsWith('storage.') && Number.isInteger(count) && count >= 0) storage[key.slice('storage.'.length)] = count;
    else problems.push(`${word} (use terms=accepted|not-accepted, members=<n>, paid-app=yes|no, suspended=yes|no, storage.SSTG2=<TB>, storage.BCT=<contacts>)`);
  }
  if (Object.keys(storage).length > 0) settings.storageUsage = storage;
  if (problems.length > 0 || words.length === 0) throw new UsageError(`sim tenant: ${problems.length > 0 ? problems.join('; ') : 'say what to change'}`);
  return settings;
}

async function tenantCommand(ctx: SimCommandContext, [domainId, ...words]: string[]): Promise<void> {
  if (!domainId || !/^\d+$/.test(domainId)) throw new UsageError(`usage:\n${SIM_TENANT_USAGE}`);
  const usage = await ctx.control.call('PATCH', `/customers/${domainId}`, tenantSettings(words));
  show(ctx, usage, () => [`tenant ${domainId} now:`, ...formatFields(usage, '  '), 'A waiting workflow sees this at its next check (an onboarding: signal recheckDns to try activation now).']);
}

async function partnerDomainCommand(ctx: SimCommandContext, [action = 'show', domainId]: string[]): Promise<void> {
  let body: { domainId: number | null } | undefined;
  if (action === 'set' && domainId && /^\d+$/.test(domainId)) body = { domainId: Number(domainId) };
  else if (action === 'clear') body = { domainId: null };
  else if (action !== 'show') throw new UsageError('usage: partnerctl sim partner-domain [show] | set <domainId> | clear');
  const answer = await ctx.control.call<{ domainId: number | null }>(body ? 'PUT' : 'GET', '/partner-domain', body);
  show(ctx, answer, () => [answer.domainId === null ? "no customer is the partner's own domain" : `the partner's own domain is customer ${answer.domainId} (it cannot be deleted or given a withdrawalDate)`]);
}

async function dnsServersCommand(ctx: SimCommandContext, [action = 'show', name, delay]: string[]): Promise<void> {
  if (action === 'visibility' && name) {
    const seen = await ctx.control.call<{ domain: string; inPlace: boolean; servers: Array<{ server: string; visible: boolean; visibleFrom?: string }> }>('GET', `/dns-visibility/${encodeURIComponent(name)}`);
    return show(ctx, seen, () => [
      `${seen.domain}: records ${seen.inPlace ? 'in place' : 'not in place'}`,
      ...seen.servers.map((s) => `  ${s.server.padEnd(12)} ${s.visible ? 'answers with them' : `not yet${s.visibleFrom ? ` (from ${s.visibleFrom})` : ''}`}`),
    ]);
  }
  if (action === 'remove' && name) await ctx.control.call('DELETE', `/dns-servers/${encodeURIComponent(name)}`);
  else if (action === 'set' && name) {
    const ms = delay === undefined ? undefined : delay === '0' ? 0 : parseDuration(delay);
    if (ms === undefined) throw new UsageError(`sim dns-servers set ${name} needs a delay such as 0, 30s or 10m (got ${delay ?? 'nothing'})`);
    await ctx.control.call('PUT', `/dns-servers/${encodeURIComponent(name)}`, { delayMs: ms });
  } else if (action !== 'show') throw new UsageError('usage: partnerctl sim dns-servers [show] | set <server> <delay> | remove <server> | visibility <domain>');
  const { servers } = await ctx.control.call<{ servers: Record<string, number> }>('GET', '/dns-servers');
  show(ctx, { servers }, () =>
    Object.keys(servers).length === 0 ? ['no simulated DNS servers: records are visible at once'] : Object.entries(servers).map(([server, ms]) => `  ${server.padEnd(12)} sees new records after ${ms} ms`),
  );
}

async function choicesCommand(ctx: SimCommandContext, [action = 'show', ...assignments]: string[]): Promise<void> {
  let body: Record<string, unknown> | undefined;
  if (action === 'set') {
    const problems: string[] = [];
    body = {};
    for (const assignment of assignments) {
      const at = assignment.indexOf('=');
      const [name, raw] = at > 0 ? [assignment.slice(0, at), assignment.slice(at + 1)] : [assignment, undefined];
      try {
        if (raw === undefined) throw new Error('no value');
        body[name] = JSON.parse(raw);
      } catch {
        problems.push(`${assignment} must be <name>=<JSON value>, e.g. termsAcceptedOnCreate=false or customerDomainFilter='"prefix"'`);
      }
    }
    if (problems.length > 0 || assignments.length === 0) throw new UsageError(`sim choices set: ${problems.join('; ') || 'name at least one choice'}`);
  } else if (action !== 'show') throw new UsageError('usage: partnerctl sim choices [show] | set <name>=<JSON value> ...');
  const choices = await ctx.control.call<Record<string, unknown>>(body ? 'PATCH' : 'GET', '/choices', body);
  show(ctx, choices, () => formatFields(choices));
}

/** The sim areas of this file, or undefined when `area` is not one of them. */
export function simTenantCommand(ctx: SimCommandContext, area: string | undefined, rest: string[]): Promise<void> | undefined {
  switch (area) {
    case 'tenant':
      return tenantCommand(ctx, rest);
    case 'partner-domain':
      return partnerDomainCommand(ctx, rest);
    case 'dns-servers':
      return dnsServersCommand(ctx, rest);
    case 'choices':
      return choicesCommand(ctx, rest);
    default:
      return undefined;
  }
}
