// The codec server the Web UI and CLI use for encrypted payloads: Temporal's HTTP protocol over loopback.
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { startCodecServer } from '../../lib/codec-server.js';
import { devServerArgs } from '../../lib/dev-server.js';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from '../../lib/payload-codec.js';

const codec = new AesGcmPayloadCodec(randomBytes(32), 'k1');
let server: Awaited<ReturnType<typeof startCodecServer>>;

beforeAll(async () => {
  server = await startCodecServer({ codec, allowedOrigin: 'http://localhost:8233' });
});
afterAll(async () => {
  await server?.app.close();
});

/** A payload as proto3 JSON: every bytes field base64. */
function jsonPayload(value: unknown) {
  const payload = defaultPayloadConverter.toPayload(value);
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
}

async function post(path: string, body: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'default' },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { payloads: Array<{ metadata: Record<string, string>; data: string }>; message?: string } };
}

test('encode then decode returns the payload; encoded payloads are encrypted', async () => {
  const original = jsonPayload({ partnerCode: 'WSqPvhm0ON1stFBRHgW3' });
  const encoded = await post('/encode', { payloads: [original] });
  expect(encoded.status).toBe(200);
  expect(Buffer.from(encoded.body.payloads[0]!.metadata.encoding!, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
  expect(Buffer.from(encoded.body.payloads[0]!.data, 'base64').toString('latin1')).not.toContain('WSqPvhm0ON1stFBRHgW3');
  const decoded = await post('/default/decode', { payloads: encoded.body.payloads });
  expect(decoded.body.payloads).toEqual([original]);
});

test('plain payloads decode to themselves; a body that is not proto3 JSON is a 400', async () => {
  const plain = jsonPayload({ hello: 'world' });
  expect((await post('/decode', { payloads: [plain] })).body.payloads).toEqual([plain]);
  const bad = await post('/decode', { payloads: 'nope' });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toContain('payloads');
});

test('answers the Web UI: CORS for its origin, preflight included', async () => {
  const preflight = await fetch(`${server.url}/decode`, { method: 'OPTIONS', headers: { origin: 'http://localhost:8233', 'access-control-request-method': 'POST' } });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
  expect(preflight.headers.get('access-control-allow-headers')).toContain('x-namespace');
});

test('the embedded dev server is pointed at the codec server only when one runs', () => {
  const base = { cliPath: '/x/temporal', dbFile: '.data/t.sqlite' };
  expect(devServerArgs(base)).not.toContain('--ui-codec-endpoint');
  const args = devServerArgs({ ...base, uiCodecEndpoint: 'http://127.0.0.1:8092' });
  expect(args.slice(args.indexOf('--ui-codec-endpoint'), args.indexOf('--ui-codec-endpoint') + 2)).toEqual(['--ui-codec-endpoint', 'http://127.0.0.1:8092']);
});
