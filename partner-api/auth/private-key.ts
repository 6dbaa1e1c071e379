// Loads the service account's RSA private key. Errors name where the key came from, never its content.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Parses a PEM private key (PKCS#8 `BEGIN PRIVATE KEY` as the Developer Console issues it, or PKCS#1).
 * `source` names the setting it came from, e.g. `LINEWORKS_PRIVATE_KEY`.
 */
export function parsePrivateKey(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    // Keys pasted into env vars often carry literal "\n".
    key = createPrivateKey({ key: pem.replace(/\\n/g, '\n'), format: 'pem' });
  } catch {
    throw new TypeError(`${source} does not hold a PEM private key (expected "-----BEGIN PRIVATE KEY-----" ...)`);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new TypeError(`${source} holds a ${key.asymmetricKeyType ?? 'non-RSA'} key; RS256 needs an RSA private key`);
  }
  return key;
}

/** Reads and parses the key file at `path`; `source` names the setting, e.g. `LINEWORKS_PRIVATE_KEY_PATH`. */
export function readPrivateKeyFile(path: string, source: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new TypeError(`${source}=${path} cannot be read (${code})`);
  }
  return parsePrivateKey(pem, `${source}=${path}`);
}
