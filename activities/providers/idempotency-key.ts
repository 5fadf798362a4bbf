import { sha256Hex } from './signed-http';

/** signing.md: keys are at most 200 characters of `[A-Za-z0-9._:-]`. */
const CONTRACT_KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * An Idempotency-Key for one of this system's own ids (a notice's, an
 * alert's, a gateway's transaction id): the id itself when the contract takes
 * it as it is, so operators on both sides read the same thing; otherwise its
 * SHA-256 (`sha256:<hex>`), the same on every attempt all the same.
 */
export function idempotencyKeyOf(id: string): string {
  return CONTRACT_KEY.test(id) ? id : `sha256:${sha256Hex(id)}`;
}
