import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ENCRYPTED_ENCODING, EncryptionCodec, KEY_ID_METADATA, PayloadDecryptionError } from '../../codec/encryption-codec';
import type { PayloadKey } from '../../codec/key-ring';
import { isSealed, seal, SealedDataError, sealedPlaces, unseal, type SealedJson } from '../../prisma/sealed';

const newKey = (id: string): PayloadKey => ({ id, key: randomBytes(32) });
const subject = { type: 'individual', name: '张三', documentNumber: '11010519491231002X', contact: { mobile: '13800138000' } };
const here = sealedPlaces.accountSubject('acc_1');

/** A value as the first release sealed it (v1): the raw payload key, no associated data. */
function sealV1(value: unknown, key: PayloadKey): SealedJson {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { v: 1, kid: key.id, iv: iv.toString('base64'), ct: ct.toString('base64') };
}

describe('sealed JSON columns (personal data at rest, AES-256-GCM under a subkey of the payload key ring, bound to their row)', () => {
  it('round trip: new values are v2, the stored envelope names the key and holds no clear value', () => {
    const k1 = newKey('k1');
    const stored = seal(subject, [k1], here);
    expect(Object.keys(stored).sort()).toEqual(['ct', 'iv', 'kid', 'v']);
    expect(stored).toMatchObject({ v: 2, kid: 'k1' });
    const text = JSON.stringify(stored);
    for (const clear of ['张三', '11010519491231002X', '13800138000', 'individual']) expect(text).not.toContain(clear);
    expect(isSealed(stored)).toBe(true);
    expect(unseal(stored, [k1], here)).toEqual(subject);
  });

  it('uses a fresh IV each time: one value never seals to the same ciphertext', () => {
    const k1 = newKey('k1');
    const a = seal(subject, [k1], here);
    const b = seal(subject, [k1], here);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
  });

  it('finding 10, row binding: a sealed value copied to another row or another column fails to open', () => {
    const k1 = newKey('k1');
    const stored = seal(subject, [k1], sealedPlaces.accountSubject('acc_victim'));
    expect(unseal(stored, [k1], sealedPlaces.accountSubject('acc_victim'))).toEqual(subject);
    // Another account's row: refused, naming the place it was read at.
    expect(() => unseal(stored, [k1], sealedPlaces.accountSubject('acc_attacker'))).toThrow(SealedDataError);
    expect(() => unseal(stored, [k1], sealedPlaces.accountSubject('acc_attacker'))).toThrow(/accounts\.subject of row "acc_attacker".*failed authentication/);
    // The same id in another column, and the history's before and after of one row.
    expect(() => unseal(stored, [k1], sealedPlaces.reviewMaterials('acc_victim'))).toThrow(/failed authentication/);
    const before = seal(subject, [k1], sealedPlaces.historyBefore('proc_1'));
    expect(() => unseal(before, [k1], sealedPlaces.historyAfter('proc_1'))).toThrow(/failed authentication/);
    // An id that merely extends another is another row.
    expect(() => unseal(stored, [k1], sealedPlaces.accountSubject('acc_victim2'))).toThrow(/failed authentication/);
  });

  it('finding 10, domain separation: the sealing key is an HKDF subkey, so a sealed value does not decrypt under the Temporal payload key', async () => {
    const k1 = newKey('k1');
    const stored = seal(subject, [k1], here);
    const iv = Buffer.from(stored.iv, 'base64');
    const ct = Buffer.from(stored.ct, 'base64');
    // The raw key with the right associated data: GCM refuses it.
    const decipher = createDecipheriv('aes-256-gcm', k1.key, iv);
    decipher.setAAD(Buffer.from('accounts.subject:acc_1'));
    decipher.setAuthTag(ct.subarray(ct.length - 16));
    decipher.update(ct.subarray(0, ct.length - 16));
    expect(() => decipher.final()).toThrow();
    // Handed to the Temporal codec (what the codec server decodes) as a payload of that key: refused too.
    const codec = new EncryptionCodec([k1]);
    const asPayload = { metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from('k1') }, data: Buffer.concat([iv, ct]) };
    await expect(codec.decode([asPayload])).rejects.toThrow(PayloadDecryptionError);
    await expect(codec.decode([asPayload])).rejects.toThrow(/failed authentication/);
  });

  it('finding 10, v1 compatibility: a value sealed before row binding (raw key, no associated data) still opens, under a rotated ring too', () => {
    const k1 = newKey('k1');
    const old = sealV1(subject, k1);
    expect(isSealed(old)).toBe(true);
    expect(unseal(old, [k1], here)).toEqual(subject);
    expect(unseal(old, [newKey('k2'), k1], here)).toEqual(subject);
    // v1 is still authenticated: altered, it fails.
    const ct = Buffer.from(old.ct, 'base64');
    ct[0] = ct[0]! ^ 0x01;
    expect(() => unseal({ ...old, ct: ct.toString('base64') }, [k1], here)).toThrow(/failed authentication/);
    // A v2 envelope relabelled v1 does not open with the raw key either.
    expect(() => unseal({ ...seal(subject, [k1], here), v: 1 }, [k1], here)).toThrow(/failed authentication/);
  });

  it('key rotation: the newest key seals, an older key still opens what it sealed', () => {
    const k1 = newKey('k1');
    const k2 = newKey('k2');
    const old = seal(subject, [k1], here);
    const rotated = [k2, k1];
    expect(seal(subject, rotated, here).kid).toBe('k2');
    expect(unseal(old, rotated, here)).toEqual(subject);
  });

  it('a key dropped from the ring is named in the error, never answered with null', () => {
    const stored = seal(subject, [newKey('k1')], here);
    expect(() => unseal(stored, [newKey('k2')], here)).toThrow(SealedDataError);
    expect(() => unseal(stored, [newKey('k2')], here)).toThrow(/"k1".*PAYLOAD_KEYS/);
  });

  it('tamper detection: an altered ciphertext, IV or a key under the right id fails authentication', () => {
    const k1 = newKey('k1');
    const stored = seal(subject, [k1], here);
    const ct = Buffer.from(stored.ct, 'base64');
    ct[0] = ct[0]! ^ 0x01;
    expect(() => unseal({ ...stored, ct: ct.toString('base64') }, [k1], here)).toThrow(/failed authentication/);
    const iv = Buffer.from(stored.iv, 'base64');
    iv[0] = iv[0]! ^ 0x01;
    expect(() => unseal({ ...stored, iv: iv.toString('base64') }, [k1], here)).toThrow(/failed authentication/);
    expect(() => unseal(stored, [{ id: 'k1', key: randomBytes(32) }], here)).toThrow(/failed authentication/);
    expect(() => unseal({ ...stored, ct: 'AAAA' }, [k1], here)).toThrow(/truncated/);
  });

  it('finding 10, plain rows refused: a value that is not sealed throws, naming table, column and row; SQL NULL reads as null', () => {
    const k1 = newKey('k1');
    expect(() => unseal(subject, [k1], sealedPlaces.accountSubject('acc_plain'))).toThrow(SealedDataError);
    expect(() => unseal(subject, [k1], sealedPlaces.accountSubject('acc_plain'))).toThrow(/accounts\.subject of row "acc_plain" is not sealed.*npm run reseal/);
    expect(() => unseal({ documents: {}, fields: {} }, [k1], sealedPlaces.reviewMaterials('rev_plain'))).toThrow(/reviews\.materials of row "rev_plain" is not sealed/);
    // A plain object that merely has some envelope-like fields is not mistaken for one, nor let through.
    expect(() => unseal({ v: 2, kid: 'k1', name: '张三' }, [k1], here)).toThrow(/is not sealed/);
    expect(() => unseal('张三', [k1], here)).toThrow(/is not sealed/);
    // The clear value never reaches the message.
    const message = (() => {
      try {
        unseal(subject, [k1], here);
        return 'opened';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/is not sealed/);
    expect(message).not.toContain('张三');
    expect(unseal(null, [k1], here)).toBeNull();
    expect(unseal(undefined, [k1], here)).toBeNull();
  });

  it('seals any JSON value, arrays and strings included', () => {
    const k1 = newKey('k1');
    expect(unseal(seal(['a', 1], [k1], here), [k1], here)).toEqual(['a', 1]);
    expect(unseal(seal('张三', [k1], here), [k1], here)).toBe('张三');
  });
});
