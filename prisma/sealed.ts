import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { PayloadKey } from '../codec/key-ring';

// Personal data at rest (accounts.subject, reviews.materials, subject_history
// before/after) is sealed by the application with the payload key ring
// (PAYLOAD_KEYS): a database dump or a read-only SQL session shows ciphertext.
// Lookups never need the clear value: they go by keyed hash (identity_key).

/** What a sealed JSONB column holds: AES-256-GCM of the value's JSON text. */
export type SealedJson = {
  v: 1;
  /** The id of the key in PAYLOAD_KEYS that sealed it. */
  kid: string;
  /** base64 of the 12-byte nonce. */
  iv: string;
  /** base64 of ciphertext ‖ 16-byte authentication tag. */
  ct: string;
};

/** A sealed value this key ring cannot open: the message names the key or says why. */
export class SealedDataError extends Error {
  override name = 'SealedDataError';
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals a JSON-plain value with the newest key of the ring. */
export function seal(value: unknown, keys: readonly PayloadKey[]): SealedJson {
  const newest = keys[0];
  if (!newest) throw new Error('the payload key ring is empty');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', newest.key, iv);
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { v: 1, kid: newest.id, iv: iv.toString('base64'), ct: ct.toString('base64') };
}

export function isSealed(stored: unknown): stored is SealedJson {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return false;
  const s = stored as Record<string, unknown>;
  return s.v === 1 && typeof s.kid === 'string' && typeof s.iv === 'string' && typeof s.ct === 'string' && Object.keys(s).length === 4;
}

/**
 * The clear value of a column. Rows written before sealing hold plain JSON and
 * are returned as they are; SQL NULL (or a missing row) is null. A sealed value
 * under a key no longer in the ring, or altered, throws: never a silent null.
 */
export function unseal<T = unknown>(stored: unknown, keys: readonly PayloadKey[]): T | null {
  if (stored === null || stored === undefined) return null;
  if (!isSealed(stored)) return stored as T;
  const key = keys.find((candidate) => candidate.id === stored.kid);
  if (!key) throw new SealedDataError(`a column was sealed with key "${stored.kid}", which is not in the key ring: add it back to PAYLOAD_KEYS`);
  const iv = Buffer.from(stored.iv, 'base64');
  const sealed = Buffer.from(stored.ct, 'base64');
  if (iv.length !== IV_BYTES || sealed.length < TAG_BYTES) throw new SealedDataError(`a sealed column (key "${stored.kid}") is truncated`);
  const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  let plain: string;
  try {
    plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedDataError(`a sealed column (key "${stored.kid}") failed authentication: it was altered or the key is wrong`);
  }
  return JSON.parse(plain) as T;
}
