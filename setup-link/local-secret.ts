// `npm start` without SETUP_PAGE_SECRET: a random secret per data directory, kept in DATA_DIR/setup-page-secret
// (0600, owner only) so links handed out before a restart still open after it. Production sets SETUP_PAGE_SECRET.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MIN_SECRET_LENGTH } from '../config/env-schema.js';

export const LOCAL_SECRET_FILE = 'setup-page-secret';

/** The secret in `dataDir`, created on first use. */
export async function localSetupPageSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, LOCAL_SECRET_FILE);
  const existing = await readFile(file, 'utf8').then((text) => text.trim(), () => undefined);
  if (existing && existing.length >= MIN_SECRET_LENGTH) return existing;
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  // Written 0600 before the secret is in it, then renamed into place (the mode stays), so no reader sees half of it.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${secret}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
  return secret;
}
