// An authoritative DNS server on loopback (UDP) for a simulated world: `npm start` runs one without LINE WORKS
// credentials so the worker's DNS checks (dns/propagation.ts) ask it as they would ask a customer's name servers.
// The zones are read from a source at every query, so published and withdrawn records show at once.
// For each zone it serves SOA and NS at the apex (`ns1.<zone>`, whose A record is this server's address), the
// zone's records, a CNAME for other types at an alias, NODATA when the name exists without that type, NXDOMAIN
// when it does not.
// With name servers (`nameServers`), the apex lists `ns1.<zone>`, `ns2.<zone>`, … instead, each at its own loopback
// address on the same port and answering from its own view of the zones: a simulated world where a record reaches
// some authoritative servers before others (simulator/dns-propagation.ts). The first address then answers NS and A
// lookups (the worker's resolver) and the records of the plain `zones` source.
import dgram from 'node:dgram';
import { RCODE, readQuestion, writeError, writeResponse, type RecordData, type ResourceRecord } from './wire.js';

export type ZoneRecord = RecordData & { name: string; ttl?: number };

/** Zone apex (lower-case, no trailing dot) → the records published in it. */
export type ZoneSource = () => Map<string, ZoneRecord[]>;

export interface NameServerOptions {
  /** Addresses the name servers may use, in order (`ns1` at the first). Those that cannot be bound are left out. */
  addresses: string[];
  /** Each name server's view of the zones now (its length = how many name servers exist now; none = one server as without this option). */
  views: () => Array<Map<string, ZoneRecord[]>>;
}

export interface AuthoritativeDnsServer {
  address: string;
  port: number;
  /** `address:port`, for resolver lists (DNS_RESOLVERS). */
  server: string;
  close(): Promise<void>;
}

const TTL = 60;
const norm = (name: string) => name.replace(/\.$/, '').toLowerCase();

function zoneOf(name: string, zones: Map<string, ZoneRecord[]>): string | undefined {
  const labels = name.split('.');
  for (let i = 0; i < labels.length; i++) {
    const candidate = labels.slice(i).join('.');
    if (zones.has(candidate)) return candidate;
  }
  return undefined;
}

function soa(zone: string): ResourceRecord {
  return { name: zone, ttl: TTL, type: 'SOA', mname: `ns1.${zone}`, rname: `hostmaster.${zone}`, serial: 1, minimum: TTL };
}

/** Everything the server knows in `zone`: the published records plus the SOA, NS and name-server addresses (`ns1` first). */
function zoneRecords(zone: string, published: ZoneRecord[], nameServerAddresses: string[]): ResourceRecord[] {
  return [
    soa(zone),
    ...nameServerAddresses.flatMap((address, i): ResourceRecord[] => [
      { name: zone, ttl: TTL, type: 'NS', host: `ns${i + 1}.${zone}` },
      { name: `ns${i + 1}.${zone}`, ttl: TTL, type: 'A', address },
    ]),
    ...published.map((record) => ({ ...record, name: norm(record.name), ttl: record.ttl ?? TTL }) as ResourceRecord),
  ];
}

export function answer(
  name: string,
  type: string,
  zones: Map<string, ZoneRecord[]>,
  nameServerAddresses: string | string[],
): { rcode: number; answers: ResourceRecord[]; authorities: ResourceRecord[] } {
  const zone = zoneOf(name, zones);
  if (!zone) return { rcode: RCODE.NXDOMAIN, answers: [], authorities: [] };
  const records = zoneRecords(zone, zones.get(zone)!, typeof nameServerAddresses === 'string' ? [nameServerAddresses] : nameServerAddresses);
  const atName = records.filter((r) => r.name === name);
  let answers = atName.filter((r) => r.type === type);
  if (answers.length === 0 && type !== 'CNAME') answers = atName.filter((r) => r.type === 'CNAME');
  const exists = atName.length > 0 || records.some((r) => r.name.endsWith(`.${name}`));
  return { rcode: exists || answers.length > 0 ? RCODE.NOERROR : RCODE.NXDOMAIN, answers, authorities: answers.length === 0 ? [soa(zone)] : [] };
}

function bindUdp(host: string, port: number): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

function serve(socket: dgram.Socket, respond: (name: string, type: string) => ReturnType<typeof answer>): void {
  socket.on('message', (message, remote) => {
    const question = readQuestion(message);
    const response = question
      ? (() => {
          const { rcode, answers, authorities } = respond(question.name, question.type);
          return writeResponse(question, rcode, answers, authorities);
        })()
      : message.length >= 2
        ? writeError(message.readUInt16BE(0), RCODE.FORMERR)
        : undefined;
    if (response) socket.send(response, remote.port, remote.address);
  });
}

const closeSocket = (socket: dgram.Socket) => new Promise<void>((resolve) => socket.close(() => resolve()));

export async function startAuthoritativeDnsServer(options: { zones: ZoneSource; port: number; host?: string; nameServers?: NameServerOptions }): Promise<AuthoritativeDnsServer> {
  const host = options.host ?? '127.0.0.1';
  const main = await bindUdp(host, options.port);
  const { address, port } = main.address();
  // Every name server on the main socket's port: the worker asks them all at one DNS_AUTHORITATIVE_PORT.
  const extra: Array<{ socket: dgram.Socket; address: string }> = [];
  for (const candidate of options.nameServers?.addresses ?? []) {
    const socket = await bindUdp(candidate, port).catch(() => undefined);
    if (socket) extra.push({ socket, address: candidate });
  }
  const views = () => (options.nameServers?.views() ?? []).slice(0, extra.length);
  /** The name servers' addresses now: one per view, or this server alone when there are none. */
  const nameServerAddresses = (count: number) => (count === 0 ? [address] : extra.slice(0, count).map((e) => e.address));
  serve(main, (name, type) => answer(name, type, options.zones(), nameServerAddresses(views().length)));
  extra.forEach(({ socket }, i) =>
    serve(socket, (name, type) => {
      const now = views();
      // A name server beyond the current count answers as the main one (it is not listed at the apex anyway).
      return answer(name, type, now[i] ?? options.zones(), nameServerAddresses(now.length));
    }),
  );
  return {
    address,
    port,
    server: `${address}:${port}`,
    close: async () => {
      await Promise.all([main, ...extra.map((e) => e.socket)].map(closeSocket));
    },
  };
}
