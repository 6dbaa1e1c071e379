// Optional encryption of everything Temporal stores for us (workflow inputs and results, activity arguments and
// results, signals, queries, updates): AES-256-GCM with a key only workers and clients hold. With it, customer data
// and values such as an Online Direct partner code are unreadable in history and on the Temporal server.
// Unencrypted payloads are passed through on decode, so starts from the Web UI (which sends plain JSON) still work.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

const ProtoPayload = proto.temporal.api.common.v1.Payload;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = (text: string) => new TextEncoder().encode(text);

export class AesGcmPayloadCodec implements PayloadCodec {
  readonly #key: Buffer;
  readonly #keyId: string;

  /** `key`: 32 bytes. `keyId` is stored with each payload so keys can be rotated. */
  constructor(key: Buffer, keyId: string) {
    if (key.length !== 32) throw new TypeError('AesGcmPayloadCodec needs a 32-byte key');
    this.#key = key;
    this.#keyId = keyId;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
      const plain = ProtoPayload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: utf8(ENCRYPTED_ENCODING), 'encryption-key-id': utf8(this.#keyId) }, data: sealed };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.encoding ? new TextDecoder().decode(payload.metadata.encoding) : undefined;
      if (encoding !== ENCRYPTED_ENCODING) return payload;
      const keyId = payload.metadata?.['encryption-key-id'] ? new TextDecoder().decode(payload.metadata['encryption-key-id']) : '';
      if (keyId !== this.#keyId) throw new Error(`payload encrypted with key "${keyId}", but this process has key "${this.#keyId}"`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', this.#key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return ProtoPayload.decode(plain) as Payload;
    });
  }
}

/** The data converter option for clients and workers: encrypted when a key is configured, Temporal's default otherwise. */
export function dataConverterFor(encryption?: { key: Buffer; keyId: string }): { payloadCodecs: PayloadCodec[] } | undefined {
  return encryption ? { payloadCodecs: [new AesGcmPayloadCodec(encryption.key, encryption.keyId)] } : undefined;
}
