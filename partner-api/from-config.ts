// Builds the Partner API client the configuration asks for.
// Credentials, in order of preference:
//   1. service account: LINEWORKS_CLIENT_ID, _CLIENT_SECRET, _SERVICE_ACCOUNT_ID and _PRIVATE_KEY or _PRIVATE_KEY_PATH
//   2. refresh token: LINEWORKS_REFRESH_TOKEN with _CLIENT_ID and _CLIENT_SECRET (and optionally the current _ACCESS_TOKEN)
//   3. a fixed LINEWORKS_ACCESS_TOKEN
//   4. none: the simulator's token
import path from 'node:path';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../config/env.js';
import { StaticTokenProvider, type TokenProvider } from './auth.js';
import { parsePrivateKey, readPrivateKeyFile } from './auth/private-key.js';
import { RefreshTokenProvider } from './auth/refresh-token.js';
import { FileRefreshTokenStore, REFRESH_TOKEN_FILE } from './auth/refresh-token-store.js';
import { ServiceAccountTokenProvider } from './auth/service-account.js';
import { PartnerApiClient } from './client.js';
import type { PartnerApiObserver } from './observer.js';

/** The bearer token the simulator accepts by default. Not a secret: it only opens the local simulator. */
export const SIMULATOR_TOKEN = 'simulator-token';

export function tokenProviderFromConfig(config: ServiceConfig, logger?: Logger): TokenProvider {
  const { credentials, authUrl } = config.partnerApi;
  const { clientId, clientSecret, serviceAccountId, privateKey, privateKeyPath } = credentials;
  if (clientId && clientSecret && serviceAccountId && (privateKey || privateKeyPath)) {
    return new ServiceAccountTokenProvider({
      clientId,
      clientSecret,
      serviceAccountId,
      privateKey: privateKey
        ? parsePrivateKey(privateKey, 'LINEWORKS_PRIVATE_KEY')
        : readPrivateKeyFile(privateKeyPath as string, 'LINEWORKS_PRIVATE_KEY_PATH'),
      tokenUrl: authUrl,
      timeoutMs: Math.min(config.partnerApi.timeoutMs, 30_000),
      logger,
    });
  }
  if (credentials.refreshToken && clientId && clientSecret) {
    return new RefreshTokenProvider({
      clientId,
      clientSecret,
      refreshToken: credentials.refreshToken,
      accessToken: credentials.accessToken,
      // Rotated refresh tokens: every worker sharing DATA_DIR finds the newest (docs/deploying.md).
      store: new FileRefreshTokenStore(path.join(config.temporal.dataDir, REFRESH_TOKEN_FILE)),
      tokenUrl: authUrl,
      timeoutMs: Math.min(config.partnerApi.timeoutMs, 30_000),
      logger,
    });
  }
  if (credentials.accessToken) return new StaticTokenProvider(credentials.accessToken);
  if (clientId) {
    throw new TypeError(
      'LINEWORKS_CLIENT_ID is set but the credentials are incomplete: service-account authentication needs LINEWORKS_CLIENT_SECRET, ' +
        'LINEWORKS_SERVICE_ACCOUNT_ID and LINEWORKS_PRIVATE_KEY or LINEWORKS_PRIVATE_KEY_PATH',
    );
  }
  return new StaticTokenProvider(SIMULATOR_TOKEN);
}

export function partnerClientFromConfig(config: ServiceConfig, baseUrl: string, logger?: Logger, observer?: PartnerApiObserver): PartnerApiClient {
  return new PartnerApiClient({
    baseUrl,
    tokens: tokenProviderFromConfig(config, logger),
    timeoutMs: config.partnerApi.timeoutMs,
    scopes: config.partnerApi.scopes,
    rateLimitPerMinute: config.partnerApi.rateLimitPerMinute,
    logger,
    observer,
  });
}
