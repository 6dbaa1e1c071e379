// Connects a Temporal client from the service configuration (scripts, CLI, webhook).
import { Client, Connection } from '@temporalio/client';
import type { ServiceConfig } from '../config/env.js';
import { dataConverterFor } from './payload-codec.js';

export async function connectClient(config: ServiceConfig): Promise<{ client: Client; close: () => Promise<void> }> {
  const address = config.temporal.address ?? `localhost:${config.temporal.devServerPort}`;
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection, namespace: config.temporal.namespace, dataConverter: dataConverterFor(config.temporal.encryption) }), close: () => connection.close() };
}
