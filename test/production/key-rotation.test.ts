// Payload key rotation: payloads written with key 1 still decode after key 2 becomes current (workers, clients and
// the codec server alike); new payloads are sealed with key 2; a payload whose key is gone is refused by name.
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { loadConfig } from '../../config/env.js';
import { configProblems } from './config-problems.js';
import { startCodecServer } from '../../lib/codec-server.js';
import { AesGcmPayloadCodec, dataConverterFor } from '../../lib/payload-codec.js';

const key1 = randomBytes(32);
const key2 = randomBytes(32);
const keyIdOf = (payload: Payload) => Buffer.from(payload.metadata!['encryption-key-id']!).toString();
const value = { partnerCode: 'WSqPvhm0ON1stFBRHgW3', companyName: 'Acme' };

/** The codecs as the configuration makes them: before the rotation (key 1) and after (key 2 current, key 1 old). */
function codecsFromConfig() {
  const before = loadConfig({ TEMPORAL_PAYLOAD_KEY: key1.toString('base64'), TEMPORAL_PAYLOAD_KEY_ID: 'key-1' });
  const after = loadConfig({
    TEMPORAL_PAYLOAD_KEY: key2.toString('base64'),
    TEMPORAL_PAYLOAD_KEY_ID: 'key-2',
    TEMPORAL_PAYLOAD_OLD_KEYS: `key-1:${key1.toString('base64')}`,
  });
  return { before: dataConverterFor(before.temporal.encryption)!.payloadCodecs[0]!, after: dataConverterFor(after.temporal.encryption)!.payloadCodecs[0]! };
}

test('payloads written with key 1 decode after key 2 becomes current; new ones are sealed with key 2', async () => {
  const { before, after } = codecsFromConfig();
  const plain = defaultPayloadConverter.toPayload(value);
  const [old] = await before.encode([plain]);
  expect(keyIdOf(old!)).toBe('key-1');

  const [decoded] = await after.decode([old!]);
  expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(value);

  const [fresh] = await after.encode([plain]);
  expect(keyIdOf(fresh!)).toBe('key-2');
  // A process that has not been given key 2 yet cannot read it, and says which key it lacks.
  await expect(before.decode([fresh!])).rejects.toThrow(/encrypted with key "key-2", but this process has key "key-1"/);
});

test('once key 1 is dropped, its payloads are refused naming the key, not silently misread', async () => {
  const [old] = await new AesGcmPayloadCodec(key1, 'key-1').encode([defaultPayloadConverter.toPayload(value)]);
  await expect(new AesGcmPayloadCodec(key2, 'key-2').decode([old!])).rejects.toThrow(/key "key-1".*TEMPORAL_PAYLOAD_OLD_KEYS/);
});

test('the codec server with the rotated keys decodes key-1 payloads for the Web UI', async () => {
  const { before, after } = codecsFromConfig();
  const [old] = await before.encode([defaultPayloadConverter.toPayload(value)]);
  const server = await startCodecServer({ codec: after, allowedOrigin: 'http://localhost:8233' });
  try {
    const body = { payloads: [{ metadata: Object.fromEntries(Object.entries(old!.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])), data: Buffer.from(old!.data!).toString('base64') }] };
    const response = await fetch(`${server.url}/decode`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const decoded = (await response.json()) as { payloads: Array<{ data: string }> };
    expect(JSON.parse(Buffer.from(decoded.payloads[0]!.data, 'base64').toString())).toEqual(value);
  } finally {
    await server.app.close();
  }
});

test('TEMPORAL_PAYLOAD_OLD_KEYS: a bad entry is named by its key ID and its value never shown; the current ID may not repeat', () => {
  const current = { TEMPORAL_PAYLOAD_KEY: key2.toString('base64'), TEMPORAL_PAYLOAD_KEY_ID: 'key-2' };
  const problems = configProblems;
  const short = problems({ ...current, TEMPORAL_PAYLOAD_OLD_KEYS: 'key-0:c2hvcnQ=' });
  expect(short).toContain('TEMPORAL_PAYLOAD_OLD_KEYS entry "key-0" must be keyId:<32 bytes in base64>');
  expect(short).not.toContain('c2hvcnQ');
  expect(problems({ ...current, TEMPORAL_PAYLOAD_OLD_KEYS: `key-2:${key1.toString('base64')}` })).toContain('repeats the current key ID');
  expect(problems({ TEMPORAL_PAYLOAD_OLD_KEYS: `key-1:${key1.toString('base64')}` })).toContain('TEMPORAL_PAYLOAD_OLD_KEYS needs TEMPORAL_PAYLOAD_KEY');
});
