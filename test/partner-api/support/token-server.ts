// A loopback OAuth token endpoint that issues numbered tokens (tok-1, tok-2, ...) and records each form it receives.
import { startLoopbackServer, type LoopbackServer, type Reply } from './loopback-server.js';

export interface TokenServer extends LoopbackServer {
  tokenUrl: string;
  /** Parsed form of every token request. */
  forms(): Array<Record<string, string>>;
}

export interface TokenServerOptions {
  /** `expires_in` to answer with (number or string). Default '86400', a string as LINE WORKS may send it. */
  expiresIn?: number | string;
  /** Replaces the normal answer, e.g. to send an OAuth error. */
  reply?: (form: Record<string, string>, n: number) => Reply | undefined;
  /** Added to the success answer, e.g. a rotated refresh_token. */
  extra?: (n: number) => Record<string, unknown>;
}

export async function startTokenServer(options: TokenServerOptions = {}): Promise<TokenServer> {
  let issued = 0;
  const server = await startLoopbackServer((request) => {
    const form = Object.fromEntries(new URLSearchParams(request.body));
    const n = ++issued;
    const custom = options.reply?.(form, n);
    if (custom) return custom;
    return {
      status: 200,
      body: { access_token: `tok-${n}`, token_type: 'Bearer', expires_in: options.expiresIn ?? '86400', scope: form.scope, ...options.extra?.(n) },
    };
  });
  return {
    ...server,
    tokenUrl: `${server.url}/oauth2/v2.0/token`,
    forms: () => server.requests.map((r) => Object.fromEntries(new URLSearchParams(r.body))),
  };
}
