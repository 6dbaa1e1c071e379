// DNS propagation in the simulated world: records marked "in place" or published (control API) reach each simulated authoritative
// server after that server's delay, so a wait's back-off and "some authoritative servers still answer the old
// records" (issue 16 point 8) happen outside tests too. LINE WORKS' own check (activate, change-domain) sees the
// records once every server does. A loopback DNS server can serve the per-server view (visibility()).
import type { SimulatorState } from './state.js';

export interface ServerVisibility {
  server: string;
  delayMs: number;
  visible: boolean;
  /** When the records become visible on this server (ISO), once they are marked in place. */
  visibleFrom?: string;
}

/** Marks a domain's records in place (or withdraws them) at `nowMs`. */
export function markDns(state: SimulatorState, domain: string, verified: boolean, nowMs: number): void {
  if (verified) {
    state.verifiedDns.add(domain);
    state.dnsPublishedAtMs.set(domain, nowMs);
  } else {
    state.verifiedDns.delete(domain);
    state.dnsPublishedAtMs.delete(domain);
  }
}

/** What each simulated server answers for `domain` now. Seeded records (no publish time) are visible everywhere. */
export function visibility(state: SimulatorState, domain: string, nowMs: number): ServerVisibility[] {
  const inPlace = state.verifiedDns.has(domain) || (state.publishedDns.get(domain)?.length ?? 0) > 0;
  const published = inPlace ? (state.dnsPublishedAtMs.get(domain) ?? Number.NEGATIVE_INFINITY) : undefined;
  return [...state.dnsServerDelaysMs].map(([server, delayMs]) => ({
    server,
    delayMs,
    visible: published !== undefined && published + delayMs <= nowMs,
    ...(published !== undefined && Number.isFinite(published) ? { visibleFrom: new Date(published + delayMs).toISOString() } : {}),
  }));
}

/** Whether every simulated server answers with the domain's current records (true when no servers are simulated). */
export function propagated(state: SimulatorState, domain: string, nowMs: number): boolean {
  return visibility(state, domain, nowMs).every((v) => v.visible);
}

/** The domains whose records every simulated server answers with now (what LINE WORKS' own check sees). */
export function visibleDomains(state: SimulatorState, nowMs: number): Set<string> {
  return new Set([...state.verifiedDns].filter((domain) => visibility(state, domain, nowMs).every((v) => v.visible)));
}
