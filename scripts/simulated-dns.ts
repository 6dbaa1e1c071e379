// The simulated world's DNS on loopback: an authoritative server answering from the simulator's published records
// (simulator/dns-zone.ts), and the worker's DNS settings that point its checks at it. `npm start` uses both when the
// simulator stands in for LINE WORKS and no real DNS is configured, so publishing a customer's records with
// `partnerctl sim dns publish` is what lets a waiting onboarding go on by itself.
import type { ServiceConfig } from '../config/env.js';
import { startAuthoritativeDnsServer, type AuthoritativeDnsServer, type ZoneRecord } from '../dns/authoritative-server.js';
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

export function startSimulatedDns(state: SimulatorState, port: number): Promise<AuthoritativeDnsServer> {
  return startAuthoritativeDnsServer({
    port,
    zones: () => new Map([...simulatedZones(state)].map(([zone, records]) => [zone, records.map(toZoneRecord)])),
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
