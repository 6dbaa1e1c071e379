// Decides whether a domain's DNS records are in place: through real DNS servers when a resolver is configured (TXT at
// txtHost containing txtToken, or CNAME at cnameHost pointing at cnameTarget), otherwise through the control API's
// DNS state: the records published in the simulated world (POST /_simulator/dns/:domain/publish, the same records
// `npm start`'s loopback DNS server serves to the worker), or the plain flag (PUT /_simulator/dns/:domain).
import { Resolver } from 'node:dns/promises';
import type { UpgradeDomain } from '../partner-api/types.js';

export interface DnsVerdict {
  ownership: boolean;
  mx: boolean;
}

const NOT_THERE = new Set(['ENOTFOUND', 'ENODATA', 'ESERVFAIL', 'ETIMEOUT', 'ECONNREFUSED', 'EREFUSED', 'ENONAME', 'EBADRESP']);

function normalize(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

async function orEmpty<T>(lookup: Promise<T[]>): Promise<T[]> {
  try {
    return await lookup;
  } catch (err) {
    if (NOT_THERE.has((err as NodeJS.ErrnoException).code ?? '')) return [];
    throw err;
  }
}

export class DnsChecker {
  readonly #resolver: Resolver | undefined;

  constructor(
    options: { servers: string[]; timeoutMs?: number } | undefined,
    readonly verified: () => Set<string>,
    readonly published: (records: UpgradeDomain) => DnsVerdict = () => ({ ownership: false, mx: false }),
  ) {
    if (options) {
      this.#resolver = new Resolver({ timeout: options.timeoutMs ?? 1000, tries: 1 });
      this.#resolver.setServers(options.servers);
    }
  }

  get usesResolver(): boolean {
    return this.#resolver !== undefined;
  }

  async check(records: UpgradeDomain): Promise<DnsVerdict> {
    if (!this.#resolver) {
      if (records.domain !== undefined && this.verified().has(records.domain)) return { ownership: true, mx: true };
      return this.published(records);
    }
    const resolver = this.#resolver;
    const [txt, cname, mx] = await Promise.all([
      records.txtHost ? orEmpty(resolver.resolveTxt(records.txtHost)) : [],
      records.cnameHost ? orEmpty(resolver.resolveCname(records.cnameHost)) : [],
      records.mxRecordHost ? orEmpty(resolver.resolveMx(records.mxRecordHost)) : [],
    ]);
    const txtOk = records.txtToken !== undefined && txt.some((chunks) => chunks.join('') === records.txtToken);
    const cnameOk = records.cnameTarget !== undefined && cname.some((target) => normalize(target) === normalize(records.cnameTarget!));
    const wanted = records.mxRecordValue?.priority10;
    const mxOk = wanted !== undefined && mx.some((entry) => normalize(entry.exchange) === normalize(wanted));
    return { ownership: txtOk || cnameOk, mx: mxOk };
  }
}
