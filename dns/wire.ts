// The little of the DNS wire format (RFC 1035) an authoritative server on loopback needs: read a query's question,
// write a response with A, NS, CNAME, SOA, MX and TXT records. No name compression (answers are small), UDP only.

export const RECORD_TYPES = { A: 1, NS: 2, CNAME: 5, SOA: 6, MX: 15, TXT: 16 } as const;
export type RecordType = keyof typeof RECORD_TYPES;

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
  /** Numeric QTYPE (e.g. 16 for TXT, 28 for AAAA). */
  type: number;
  recursionDesired: boolean;
  /** The question section as received, echoed in the response. */
  raw: Buffer;
}

export const RCODE = { NOERROR: 0, FORMERR: 1, NXDOMAIN: 3, NOTIMP: 4 } as const;

/** The first question of a query, or undefined when the message is not a query we can read. */
export function readQuestion(message: Buffer): Question | undefined {
  if (message.length < 12) return undefined;
  const flags = message.readUInt16BE(2);
  if (flags & 0x8000 || message.readUInt16BE(4) < 1) return undefined;
  const labels: string[] = [];
  let offset = 12;
  for (;;) {
    if (offset >= message.length) return undefined;
    const length = message[offset]!;
    offset += 1;
    if (length === 0) break;
    if (length > 63 || offset + length > message.length) return undefined;
    labels.push(message.toString('latin1', offset, offset + length));
    offset += length;
  }
  if (offset + 4 > message.length) return undefined;
  return {
    id: message.readUInt16BE(0),
    name: labels.join('.').toLowerCase(),
    type: message.readUInt16BE(offset),
    recursionDesired: (flags & 0x0100) !== 0,
    raw: message.subarray(12, offset + 4),
  };
}

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'latin1')])), Buffer.from([0])]);
}

function u16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16BE(value);
  return buffer;
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value >>> 0);
  return buffer;
}

function encodeData(record: RecordData): Buffer {
  switch (record.type) {
    case 'A':
      return Buffer.from(record.address.split('.').map(Number));
    case 'NS':
    case 'CNAME':
      return encodeName(record.host);
    case 'TXT': {
      // A TXT record is a list of strings of at most 255 bytes each; resolvers join them.
      const bytes = Buffer.from(record.text, 'utf8');
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length || chunks.length === 0; i += 255) {
        const chunk = bytes.subarray(i, i + 255);
        chunks.push(Buffer.from([chunk.length]), chunk);
      }
      return Buffer.concat(chunks);
    }
    case 'MX':
      return Buffer.concat([u16(record.priority), encodeName(record.exchange)]);
    case 'SOA':
      return Buffer.concat([encodeName(record.mname), encodeName(record.rname), u32(record.serial), u32(3600), u32(600), u32(86_400), u32(record.minimum)]);
  }
}

function encodeRecord(record: ResourceRecord): Buffer {
  const data = encodeData(record);
  return Buffer.concat([encodeName(record.name), u16(RECORD_TYPES[record.type]), u16(1), u32(record.ttl), u16(data.length), data]);
}

/** An authoritative response (AA set) to `question`. */
export function writeResponse(question: Question, rcode: number, answers: ResourceRecord[], authorities: ResourceRecord[] = []): Buffer {
  const flags = 0x8000 | 0x0400 | (question.recursionDesired ? 0x0100 : 0) | rcode;
  const header = Buffer.concat([u16(question.id), u16(flags), u16(1), u16(answers.length), u16(authorities.length), u16(0)]);
  return Buffer.concat([header, question.raw, ...answers.map(encodeRecord), ...authorities.map(encodeRecord)]);
}

/** A response carrying only an error code (e.g. FORMERR for a query we cannot read). */
export function writeError(id: number, rcode: number): Buffer {
  return Buffer.concat([u16(id), u16(0x8000 | rcode), u16(0), u16(0), u16(0), u16(0)]);
}
