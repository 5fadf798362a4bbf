import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { PayloadKey } from '../codec/key-ring';

// Personal data at rest (accounts.subject, reviews.materials, subject_history
// before/after, the sandbox face provider's sandbox_face_checks.person) is
// sealed by the application: a database dump or a read-only SQL session shows
// ciphertext. So are the platform's webhook signing secrets
// (webhook_endpoints.secret): whoever reads them could sign forged events. Lookups never need the clear value: they go by keyed hash
// (identity_key).
//
// Version 2 (every write):
// - Domain separation: each PAYLOAD_KEYS key is never used as it is. The
//   sealing key is HKDF-SHA256(key, info 'realname/sealed-column/v2'), so a
//   column's ciphertext and a Temporal payload never share a key, and a
//   weakness or oracle on one side (the codec server encodes and decodes on
//   request) says nothing about the other. The Temporal codec keeps the raw keys.
// - Row binding: the GCM associated data is the value's place,
//   `<table>.<column>:<primary key>`, so a sealed value copied into another
//   row or column (by whoever can write SQL) fails authentication instead of
//   showing one person's data as another's.
//
// Version 1 (before row binding: raw payload key, no associated data) still
// opens, since rows were written with it. It is not re-sealed on read (reads
// never write); the next write of a column seals it as v2, and
// `npm run reseal` (scripts/reseal.ts) upgrades every remaining v1 value and
// seals the plain rows written before sealing existed. Plain rows are refused
// on read: taking them as they are would let anyone who can write SQL put a
// forged subject in place of a sealed one.

/** The columns that hold sealed values, as `<table>.<column>`. */
export type SealedColumn =
  | 'accounts.subject'
  | 'reviews.materials'
  | 'subject_history.before'
  | 'subject_history.after'
  | 'sandbox_face_checks.person'
  | 'webhook_endpoints.secret';

/** Where a sealed value lives: its column and the primary key of its row. */
export interface SealedPlace {
  column: SealedColumn;
  /** The row's primary key: accounts.id, reviews.id, subject_history.process_id, sandbox_face_checks.ticket, webhook_endpoints.id. */
  row: string;
}

export const sealedPlaces = {
  accountSubject: (accountId: string): SealedPlace => ({ column: 'accounts.subject', row: accountId }),
  reviewMaterials: (reviewId: string): SealedPlace => ({ column: 'reviews.materials', row: reviewId }),
  historyBefore: (processId: string): SealedPlace => ({ column: 'subject_history.before', row: processId }),
  historyAfter: (processId: string): SealedPlace => ({ column: 'subject_history.after', row: processId }),
  sandboxFacePerson: (ticket: string): SealedPlace => ({ column: 'sandbox_face_checks.person', row: ticket }),
  webhookSecret: (endpointId: string): SealedPlace => ({ column: 'webhook_endpoints.secret', row: endpointId }),
};

/** What a sealed JSONB column holds: AES-256-GCM of the value's JSON text. */
export type SealedJson = {
  /** 2: HKDF subkey and row binding; 1: raw payload key, no binding (read only). */
  v: 1 | 2;
  /** The id of the key in PAYLOAD_KEYS that sealed it. */
  kid: string;
  /** base64 of the 12-byte nonce. */
  iv: string;
  /** base64 of ciphertext ‖ 16-byte authentication tag. */
  ct: string;
};

/** A stored value this key ring cannot open, or will not: the message names the place and the key or says why. */
export class SealedDataError extends Error {
  override name = 'SealedDataError';
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** HKDF info of the column-sealing subkey: never the same key as the Temporal codec's. */
export const SEALED_COLUMN_KEY_INFO = 'realname/sealed-column/v2';

const subkeys = new WeakMap<Buffer, Buffer>();

/** The v2 sealing key of one payload key (derived once per key). */
export function sealingKey(payloadKey: PayloadKey): Buffer {
  let subkey = subkeys.get(payloadKey.key);
  if (!subkey) {
    subkey = Buffer.from(hkdfSync('sha256', payloadKey.key, Buffer.alloc(0), SEALED_COLUMN_KEY_INFO, 32));
    subkeys.set(payloadKey.key, subkey);
  }
  return subkey;
}

/** The GCM associated data of a place: `accounts.subject:<accountId>`. */
function associatedData(place: SealedPlace): Buffer {
  return Buffer.from(`${place.column}:${place.row}`, 'utf8');
}

const described = (place: SealedPlace) => `${place.column} of row "${place.row}"`;

/** Seals a JSON-plain value for one place with the newest key of the ring (v2). */
export function seal(value: unknown, keys: readonly PayloadKey[], place: SealedPlace): SealedJson {
  const newest = keys[0];
  if (!newest) throw new Error('the payload key ring is empty');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(newest), iv);
  cipher.setAAD(associatedData(place));
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { v: 2, kid: newest.id, iv: iv.toString('base64'), ct: ct.toString('base64') };
}

export function isSealed(stored: unknown): stored is SealedJson {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return false;
  const s = stored as Record<string, unknown>;
  return (s.v === 1 || s.v === 2) && typeof s.kid === 'string' && typeof s.iv === 'string' && typeof s.ct === 'string' && Object.keys(s).length === 4;
}

/**
 * The clear value of a column at its place. SQL NULL (or a missing row) is
 * null. Anything else that is not a sealed envelope (a row from before sealing,
 * or one written by hand) is refused, as is a value sealed for another place,
 * under a key no longer in the ring, or altered: never a silent null or a
 * value taken as it is.
 */
export function unseal<T = unknown>(stored: unknown, keys: readonly PayloadKey[], place: SealedPlace): T | null {
  if (stored === null || stored === undefined) return null;
  if (!isSealed(stored)) {
    throw new SealedDataError(`${described(place)} is not sealed (written before sealing, or by hand): run \`npm run reseal\` to seal such rows`);
  }
  const key = keys.find((candidate) => candidate.id === stored.kid);
  if (!key) throw new SealedDataError(`${described(place)} was sealed with key "${stored.kid}", which is not in the key ring: add it back to PAYLOAD_KEYS`);
  const iv = Buffer.from(stored.iv, 'base64');
  const sealed = Buffer.from(stored.ct, 'base64');
  if (iv.length !== IV_BYTES || sealed.length < TAG_BYTES) throw new SealedDataError(`${described(place)} (key "${stored.kid}") is truncated`);
  // v1 was sealed with the raw payload key and no associated data.
  const decipher = createDecipheriv('aes-256-gcm', stored.v === 2 ? sealingKey(key) : key.key, iv);
  if (stored.v === 2) decipher.setAAD(associatedData(place));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  let plain: string;
  try {
    plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedDataError(
      `${described(place)} (key "${stored.kid}") failed authentication: it was altered, copied from another row or column, or the key is wrong`,
    );
  }
  return JSON.parse(plain) as T;
}
