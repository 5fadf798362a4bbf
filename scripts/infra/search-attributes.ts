import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TemporalConnectionOptions } from '../../config/temporal-connection';
import { searchAttributeTypes } from '../../workflows/search-attributes';

const TYPES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Bool: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

type OperatorService = Connection['operatorService'];

/** Registers the project's search attributes that the namespace lacks (idempotent). */
export async function registerSearchAttributes(operatorService: OperatorService, namespace: string): Promise<string[]> {
  // The time-skipping test server cannot list, only add: then add them all.
  const existing = await operatorService.listSearchAttributes({ namespace }).catch(() => ({ customAttributes: {} }));
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = Object.entries(searchAttributeTypes).filter(([name]) => !known.has(name));
  if (missing.length > 0) {
    await operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, TYPES[type]!])),
    });
  }
  return missing.map(([name]) => name);
}

/** For a Temporal that was not started by us, reached as config/temporal-connection.ts says (TLS included). */
export async function ensureSearchAttributes(connectionOptions: TemporalConnectionOptions, namespace: string): Promise<string[]> {
  const connection = await Connection.connect(connectionOptions);
  try {
    return await registerSearchAttributes(connection.operatorService, namespace);
  } finally {
    await connection.close();
  }
}
