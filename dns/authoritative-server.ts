// An authoritative DNS server on loopback (UDP) for a simulated world: `npm start` runs one without LINE WORKS
// credentials so the worker's DNS checks (dns/propagation.ts) ask it as they would ask a customer's name servers.
// The zones are read from a source at every query, so published and withdrawn records show at once.
// For each zone it serves SOA and NS at the apex (`ns1.<zone>`, whose A record is this server's address), the
// zone's records, a CNAME for other types at an alias, NODATA when the name exists without that type, NXDOMAIN
// when it does not.
import dgram from 'node:dgram';
import { RCODE, RECORD_TYPES, readQuestion, writeError, writeResponse, type RecordData, type ResourceRecord } from './wire.js';

export type ZoneRecord = RecordData & { name: string; ttl?: number };

/** Zone apex (lower-case, no trailing dot) → the records published in it. */
export type ZoneSource = () => Map<string, ZoneRecord[]>;

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

/** Everything the server knows in `zone`: the published records plus the SOA, NS and name-server address. */
function zoneRecords(zone: string, published: ZoneRecord[], address: string): ResourceRecord[] {
  return [
    soa(zone),
    { name: zone, ttl: TTL, type: 'NS', host: `ns1.${zone}` },
    { name: `ns1.${zone}`, ttl: TTL, type: 'A', address },
    ...published.map((record) => ({ ...record, name: norm(record.name), ttl: record.ttl ?? TTL }) as ResourceRecord),
  ];
}

export function answer(name: string, type: number, zones: Map<string, ZoneRecord[]>, address: string): { rcode: number; answers: ResourceRecord[]; authorities: ResourceRecord[] } {
  const zone = zoneOf(name, zones);
  if (!zone) return { rcode: RCODE.NXDOMAIN, answers: [], authorities: [] };
  const records = zoneRecords(zone, zones.get(zone)!, address);
  const atName = records.filter((r) => r.name === name);
  let answers = atName.filter((r) => RECORD_TYPES[r.type] === type);
  if (answers.length === 0 && type !== RECORD_TYPES.CNAME) answers = atName.filter((r) => r.type === 'CNAME');
  const exists = atName.length > 0 || records.some((r) => r.name.endsWith(`.${name}`));
  return { rcode: exists || answers.length > 0 ? RCODE.NOERROR : RCODE.NXDOMAIN, answers, authorities: answers.length === 0 ? [soa(zone)] : [] };
}

export async function startAuthoritativeDnsServer(options: { zones: ZoneSource; port: number; host?: string }): Promise<AuthoritativeDnsServer> {
  const host = options.host ?? '127.0.0.1';
  const socket = dgram.createSocket('udp4');
  socket.on('message', (message, remote) => {
    const question = readQuestion(message);
    const response = question
      ? (() => {
          const { rcode, answers, authorities } = answer(question.name, question.type, options.zones(), host);
          return writeResponse(question, rcode, answers, authorities);
        })()
      : message.length >= 2
        ? writeError(message.readUInt16BE(0), RCODE.FORMERR)
        : undefined;
    if (response) socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const { address, port } = socket.address();
  return { address, port, server: `${address}:${port}`, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}
