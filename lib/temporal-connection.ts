// The one place that connects to Temporal, for every process: the worker (NativeConnection), and partnerctl, the
// webhook, the scripts and the bench (Connection). Address, namespace, API key, TLS/mTLS and gRPC headers come from
// the configuration (config/temporal-profile.ts: the Temporal CLI's variables and temporal.toml profiles), so the
// same code runs on the embedded dev server, a self-hosted TLS cluster and Temporal Cloud by configuration alone.
import { readFileSync } from 'node:fs';
import { Connection, type TLSConfig } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { ClientConfigTLS, ConfigDataSource } from '@temporalio/envconfig';
import type { ServiceConfig } from '../config/env.js';

/** The options Connection.connect and NativeConnection.connect share. */
export interface TemporalConnectOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
  metadata?: Record<string, string>;
}

export interface TemporalTarget {
  options: TemporalConnectOptions;
  namespace: string;
  /** For logs and errors: address, namespace and how we authenticate; never the key itself. */
  description: string;
}

function read(source: ConfigDataSource | undefined): Buffer | undefined {
  if (!source) return undefined;
  return 'path' in source ? readFileSync(source.path) : Buffer.from(source.data);
}

function tlsOptions(tls: ClientConfigTLS | undefined, apiKey: string | undefined): TLSConfig | boolean | undefined {
  if (tls?.disabled) return false;
  if (!tls) return apiKey ? true : undefined;
  const crt = read(tls.clientCert);
  const key = read(tls.clientKey);
  return {
    ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
    ...(tls.serverCACert ? { serverRootCACertificate: read(tls.serverCACert) } : {}),
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
  };
}

function describeAuth(options: TemporalConnectOptions): string {
  const tls = options.tls;
  const parts = [tls === undefined || tls === false ? 'plaintext' : typeof tls === 'object' && tls.clientCertPair ? 'mTLS' : 'TLS'];
  if (options.apiKey) parts.push('API key');
  return parts.join(' + ');
}

/**
 * Where and how to connect. `fallbackAddress`: used when nothing is configured (the embedded dev server's address in
 * `npm start`; localhost:TEMPORAL_DEV_SERVER_PORT for the standalone processes).
 */
export function temporalTarget(config: ServiceConfig, fallbackAddress?: string): TemporalTarget {
  const { connection, namespace } = config.temporal;
  const address = config.temporal.address ?? fallbackAddress ?? `localhost:${config.temporal.devServerPort}`;
  const options: TemporalConnectOptions = {
    address,
    ...(connection.apiKey ? { apiKey: connection.apiKey } : {}),
    ...(connection.grpcMeta && Object.keys(connection.grpcMeta).length > 0 ? { metadata: connection.grpcMeta } : {}),
  };
  const tls = tlsOptions(connection.tls, connection.apiKey);
  if (tls !== undefined) options.tls = tls;
  const profile = connection.profileName ? `, profile ${connection.profileName}` : '';
  return { options, namespace, description: `${address} (namespace ${namespace}, ${describeAuth(options)}${profile})` };
}

/** The connect error, saying where we tried to connect and how, plus what usually causes it. */
export class TemporalConnectError extends Error {
  constructor(target: TemporalTarget, cause: unknown) {
    const reason = ((cause as Error)?.message ?? String(cause)).replace(/\.$/, '');
    const usesTls = target.options.tls !== undefined && target.options.tls !== false;
    const hint = /unauthenticated|permission|api key|401|403/i.test(reason)
      ? ' Check TEMPORAL_API_KEY and TEMPORAL_NAMESPACE.'
      : usesTls
        ? ' Is the server up, and does it trust our client certificate? Check TEMPORAL_TLS_CLIENT_CERT_PATH/TEMPORAL_TLS_CLIENT_KEY_PATH, TEMPORAL_TLS_SERVER_CA_CERT_PATH and TEMPORAL_TLS_SERVER_NAME.'
        : ' Is the server up at that address, and does it need TLS (TEMPORAL_TLS=true, or an API key)?';
    super(`could not connect to Temporal at ${target.description}: ${reason}.${hint}`, { cause });
    this.name = 'TemporalConnectError';
  }
}

async function connecting<T>(target: TemporalTarget, connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (err) {
    throw new TemporalConnectError(target, err);
  }
}

/** A worker's connection. */
export function connectNative(target: TemporalTarget): Promise<NativeConnection> {
  return connecting(target, () => NativeConnection.connect(target.options));
}

/** A client's connection (partnerctl, webhook, scripts). */
export function connectClientConnection(target: TemporalTarget): Promise<Connection> {
  return connecting(target, () => Connection.connect(target.options));
}
