// Connects a Temporal client from the service configuration (partnerctl, the webhook, the scripts), through the one
// connection builder (lib/temporal-connection.ts): TLS, mTLS, API key and profiles included.
import { Client, type ClientInterceptors, type ClientOptions, type WorkflowClientInterceptor } from '@temporalio/client';
import type { ServiceConfig } from '../config/env.js';
import { dataConverterFor } from './payload-codec.js';
import { connectClientConnection, temporalTarget } from './temporal-connection.js';
import { updateRetryInterceptor } from './update-retry.js';

/**
 * Every client the service makes: as `new Client(options)`, with updates sent again when the workflow task that
 * carried them failed (lib/update-retry.ts), inside any interceptors given (e.g. tracing's: one span for all attempts).
 */
export function serviceClient(options: Omit<ClientOptions, 'interceptors'> & { interceptors?: { workflow?: WorkflowClientInterceptor[] } }): Client {
  const interceptors: ClientInterceptors = { workflow: [...(options.interceptors?.workflow ?? []), updateRetryInterceptor()] };
  return new Client({ ...options, interceptors });
}

/** `interceptors`: e.g. tracing's (observability/tracing.ts), so started workflows continue the caller's trace. */
export async function connectClient(config: ServiceConfig, interceptors?: { workflow?: WorkflowClientInterceptor[] }): Promise<{ client: Client; close: () => Promise<void> }> {
  const target = temporalTarget(config);
  const connection = await connectClientConnection(target);
  return { client: serviceClient({ connection, namespace: target.namespace, dataConverter: dataConverterFor(config.temporal.encryption), ...(interceptors ? { interceptors } : {}) }), close: () => connection.close() };
}
