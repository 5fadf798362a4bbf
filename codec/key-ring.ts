// PAYLOAD_KEYS holds every key that may still be needed to read a payload, newest
// first: "k2:<base64>,k1:<base64>". Rotation is adding a new key in front; an
// old key may be dropped only once no retained history was encrypted with it.

export interface PayloadKey {
  id: string;
  /** 32 bytes: an AES-256 key. */
  key: Buffer;
}

/**
 * The sandbox default: fixed so that `npm start` and the tests can read each
 * other's histories. Worthless as a secret, hence refused outside sandbox mode.
 */
export const SANDBOX_PAYLOAD_KEYS = `sandbox:${Buffer.from('realname-sandbox-payload-key-v1!').toString('base64')}`;

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function parsePayloadKeys(raw: string, variable = 'PAYLOAD_KEYS'): PayloadKey[] {
  const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) throw new Error(`${variable} names no key; expected "<id>:<base64 of 32 bytes>,…", newest first`);
  const keys: PayloadKey[] = [];
  for (const entry of entries) {
    const separator = entry.indexOf(':');
    const id = separator > 0 ? entry.slice(0, separator) : '';
    const encoded = entry.slice(separator + 1);
    // Never echo the key material itself into an error message.
    if (!KEY_ID.test(id)) throw new Error(`${variable}: each entry must be "<id>:<base64 key>" with an id of letters, digits, ".", "_" or "-"`);
    if (!BASE64.test(encoded) || Buffer.from(encoded, 'base64').length !== 32) {
      throw new Error(`${variable}: key "${id}" must be the base64 of exactly 32 bytes (openssl rand -base64 32)`);
    }
    if (keys.some((key) => key.id === id)) throw new Error(`${variable}: key id "${id}" appears twice`);
    keys.push({ id, key: Buffer.from(encoded, 'base64') });
  }
  return keys;
}

/** The key ring from the environment: the sandbox key by default, required outside sandbox mode. */
export function loadPayloadKeys(raw: string | undefined, sandbox: boolean): PayloadKey[] {
  if (!raw || raw.trim() === '') {
    if (!sandbox) throw new Error('PAYLOAD_KEYS must be set outside sandbox mode: "<id>:<base64 of 32 random bytes>", newest first (openssl rand -base64 32)');
    return parsePayloadKeys(SANDBOX_PAYLOAD_KEYS);
  }
  const keys = parsePayloadKeys(raw);
  const sandboxKey = parsePayloadKeys(SANDBOX_PAYLOAD_KEYS)[0]!;
  if (!sandbox && keys.some((key) => key.key.equals(sandboxKey.key))) {
    throw new Error('PAYLOAD_KEYS must not contain the published sandbox key outside sandbox mode');
  }
  return keys;
}
