// Connects a Temporal client from the service configuration (scripts, CLI, webhook).
import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import type { ServiceConfig } from '../config/env.js';
import { dataConverterFor } from './payload-codec.js';

/** `interceptors`: e.g. tracing's (observability/tracing.ts), so started workflows continue the caller's trace. */
export async function connectClient(config: ServiceConfig, interceptors?: ClientInterceptors): Promise<{ client: Client; close: () => Promise<void> }> {
  const address = config.temporal.address ?? `localhost:${config.temporal.devServerPort}`;
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverterFor(config.temporal.encryption), ...(interceptors ? { interceptors } : {}) }), close: () => connection.close() };
}
