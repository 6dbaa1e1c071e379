// Checks whether expected DNS records are visible, asking each authoritative name server of the domain directly
// (as lego, cert-manager and CertMagic do), and optionally recursive resolvers as a second signal. Recursive
// answers never decide: a resolver asked before the record exists caches the NXDOMAIN (negative caching).
import { Resolver } from 'node:dns/promises';
import type { ExpectedRecord } from '../domain/onboarding/dns-records.js';

export interface DnsCheckOptions {
  /** Resolvers used to find the authoritative servers (and asked as the second signal), as `ip` or `ip:port`. Empty = system. */
  resolvers: string[];
  /** Port the authoritative servers listen on (53; tests run one on loopback on another port). */
  authoritativePort: number;
  /** Per-query timeout in ms. */
  timeoutMs: number;
}

export interface ServerObservation {
  server: string;
  kind: 'authoritative' | 'recursive';
  /** What the server answered for this name and type (normalised). */
  found: string[];
  matches: boolean;
  error?: string;
}

export interface RecordCheck {
  record: ExpectedRecord;
  servers: ServerObservation[];
  /** True when every authoritative server answers with the expected value. */
  visible: boolean;
}

export interface DnsCheckResult {
  domain: string;
  checkedAt: string;
  authoritativeServers: string[];
  records: RecordCheck[];
  /** Ownership is proven by the TXT or the CNAME record, once visible on every authoritative server. */
  ownershipVisible: boolean;
  /** All MX records visible (true when none are expected). */
  mailVisible: boolean;
  problems: string[];
}

const NO_DATA = new Set(['ENODATA', 'ENOTFOUND', 'NXDOMAIN', 'ENONAME']);

function resolverFor(servers: string[], timeoutMs: number): Resolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  if (servers.length > 0) resolver.setServers(servers);
  return resolver;
}

function withPort(ip: string, port: number): string {
  if (port === 53) return ip;
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

const normalise = (name: string) => name.replace(/\.$/, '').toLowerCase();

async function lookup(resolver: Resolver, record: ExpectedRecord): Promise<string[]> {
  switch (record.type) {
    case 'TXT':
      return (await resolver.resolveTxt(record.host)).map((chunks) => chunks.join(''));
    case 'CNAME':
      return (await resolver.resolveCname(record.host)).map(normalise);
    case 'MX':
      return (await resolver.resolveMx(record.host)).map((mx) => `${mx.priority} ${normalise(mx.exchange)}`);
  }
}

function matches(record: ExpectedRecord, found: string[]): boolean {
  if (record.type === 'MX') return found.some((entry) => entry.split(' ')[1] === record.value);
  return found.includes(record.value);
}

async function observe(server: string, kind: ServerObservation['kind'], record: ExpectedRecord, timeoutMs: number): Promise<ServerObservation> {
  try {
    const found = await lookup(resolverFor([server], timeoutMs), record);
    return { server, kind, found, matches: matches(record, found) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (NO_DATA.has(code)) return { server, kind, found: [], matches: false };
    return { server, kind, found: [], matches: false, error: `${code || 'ERROR'}: ${(err as Error).message}` };
  }
}

/** Walks up from the domain to the closest name with NS records and returns the servers' addresses. */
export async function findAuthoritativeServers(domain: string, options: DnsCheckOptions): Promise<{ servers: string[]; problems: string[] }> {
  const resolver = resolverFor(options.resolvers, options.timeoutMs);
  const problems: string[] = [];
  const labels = domain.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const zone = labels.slice(i).join('.');
    let nameServers: string[];
    try {
      nameServers = await resolver.resolveNs(zone);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (NO_DATA.has(code)) continue;
      problems.push(`NS lookup for ${zone} failed: ${code || (err as Error).message}`);
      return { servers: [], problems };
    }
    if (nameServers.length === 0) continue;
    const servers: string[] = [];
    for (const nameServer of nameServers.sort()) {
      try {
        const addresses = await resolver.resolve4(nameServer);
        servers.push(...addresses.map((ip) => withPort(ip, options.authoritativePort)));
      } catch (err) {
        problems.push(`address of name server ${nameServer} not found: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    }
    if (servers.length === 0) problems.push(`no reachable name server address for ${zone}`);
    return { servers: [...new Set(servers)], problems };
  }
  problems.push(`no NS records found for ${domain} or its parents`);
  return { servers: [], problems };
}

export async function checkRecords(
  domain: string,
  records: ExpectedRecord[],
  options: DnsCheckOptions & { includeRecursive: boolean },
): Promise<DnsCheckResult> {
  const { servers, problems } = await findAuthoritativeServers(domain, options);
  const recursive = options.includeRecursive ? (options.resolvers.length > 0 ? options.resolvers : new Resolver().getServers()) : [];
  const checks = await Promise.all(
    records.map(async (record): Promise<RecordCheck> => {
      const observations = await Promise.all([
        ...servers.map((server) => observe(server, 'authoritative', record, options.timeoutMs)),
        ...recursive.map((server) => observe(server, 'recursive', record, options.timeoutMs)),
      ]);
      const authoritative = observations.filter((o) => o.kind === 'authoritative');
      return { record, servers: observations, visible: authoritative.length > 0 && authoritative.every((o) => o.matches) };
    }),
  );
  const ownership = checks.filter((c) => c.record.purpose === 'ownership');
  const mail = checks.filter((c) => c.record.purpose === 'mail');
  return {
    domain,
    checkedAt: new Date().toISOString(),
    authoritativeServers: servers,
    records: checks,
    ownershipVisible: ownership.some((c) => c.visible),
    mailVisible: mail.every((c) => c.visible),
    problems,
  };
}
