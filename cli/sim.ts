// partnerctl sim: the simulator's controls a person needs while trying things (no Temporal connection needed).
//   sim clock [show] | sim clock advance <duration>     the simulated "now" (scheduled changes apply as it passes)
//   sim dns show|publish|withdraw <domain> [--only T,..] [--wrong T,..]   a customer's DNS, as its DNS admin
//   sim seed <file.json>                                 add a world (customers, subscriptions, ...)
//   sim faults [show] | sim faults next <operation> <kind> [--count n] | sim faults clear [operation]
//   sim journal [--operation op] [--limit n]             the API calls the simulator received
//   sim reset                                            empty the world
//   sim tenant | partner-domain | dns-servers | choices  what only the tenant or LINE WORKS decides (sim-tenant.ts)
import { readFileSync } from 'node:fs';
import { parseDuration } from '../domain/durations.js';
import type { CliIo } from './io.js';
import { formatFields, UsageError } from './io.js';
import type { SimulatorControl } from './sim-control.js';
import { SIM_TENANT_USAGE, simTenantCommand } from './sim-tenant.js';

export interface SimCommandContext {
  control: SimulatorControl;
  io: CliIo;
  json: boolean;
}

export interface SimFlags {
  only?: string;
  wrong?: string;
  count?: string;
  operation?: string;
  limit: number;
}

export const SIM_USAGE = `  sim clock [show] | sim clock advance <duration, e.g. 1d, 3h, "2 days">
  sim dns show|publish|withdraw <domain> [--only TXT,CNAME,MX] [--wrong TXT,...]
  sim seed <file.json>
  sim faults [show] | sim faults next <operation> <kind> [--count n] | sim faults clear [operation]
  sim journal [--operation op] [--limit n]
  sim reset
${SIM_TENANT_USAGE}`;

interface ClockState {
  now: string;
  today: string;
  timeZone: string;
  frozen: boolean;
}

interface PublishedRecord {
  name: string;
  type: string;
  value: string;
  priority?: number;
}

function print(ctx: SimCommandContext, value: unknown, lines: () => string[]): void {
  if (ctx.json) ctx.io.out(JSON.stringify(value, null, 2));
  else for (const line of lines()) ctx.io.out(line);
}

const clockLines = (clock: ClockState) => [`simulator clock: ${clock.now} (today ${clock.today} in ${clock.timeZone})${clock.frozen ? ', frozen' : ''}`];

function recordLines(records: PublishedRecord[]): string[] {
  if (records.length === 0) return ['  (none)'];
  return records.map((r) => `  ${r.type.padEnd(6)} ${r.name.padEnd(36)} ${r.priority !== undefined ? `${r.priority} ` : ''}${r.value}`);
}

function typesFlag(flag: string, raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const types = raw.split(',').map((t) => t.trim().toUpperCase()).filter(Boolean);
  const bad = types.filter((t) => !['TXT', 'CNAME', 'MX'].includes(t));
  if (types.length === 0 || bad.length > 0) throw new UsageError(`--${flag} ${raw} must list record types among TXT, CNAME, MX`);
  return types;
}

async function clockCommand(ctx: SimCommandContext, [action = 'show', amount]: string[]): Promise<void> {
  if (action === 'show') {
    const clock = await ctx.control.call<ClockState>('GET', '/clock');
    return print(ctx, clock, () => clockLines(clock));
  }
  if (action !== 'advance') throw new UsageError(`unknown clock action ${action}: use show or advance <duration>`);
  const ms = amount === undefined ? undefined : parseDuration(amount);
  if (ms === undefined || ms <= 0) throw new UsageError(`sim clock advance needs a duration such as 1d, 3h or "2 days" (got ${amount ?? 'nothing'})`);
  const clock = await ctx.control.call<ClockState>('POST', '/clock/advance', { ms });
  print(ctx, clock, () => [...clockLines(clock), 'changes due by then are applied; a waiting workflow sees them at its next check.']);
}

async function dnsCommand(ctx: SimCommandContext, [action, domain]: string[], flags: SimFlags): Promise<void> {
  if (!action || !['show', 'publish', 'withdraw'].includes(action) || !domain) throw new UsageError('usage: partnerctl sim dns show|publish|withdraw <domain> [--only TXT,CNAME,MX] [--wrong TXT,...]');
  const path = `/dns/${encodeURIComponent(domain)}`;
  if (action === 'show') {
    const shown = await ctx.control.call<{ domain: string; handedOut: PublishedRecord[]; published: PublishedRecord[] }>('GET', `${path}/records`);
    return print(ctx, shown, () => [`records handed out for ${shown.domain}:`, ...recordLines(shown.handedOut), 'published in its DNS:', ...recordLines(shown.published)]);
  }
  if (action === 'withdraw') {
    const withdrawn = await ctx.control.call<{ domain: string }>('DELETE', `${path}/records`);
    return print(ctx, withdrawn, () => [`withdrew every record of ${withdrawn.domain} from its DNS.`]);
  }
  const only = typesFlag('only', flags.only);
  const wrong = typesFlag('wrong', flags.wrong);
  const published = await ctx.control.call<{ domain: string; published: PublishedRecord[] }>('POST', `${path}/publish`, { ...(only ? { only } : {}), ...(wrong ? { wrong } : {}) });
  print(ctx, published, () => [
    `published in the DNS of ${published.domain}, as its DNS admin would${wrong ? ` (${wrong.join(', ')} with a wrong value)` : ''}:`,
    ...recordLines(published.published),
    'A waiting onboarding or domain change sees them at its next DNS check. To check now:',
    `  npm run partnerctl -- signal onboard/${published.domain} recheckDns     (a domain change: change-domain/<domainId>)`,
  ]);
}

async function faultsCommand(ctx: SimCommandContext, [action = 'show', operation, kind]: string[], flags: SimFlags): Promise<void> {
  if (action === 'show') {
    const faults = await ctx.control.call<{ kinds: string[]; profiles: Record<string, unknown> }>('GET', '/faults');
    return print(ctx, faults, () => [`fault kinds: ${faults.kinds.join(', ')}`, ...(Object.keys(faults.profiles).length ? formatFields(faults.profiles) : ['no faults set'])]);
  }
  if (action === 'clear') {
    await ctx.control.call('DELETE', operation ? `/faults/${encodeURIComponent(operation)}` : '/faults');
    return print(ctx, { cleared: operation ?? '*' }, () => [`faults cleared${operation ? ` for ${operation}` : ''}`]);
  }
  if (action !== 'next' || !operation || !kind) throw new UsageError('usage: partnerctl sim faults [show] | next <operation> <kind> [--count n] | clear [operation]');
  const count = flags.count === undefined ? 1 : Number(flags.count);
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`--count ${flags.count} must be a positive whole number`);
  const queued = await ctx.control.call('POST', `/faults/${encodeURIComponent(operation)}/next`, { kind, count });
  print(ctx, queued, () => [`the next ${count} call(s) of ${operation} get: ${kind}`]);
}

async function journalCommand(ctx: SimCommandContext, flags: SimFlags): Promise<void> {
  const { entries } = await ctx.control.call<{ entries: Array<{ at: string; operation: string; method: string; path: string; status: number; fault?: string }> }>('GET', '/journal');
  const shown = entries.filter((e) => !flags.operation || e.operation === flags.operation).slice(-flags.limit);
  print(ctx, { entries: shown }, () =>
    shown.length === 0 ? ['no API calls recorded'] : shown.map((e) => `${e.at}  ${String(e.status).padEnd(3)} ${e.operation.padEnd(32)} ${e.method} ${e.path}${e.fault ? `  [${e.fault}]` : ''}`),
  );
}

export async function simCommand(ctx: SimCommandContext, [area, ...rest]: string[], flags: SimFlags): Promise<void> {
  switch (area) {
    case 'clock':
      return clockCommand(ctx, rest);
    case 'dns':
      return dnsCommand(ctx, rest, flags);
    case 'faults':
      return faultsCommand(ctx, rest, flags);
    case 'journal':
      return journalCommand(ctx, flags);
    case 'seed': {
      if (!rest[0]) throw new UsageError('usage: partnerctl sim seed <file.json>');
      let world: unknown;
      try {
        world = JSON.parse(readFileSync(rest[0], 'utf8'));
      } catch (err) {
        throw new UsageError(`cannot read seed file ${rest[0]}: ${(err as Error).message}`);
      }
      const seeded = await ctx.control.call('POST', '/seed', world);
      return print(ctx, seeded, () => ['seeded:', ...formatFields(seeded, '  ')]);
    }
    case 'reset':
      await ctx.control.call('POST', '/reset');
      return print(ctx, { reset: true }, () => ['the simulated world is empty again (clock restarted)']);
    default: {
      const handled = simTenantCommand(ctx, area, rest);
      if (handled) return handled;
      throw new UsageError(`unknown sim command ${area ?? ''}; one of:\n${SIM_USAGE}`);
    }
  }
}
