// Where rotated refresh tokens are kept so every worker finds the newest (LINE WORKS "Refresh Token Rotation": each
// refresh returns a new refresh token and the old one stops working). Pluggable: RefreshTokenStore is two calls;
// the file store is the default (DATA_DIR/lineworks-refresh-token.json, permissions 0600, replaced atomically).
// Give every worker the same DATA_DIR volume, or plug in a store on the database the deployment has. Tokens are
// never logged: errors name the file, never its content.
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface RefreshTokenStore {
  /** The newest refresh token saved under `key`, if any. */
  load(key: string): Promise<string | undefined>;
  save(key: string, refreshToken: string): Promise<void>;
}

type StoredTokens = Record<string, { refreshToken: string; savedAt: string }>;

export const REFRESH_TOKEN_FILE = 'lineworks-refresh-token.json';

export class FileRefreshTokenStore implements RefreshTokenStore {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  async #readAll(): Promise<StoredTokens> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as StoredTokens;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new Error(`could not read the refresh token store ${this.file} (${(err as NodeJS.ErrnoException).code ?? 'unreadable JSON'})`);
    }
  }

  async load(key: string): Promise<string | undefined> {
    return (await this.#readAll())[key]?.refreshToken;
  }

  async save(key: string, refreshToken: string): Promise<void> {
    const run = this.#queue.then(async () => {
      const all = await this.#readAll();
      all[key] = { refreshToken, savedAt: new Date().toISOString() };
      await mkdir(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      // Created 0600 (owner only) before the token is in it; rename keeps the mode.
      await writeFile(temporary, JSON.stringify(all, null, 2), { mode: 0o600 });
      await chmod(temporary, 0o600);
      await rename(temporary, this.file);
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
