// `npm run codec-server`: the codec server on its own (lib/codec-server.ts), for the Web UI or CLI of a cluster or
// Temporal Cloud: it decrypts payloads sealed with the current key or any old one (TEMPORAL_PAYLOAD_OLD_KEYS) and
// encrypts with the current one. It holds the keys: it listens on loopback; put your own authentication in front.
import { loadConfig } from '../config/env.js';
import { loadOrExit } from '../config/load-or-exit.js';
import { startCodecServer } from '../lib/codec-server.js';
import { dataConverterFor } from '../lib/payload-codec.js';

const config = loadOrExit(loadConfig);
const codec = dataConverterFor(config.temporal.encryption)?.payloadCodecs[0];
if (!codec) {
  console.error('TEMPORAL_PAYLOAD_KEY is not set: there is nothing for a codec server to decrypt');
  process.exit(2);
}
const { app, url } = await startCodecServer({ codec, port: config.temporal.codecServerPort, allowedOrigin: config.temporal.codecServerAllowedOrigin });
const oldKeys = config.temporal.encryption?.oldKeys.map((k) => k.keyId) ?? [];
console.log(`codec server on ${url} for ${config.temporal.codecServerAllowedOrigin} (current key ${config.temporal.encryption?.keyId}${oldKeys.length ? `, old keys ${oldKeys.join(', ')}` : ''})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close().then(() => process.exit(0)));
