// The Partner API simulator over real HTTP on loopback, with a client pointed at it.
import { PartnerApiClient } from '../../partner-api/client.js';
import { StaticTokenProvider } from '../../partner-api/auth.js';
import { SIMULATOR_TOKEN } from '../../partner-api/from-config.js';
import { startSimulator, type SimulatorOptions } from '../../simulator/app.js';
import type { JournalEntry } from '../../simulator/state.js';

export type RunningSimulator = Awaited<ReturnType<typeof startSimulator>>;

/** Options as for startSimulator (e.g. `{ dnsResolver }`, `{ startTime, freezeClock: true }`, `{ jwt }`). */
export async function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator(0, options);
}

export function clientFor(simulator: RunningSimulator): PartnerApiClient {
  return new PartnerApiClient({ baseUrl: simulator.baseUrl, tokens: new StaticTokenProvider(SIMULATOR_TOKEN), timeoutMs: 5_000 });
}

/** The journal as recorded by the simulator, read through its control API (as an operator would). */
export async function journal(simulator: RunningSimulator): Promise<JournalEntry[]> {
  const response = await fetch(`${simulator.url}/_simulator/journal`);
  return ((await response.json()) as { entries: JournalEntry[] }).entries;
}

export async function markDnsVerified(simulator: RunningSimulator, domain: string): Promise<void> {
  const response = await fetch(`${simulator.url}/_simulator/dns/${encodeURIComponent(domain)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ verified: true }),
  });
  if (!response.ok) throw new Error(`control API answered ${response.status}`);
}
