// A short memory of each run chain's status for the page and its poll: every read is a Describe plus a status query,
// and a query of a closed run replays its whole history on a worker. Anyone holding a link could otherwise script
// unlimited load; with this, a run chain is read at most once per `ttlMs` however many tabs, links or scripts poll it.
// "Check now" reads fresh (it must see whether the wait still runs). Unreadable answers are not kept.
import type { SetupLinkClaims } from '../setup-link/signed-link.js';
import type { Opened, Unopened } from './workflow-status.js';

type Read = Opened | Unopened;

/** The key of a run chain: what a link is bound to besides its domain and expiry. */
export const runChainKey = (claims: SetupLinkClaims) => `${claims.workflowId}\n${claims.firstRunId}`;

export class StatusCache {
  readonly #entries = new Map<string, { at: number; read: Promise<Read> }>();

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The run chain's status, read with `read` unless a read of the same chain started less than ttlMs ago. */
  async get(claims: SetupLinkClaims, read: () => Promise<Read>): Promise<Read> {
    const now = this.now();
    for (const [key, entry] of this.#entries) if (now - entry.at >= this.ttlMs) this.#entries.delete(key);
    const key = `${runChainKey(claims)}\n${claims.domain}`;
    const kept = this.#entries.get(key);
    if (kept) return kept.read;
    const pending = read();
    this.#entries.set(key, { at: now, read: pending });
    const result = await pending.catch((err: unknown) => {
      this.#entries.delete(key);
      throw err;
    });
    if (!result.open && result.why === 'unreadable') this.#entries.delete(key);
    return result;
  }
}
