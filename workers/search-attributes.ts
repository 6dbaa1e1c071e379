// Registers our custom search attributes on the namespace when they are missing, so `npm run worker` against a fresh
// self-hosted cluster (docker-compose) works without a manual step. Temporal Cloud does not allow this through the
// operator API: there it only warns, and the attributes are added once in the Cloud UI or with tcld.
import type { NativeConnection } from '@temporalio/worker';
import type { Logger } from 'pino';
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes.js';
// @temporalio/proto is CommonJS without static named exports: take `temporal` from its default export under ESM.
import proto from '@temporalio/proto';
import type { temporal as protoTypes } from '@temporalio/proto';

const { temporal } = proto;

const INDEXED_TYPE: Record<string, protoTypes.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
};

export async function ensureSearchAttributes(connection: NativeConnection, namespace: string, logger: Logger): Promise<void> {
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const known = new Set([...Object.keys(existing.customAttributes ?? {}), ...Object.keys(existing.systemAttributes ?? {})]);
    const missing = ALL_SEARCH_ATTRIBUTES.filter((key) => !known.has(key.name));
    if (missing.length === 0) return;
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_TYPE[key.type]!])),
    });
    logger.info({ added: missing.map((k) => k.name), namespace }, 'registered search attributes');
  } catch (err) {
    logger.warn({ err: (err as Error).message, namespace }, 'could not check or register search attributes; register them by hand (see README)');
  }
}
