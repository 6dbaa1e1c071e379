// Where Temporal is and how to authenticate, by the ecosystem's convention (@temporalio/envconfig): TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_GRPC_META_*, over a profile of a temporal.toml file
// (TEMPORAL_PROFILE, TEMPORAL_CONFIG_FILE). The same variables the Temporal CLI reads, so `temporal` and this service
// agree on the cluster. Only certificate *paths* are kept here; lib/temporal-connection.ts reads the files when it
// connects. Every problem names its variable (or profile key), e.g. a certificate path that does not exist.
import { existsSync } from 'node:fs';
import { loadClientConfigProfile, type ClientConfigProfile, type ClientConfigTLS } from '@temporalio/envconfig';
import type { Env } from './env-schema.js';

export interface TemporalProfile {
  /** host:port; undefined = nothing configured (npm start runs the embedded dev server). */
  address?: string;
  /** undefined = not set by environment or profile (the service's default applies). */
  namespace?: string;
  /** Temporal Cloud API key; never logged. Implies TLS. */
  apiKey?: string;
  tls?: ClientConfigTLS;
  /** Extra gRPC headers (TEMPORAL_GRPC_META_<NAME>). */
  grpcMeta?: Record<string, string>;
  /** The temporal.toml profile used, when a file was read. */
  profileName?: string;
}

/** Which variable (or profile key) each TLS file comes from, to name it when the file is missing. */
const TLS_FILES = [
  ['clientCert', 'TEMPORAL_TLS_CLIENT_CERT_PATH', 'tls.client_cert_path'],
  ['clientKey', 'TEMPORAL_TLS_CLIENT_KEY_PATH', 'tls.client_key_path'],
  ['serverCACert', 'TEMPORAL_TLS_SERVER_CA_CERT_PATH', 'tls.server_ca_cert_path'],
] as const;

/**
 * Loads the profile. The temporal.toml file is read only when TEMPORAL_PROFILE or TEMPORAL_CONFIG_FILE asks for one,
 * so a developer's own Temporal CLI profile never silently turns `npm start` away from its embedded server.
 * Returns the problems instead of throwing, so config/env.ts reports them with every other problem at once.
 */
export function loadTemporalProfile(env: Env): { profile: TemporalProfile; problems: string[] } {
  const useFile = Boolean(env.TEMPORAL_PROFILE || env.TEMPORAL_CONFIG_FILE);
  const where = useFile ? `profile "${env.TEMPORAL_PROFILE ?? 'default'}"${env.TEMPORAL_CONFIG_FILE ? ` of ${env.TEMPORAL_CONFIG_FILE}` : ''}` : undefined;
  if (env.TEMPORAL_CONFIG_FILE && !existsSync(env.TEMPORAL_CONFIG_FILE)) {
    return { profile: {}, problems: [`TEMPORAL_CONFIG_FILE=${env.TEMPORAL_CONFIG_FILE}: no such file`] };
  }
  let loaded: ClientConfigProfile;
  try {
    const definedEnv = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
    loaded = loadClientConfigProfile({ overrideEnvVars: definedEnv, disableFile: !useFile });
  } catch (err) {
    return { profile: {}, problems: [`TEMPORAL_PROFILE/TEMPORAL_CONFIG_FILE: could not load ${where}: ${(err as Error).message}`] };
  }
  const problems: string[] = [];
  const tls = loaded.tls;
  for (const [field, variable, key] of TLS_FILES) {
    const source = tls?.[field];
    if (source && 'path' in source && !existsSync(source.path)) {
      problems.push(`${env[variable] ? variable : `${key} in ${where ?? 'the Temporal profile'}`}=${source.path}: no such file`);
    }
  }
  if (tls && !tls.disabled && Boolean(tls.clientCert) !== Boolean(tls.clientKey)) {
    problems.push('TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH (or their _DATA forms) go together: mTLS needs both the certificate and its key');
  }
  if (!loaded.address && (loaded.apiKey || (tls && !tls.disabled))) {
    // Without an address, npm start runs its own plaintext dev server: a key or certificate meant for a cluster is a mistake.
    problems.push('TEMPORAL_API_KEY or TEMPORAL_TLS* is set but no TEMPORAL_ADDRESS (nor a profile address): say which cluster they are for');
  }
  return {
    profile: {
      address: loaded.address || undefined,
      namespace: loaded.namespace || undefined,
      apiKey: loaded.apiKey || undefined,
      tls,
      grpcMeta: loaded.grpcMeta,
      profileName: useFile ? (env.TEMPORAL_PROFILE ?? 'default') : undefined,
    },
    problems,
  };
}
