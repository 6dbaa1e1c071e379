// Builds the Partner API client the configuration asks for.
import type { Logger } from 'pino';
import type { ServiceConfig } from '../config/env.js';
import { StaticTokenProvider, type TokenProvider } from './auth.js';
import { PartnerApiClient } from './client.js';

/** The bearer token the simulator accepts by default. Not a secret: it only opens the local simulator. */
export const SIMULATOR_TOKEN = 'simulator-token';

export function tokenProviderFromConfig(config: ServiceConfig): TokenProvider {
  const { credentials } = config.partnerApi;
  if (credentials.accessToken) return new StaticTokenProvider(credentials.accessToken);
  if (credentials.clientId) {
    throw new Error('service-account (JWT) authentication is not available yet: set LINEWORKS_ACCESS_TOKEN instead');
  }
  return new StaticTokenProvider(SIMULATOR_TOKEN);
}

export function partnerClientFromConfig(config: ServiceConfig, baseUrl: string, logger?: Logger): PartnerApiClient {
  return new PartnerApiClient({
    baseUrl,
    tokens: tokenProviderFromConfig(config),
    timeoutMs: config.partnerApi.timeoutMs,
    logger,
  });
}
