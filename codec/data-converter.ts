import type { DataConverter } from '@temporalio/common';
import type { Config } from '../config';
import { EncryptionCodec, type PlainPayloads } from './encryption-codec';

/**
 * What every Temporal client and worker of this project is built with, so no
 * personal data reaches Temporal's history in clear (search attributes are
 * never encoded: they must not carry personal data). A client refuses plain
 * payloads; the worker passes `mark` so its workflows drop them (Temporal is a
 * trust boundary: see the README's Security section).
 */
export function dataConverter(config: Pick<Config, 'payloadKeys'>, plain: PlainPayloads = 'refuse'): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(config.payloadKeys, plain)] };
}

/** The worker's: a plain payload reaches its workflows as the unsealed-payload mark. */
export const workerDataConverter = (config: Pick<Config, 'payloadKeys'>): DataConverter => dataConverter(config, 'mark');
