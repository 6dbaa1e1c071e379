// A small authoritative DNS server on loopback (UDP) for tests: records can be added and removed while it runs.
// It answers like an authoritative server: matching records, a CNAME for other types at an alias, NODATA (NOERROR, no
// answers) when the name exists without that type, NXDOMAIN when it does not exist; SOA in the authority section.
import dgram from 'node:dgram';
import * as dnsPacket from 'dns-packet';

export type RecordType = 'A' | 'TXT' | 'CNAME' | 'MX' | 'NS' | 'SOA';

export interface DnsRecordInput {
  name: string;
  type: RecordType;
  /** A: ip; TXT: text; CNAME/NS: host; MX: "priority host" or { priority, exchange }. */
  value: string | { priority: number; exchange: string };
  ttl?: number;
}

export interface TestDnsServer {
  port: number;
  address: string;
  /** `127.0.0.1:<port>`, for resolver lists. */
  server: string;
  /** How many queries were answered, by "name TYPE". */
  queries: Map<string, number>;
  addRecord(name: string, type: RecordType, value: DnsRecordInput['value'], ttl?: number): void;
  removeRecord(name: string, type: RecordType, value?: string): void;
  setRecords(records: DnsRecordInput[]): void;
  /** Adds the SOA and NS records (pointing at this server, name ns1.<zone>) that make it authoritative for `zone`. */
  addZone(zone: string): void;
  close(): Promise<void>;
}

const norm = (name: string) => name.replace(/\.$/, '').toLowerCase();

export async function startDnsServer(): Promise<TestDnsServer> {
  const records: DnsRecordInput[] = [];
  const zones = new Set<string>();
  const queries = new Map<string, number>();
  const socket = dgram.createSocket('udp4');

  function zoneOf(name: string): string | undefined {
    const labels = norm(name).split('.');
    for (let i = 0; i < labels.length; i++) {
      const candidate = labels.slice(i).join('.');
      if (zones.has(candidate)) return candidate;
    }
    return undefined;
  }

  function toAnswer(record: DnsRecordInput): dnsPacket.Answer {
    const base = { name: norm(record.name), ttl: record.ttl ?? 60, class: 'IN' as const };
    switch (record.type) {
      case 'A':
        return { ...base, type: 'A', data: String(record.value) };
      case 'TXT':
        return { ...base, type: 'TXT', data: [String(record.value)] };
      case 'CNAME':
        return { ...base, type: 'CNAME', data: norm(String(record.value)) };
      case 'NS':
        return { ...base, type: 'NS', data: norm(String(record.value)) };
      case 'MX': {
        const mx = typeof record.value === 'string' ? { priority: Number(record.value.split(' ')[0]), exchange: record.value.split(' ')[1]! } : record.value;
        return { ...base, type: 'MX', data: { preference: mx.priority, exchange: norm(mx.exchange) } };
      }
      case 'SOA':
        return soa(norm(record.name));
    }
  }

  function soa(zone: string): dnsPacket.Answer {
    return {
      name: zone,
      type: 'SOA',
      ttl: 60,
      class: 'IN',
      data: { mname: `ns1.${zone}`, rname: `hostmaster.${zone}`, serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 60 },
    };
  }

  socket.on('message', (message, remote) => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question) return;
    const name = norm(question.name);
    queries.set(`${name} ${question.type}`, (queries.get(`${name} ${question.type}`) ?? 0) + 1);
    const zone = zoneOf(name);
    const atName = records.filter((r) => norm(r.name) === name);
    let answers = atName.filter((r) => r.type === question.type).map(toAnswer);
    if (question.type === 'SOA' && zone === name) answers = [soa(zone)];
    if (answers.length === 0 && question.type !== 'CNAME') answers = atName.filter((r) => r.type === 'CNAME').map(toAnswer);
    const exists = atName.length > 0 || zone === name || records.some((r) => norm(r.name).endsWith(`.${name}`));
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      // The low four bits of the flags are the RCODE: 3 = NXDOMAIN.
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (!exists && answers.length === 0 ? 3 : 0),
      questions: [question],
      answers,
      authorities: answers.length === 0 && zone ? [soa(zone)] : [],
    });
    socket.send(response, remote.port, remote.address);
  });

  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port, address } = socket.address();

  const server: TestDnsServer = {
    port,
    address,
    server: `${address}:${port}`,
    queries,
    addRecord(name, type, value, ttl) {
      records.push({ name, type, value, ...(ttl === undefined ? {} : { ttl }) });
    },
    removeRecord(name, type, value) {
      for (let i = records.length - 1; i >= 0; i--) {
        const r = records[i]!;
        if (norm(r.name) === norm(name) && r.type === type && (value === undefined || String(r.value) === value)) records.splice(i, 1);
      }
    },
    setRecords(list) {
      records.splice(0, records.length, ...list);
    },
    addZone(zone) {
      const z = norm(zone);
      zones.add(z);
      records.push({ name: z, type: 'NS', value: `ns1.${z}` }, { name: `ns1.${z}`, type: 'A', value: '127.0.0.1' });
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
  return server;
}
