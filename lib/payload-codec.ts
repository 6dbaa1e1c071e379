// Optional encryption of everything Temporal stores for us (workflow inputs and results, activity arguments and
// results, signals, queries, updates): AES-256-GCM with a key only workers and clients hold. With it, customer data
// and values such as an Online Direct partner code are unreadable in history and on the Temporal server.
// Unencrypted payloads are passed through on decode, so starts from the Web UI (which sends plain JSON) still work.
// Keys rotate: each payload carries the ID of the key that sealed it; the codec encrypts with the current key and
// decrypts with whichever key the payload names (the current one or an old one still configured).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

const ProtoPayload = proto.temporal.api.common.v1.Payload;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = (text: string) => new TextEncoder().encode(text);

export interface PayloadKey {
  keyId: string;
  /** 32 bytes. */
  key: Buffer;
}

export class AesGcmPayloadCodec implements PayloadCodec {
  readonly #key: Buffer;
  readonly #keyId: string;
  readonly #keys: Map<string, Buffer>;

  /**
   * `key`: 32 bytes, the current key: everything is encrypted with it. `keyId` is stored with each payload.
   * `oldKeys`: earlier keys, used only to decrypt payloads they sealed (histories written before a rotation).
   */
  constructor(key: Buffer, keyId: string, oldKeys: readonly PayloadKey[] = []) {
    for (const candidate of [{ keyId, key }, ...oldKeys]) {
      if (candidate.key.length !== 32) throw new TypeError(`AesGcmPayloadCodec needs 32-byte keys (key "${candidate.keyId}" is not)`);
    }
    this.#key = key;
    this.#keyId = keyId;
    this.#keys = new Map([...oldKeys.map((old) => [old.keyId, old.key] as const), [keyId, key]]);
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
      const key = this.#keys.get(keyId);
      if (!key) {
        const old = [...this.#keys.keys()].filter((id) => id !== this.#keyId).map((id) => `"${id}"`);
        const others = old.length > 0 ? ` and old keys ${old.join(', ')}` : '';
        throw new Error(`payload encrypted with key "${keyId}", but this process has key "${this.#keyId}"${others} (TEMPORAL_PAYLOAD_OLD_KEYS keeps old keys)`);
      }
      const data = Buffer.from(payload.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return ProtoPayload.decode(plain) as Payload;
    });
  }
}

/** The data converter option for clients and workers: encrypted when a key is configured, Temporal's default otherwise. */
export function dataConverterFor(encryption?: { key: Buffer; keyId: string; oldKeys?: readonly PayloadKey[] }): { payloadCodecs: PayloadCodec[] } | undefined {
  return encryption ? { payloadCodecs: [new AesGcmPayloadCodec(encryption.key, encryption.keyId, encryption.oldKeys)] } : undefined;
}
