// The simulated world's DNS on loopback: an authoritative server answering from the simulator's published records
// (simulator/dns-zone.ts), and the worker's DNS settings that point its checks at it. `npm start` uses both when the
// simulator stands in for LINE WORKS and no real DNS is configured, so publishing a customer's records with
// `partnerctl sim dns publish` is what lets a waiting onboarding go on by itself.
// With simulated authoritative servers (`dnsServerDelaysMs`, `partnerctl sim dns-servers`), each is a name server of
// its own (`ns1.<zone>` at 127.0.0.2, `ns2.<zone>` at 127.0.0.3, … on the same port; all of 127/8 is loopback on
// Linux) answering with the records visible on it now (simulator/dns-propagation.ts visibility(), on the simulator's
// clock), so the worker sees records reach one server before another (issue 16 point 8).
import type { ServiceConfig } from '../config/env.js';
import { startAuthoritativeDnsServer, type AuthoritativeDnsServer, type ZoneRecord } from '../dns/authoritative-server.js';
import { visibility } from '../simulator/dns-propagation.js';
import { simulatedZones, type PublishedDnsRecord } from '../simulator/dns-zone.js';
import type { SimulatorState } from '../simulator/state.js';

function toZoneRecord(record: PublishedDnsRecord): ZoneRecord {
  switch (record.type) {
    case 'TXT':
      return { name: record.name, type: 'TXT', text: record.value };
    case 'CNAME':
      return { name: record.name, type: 'CNAME', host: record.value };
    case 'MX':
      return { name: record.name, type: 'MX', priority: record.priority ?? 10, exchange: record.value };
  }
}

/** At most this many simulated servers get a name server (addresses bound at start, so servers set later are served too). */
export const MAX_SIMULATED_NAME_SERVERS = 8;
const NAME_SERVER_ADDRESSES = Array.from({ length: MAX_SIMULATED_NAME_SERVERS }, (_, i) => `127.0.0.${i + 2}`);

/** Each simulated server's view (in the order the simulator lists them): a zone's records only once visible on it. */
function perServerViews(state: SimulatorState, nowMs: number): Array<Map<string, ZoneRecord[]>> {
  const zones = [...simulatedZones(state)];
  const seen = new Map(zones.map(([zone]) => [zone, visibility(state, zone, nowMs)]));
  return [...state.dnsServerDelaysMs.keys()].map((_, i) => new Map(zones.map(([zone, records]) => [zone, seen.get(zone)![i]?.visible ? records.map(toZoneRecord) : []])));
}

/** `nowMs`: the simulator's clock, which decides when a delayed server has the records. */
export function startSimulatedDns(state: SimulatorState, port: number, nowMs: () => number = Date.now): Promise<AuthoritativeDnsServer> {
  return startAuthoritativeDnsServer({
    port,
    zones: () => new Map([...simulatedZones(state)].map(([zone, records]) => [zone, records.map(toZoneRecord)])),
    nameServers: { addresses: NAME_SERVER_ADDRESSES, views: () => perServerViews(state, nowMs()) },
  });
}

/** Whether `npm start` should run the simulated DNS: only with the embedded simulator and no DNS of the user's. */
export function wantsSimulatedDns(config: ServiceConfig, simulatorEmbedded: boolean): boolean {
  return simulatorEmbedded && config.dns.resolvers.length === 0 && !config.simulator.dnsServers?.length;
}

/** The worker's DNS settings that make it find and ask the simulated world's name server. */
export function dnsSettingsFor(server: AuthoritativeDnsServer, config: ServiceConfig['dns']): ServiceConfig['dns'] {
  return { ...config, resolvers: [server.server], authoritativePort: server.port };
}
