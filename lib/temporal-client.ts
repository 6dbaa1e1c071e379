// Connects a Temporal client from the service configuration (partnerctl, the webhook, the scripts), through the one
// connection builder (lib/temporal-connection.ts): TLS, mTLS, API key and profiles included.
import { Client, type ClientInterceptors } from '@temporalio/client';
import type { ServiceConfig } from '../config/env.js';
import { dataConverterFor } from './payload-codec.js';
import { connectClientConnection, temporalTarget } from './temporal-connection.js';

/** `interceptors`: e.g. tracing's (observability/tracing.ts), so started workflows continue the caller's trace. */
export async function connectClient(config: ServiceConfig, interceptors?: ClientInterceptors): Promise<{ client: Client; close: () => Promise<void> }> {
  const target = temporalTarget(config);
  const connection = await connectClientConnection(target);
  return { client: new Client({ connection, namespace: target.namespace, dataConverter: dataConverterFor(config.temporal.encryption), ...(interceptors ? { interceptors } : {}) }), close: () => connection.close() };
}
