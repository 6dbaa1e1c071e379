// The DNS wire format for the loopback authoritative server, through dns-packet (the encoder the tests' DNS server
// uses too): read a query's first question, write an authoritative response with A, NS, CNAME, SOA, MX and TXT
// records in the shapes the zones are kept in. UDP only.
import * as dnsPacket from 'dns-packet';

export type RecordData =
  | { type: 'A'; address: string }
  | { type: 'NS' | 'CNAME'; host: string }
  | { type: 'TXT'; text: string }
  | { type: 'MX'; priority: number; exchange: string }
  | { type: 'SOA'; mname: string; rname: string; serial: number; minimum: number };

export type ResourceRecord = RecordData & { name: string; ttl: number };

export interface Question {
  id: number;
  /** Lower-case, without the trailing dot. */
  name: string;
  /** The record type asked for, by name (e.g. `TXT`, `AAAA`). */
  type: string;
  question: dnsPacket.Question;
  recursionDesired: boolean;
}

export const RCODE = { NOERROR: 0, FORMERR: 1, NXDOMAIN: 3, NOTIMP: 4 } as const;

/** The first question of a query, or undefined when the message is not a query we can read. */
export function readQuestion(message: Buffer): Question | undefined {
  let packet: dnsPacket.Packet;
  try {
    packet = dnsPacket.decode(message);
  } catch {
    return undefined;
  }
  const question = packet.questions?.[0];
  if (packet.type !== 'query' || !question) return undefined;
  return {
    id: packet.id ?? 0,
    name: question.name.replace(/\.$/, '').toLowerCase(),
    type: question.type,
    question,
    recursionDesired: ((packet.flags ?? 0) & dnsPacket.RECURSION_DESIRED) !== 0,
  };
}

function toAnswer(record: ResourceRecord): dnsPacket.Answer {
  const base = { name: record.name, ttl: record.ttl, class: 'IN' as const };
  switch (record.type) {
    case 'A':
      return { ...base, type: 'A', data: record.address };
    case 'NS':
    case 'CNAME':
      return { ...base, type: record.type, data: record.host };
    case 'TXT':
      // A TXT record is a list of strings of at most 255 bytes each; resolvers join them.
      return { ...base, type: 'TXT', data: chunks(Buffer.from(record.text, 'utf8'), 255) };
    case 'MX':
      return { ...base, type: 'MX', data: { preference: record.priority, exchange: record.exchange } };
    case 'SOA':
      return {
        ...base,
        type: 'SOA',
        data: { mname: record.mname, rname: record.rname, serial: record.serial, refresh: 3600, retry: 600, expire: 86_400, minimum: record.minimum },
      };
  }
}

function chunks(bytes: Buffer, size: number): Buffer[] {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length || parts.length === 0; i += size) parts.push(bytes.subarray(i, i + size));
  return parts;
}

/** An authoritative response (AA set) to `question`. */
export function writeResponse(question: Question, rcode: number, answers: ResourceRecord[], authorities: ResourceRecord[] = []): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id: question.id,
    // The response code is the low four bits of the flags (dns-packet encodes it from there).
    flags: dnsPacket.AUTHORITATIVE_ANSWER | (question.recursionDesired ? dnsPacket.RECURSION_DESIRED : 0) | rcode,
    questions: [question.question],
    answers: answers.map(toAnswer),
    authorities: authorities.map(toAnswer),
  });
}

/** A response carrying only an error code (e.g. FORMERR for a query we cannot read). */
export function writeError(id: number, rcode: number): Buffer {
  return dnsPacket.encode({ type: 'response', id, flags: rcode, questions: [] });
}
