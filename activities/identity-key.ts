import { createHmac } from 'node:crypto';

/**
 * The index for identity limits (R-P5, R-E7): a keyed hash of the normalised
 * identity, so the clear number is never what we search by.
 */
export function identityHash(secret: string, identityKey: string): string {
  return createHmac('sha256', secret).update(identityKey).digest('hex');
}
