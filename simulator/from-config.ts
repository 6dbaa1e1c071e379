// Simulator options from the service configuration (SIMULATOR_* variables) and an optional seed file.
import { readFile } from 'node:fs/promises';
import type { ServiceConfig } from '../config/env.js';
import type { SimulatorOptions } from './options.js';

/** Reads the seed file (JSON, same shape as POST /_simulator/seed); errors name the file. */
export async function readSeedFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read simulator seed file ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`simulator seed file ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

export async function simulatorOptionsFromConfig(config: ServiceConfig['simulator'], seedFile = config.seedFile): Promise<SimulatorOptions> {
  return {
    host: config.host,
    ...(config.timeZone ? { timeZone: config.timeZone } : {}),
    ...(config.dnsServers?.length ? { dnsResolver: { servers: config.dnsServers } } : {}),
    ...(seedFile ? { seed: await readSeedFile(seedFile) } : {}),
  };
}
