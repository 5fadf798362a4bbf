import type { DataConverter } from '@temporalio/common';
import type { Config } from '../config';
import { EncryptionCodec } from './encryption-codec';

/**
 * What every Temporal client and worker of this project is built with, so no
 * personal data reaches Temporal's history in clear (search attributes are
 * never encoded: they must not carry personal data).
 */
export function dataConverter(config: Pick<Config, 'payloadKeys'>): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(config.payloadKeys)] };
}
