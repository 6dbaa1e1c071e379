// HMAC-SHA256 request signatures shared by the CRM webhook (verify) and the CRM notifications (sign).
// The signed text is `<timestamp>.<raw body>`: binding the timestamp into the MAC is what makes the
// tolerance check a replay defence (an old body cannot be re-sent with a fresh timestamp).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-lw-signature';
export const TIMESTAMP_HEADER = 'x-lw-timestamp';
/** The scheme prefix lets the secret or algorithm change later (`v2=`) while both are accepted. */
const SCHEME = 'v1';

export function computeSignature(secret: string, timestamp: string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** Headers for a signed request: unix seconds and `v1=<hex>`. */
export function signatureHeaders(secret: string, rawBody: string | Buffer, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `${SCHEME}=${computeSignature(secret, timestamp, rawBody)}` };
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

export interface VerifyOptions {
  secret: string;
  rawBody: Buffer;
  signatureHeader: string | undefined;
  timestampHeader: string | undefined;
  toleranceSeconds: number;
  nowMs?: number;
}

/**
 * Checks the signature in constant time, then the timestamp window. Reasons name the header at fault but never
 * echo the expected signature.
 */
export function verifySignature(options: VerifyOptions): VerifyResult {
  const { signatureHeader, timestampHeader } = options;
  if (!timestampHeader || !/^\d{1,12}$/.test(timestampHeader)) {
    return { ok: false, reason: `${TIMESTAMP_HEADER} is missing or not unix seconds` };
  }
  if (!signatureHeader) return { ok: false, reason: `${SIGNATURE_HEADER} is missing` };
  const expected = Buffer.from(computeSignature(options.secret, timestampHeader, options.rawBody), 'hex');
  // Several comma-separated signatures may be sent during a secret rotation; any valid one is enough.
  const candidates = signatureHeader
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${SCHEME}=`))
    .map((part) => part.slice(SCHEME.length + 1));
  if (candidates.length === 0) return { ok: false, reason: `${SIGNATURE_HEADER} has no ${SCHEME}= signature` };
  const matches = candidates.some((hex) => {
    if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
    return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
  });
  if (!matches) return { ok: false, reason: `${SIGNATURE_HEADER} does not match the body` };
  const ageSeconds = Math.abs((options.nowMs ?? Date.now()) / 1000 - Number(timestampHeader));
  if (ageSeconds > options.toleranceSeconds) {
    return { ok: false, reason: `${TIMESTAMP_HEADER} is outside the ${options.toleranceSeconds}s tolerance (replayed or clock skew)` };
  }
  return { ok: true };
}
