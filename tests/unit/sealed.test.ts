import { randomBytes } from 'node:crypto';
import type { PayloadKey } from '../../codec/key-ring';
import { isSealed, seal, SealedDataError, unseal } from '../../prisma/sealed';

const newKey = (id: string): PayloadKey => ({ id, key: randomBytes(32) });
const subject = { type: 'individual', name: '张三', documentNumber: '11010519491231002X', contact: { mobile: '13800138000' } };

describe('sealed JSON columns (personal data at rest, AES-256-GCM with the payload key ring)', () => {
  it('round trip: the stored envelope names the key and holds no clear value', () => {
    const k1 = newKey('k1');
    const stored = seal(subject, [k1]);
    expect(Object.keys(stored).sort()).toEqual(['ct', 'iv', 'kid', 'v']);
    expect(stored).toMatchObject({ v: 1, kid: 'k1' });
    const text = JSON.stringify(stored);
    for (const clear of ['张三', '11010519491231002X', '13800138000', 'individual']) expect(text).not.toContain(clear);
    expect(isSealed(stored)).toBe(true);
    expect(unseal(stored, [k1])).toEqual(subject);
  });

  it('uses a fresh IV each time: one value never seals to the same ciphertext', () => {
    const k1 = newKey('k1');
    const a = seal(subject, [k1]);
    const b = seal(subject, [k1]);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
  });

  it('key rotation: the newest key seals, an older key still opens what it sealed', () => {
    const k1 = newKey('k1');
    const k2 = newKey('k2');
    const old = seal(subject, [k1]);
    const rotated = [k2, k1];
    expect(seal(subject, rotated).kid).toBe('k2');
    expect(unseal(old, rotated)).toEqual(subject);
  });

  it('a key dropped from the ring is named in the error, never answered with null', () => {
    const stored = seal(subject, [newKey('k1')]);
    expect(() => unseal(stored, [newKey('k2')])).toThrow(SealedDataError);
    expect(() => unseal(stored, [newKey('k2')])).toThrow(/"k1".*PAYLOAD_KEYS/);
  });

  it('tamper detection: an altered ciphertext, IV or a key under the right id fails authentication', () => {
    const k1 = newKey('k1');
    const stored = seal(subject, [k1]);
    const ct = Buffer.from(stored.ct, 'base64');
    ct[0] = ct[0]! ^ 0x01;
    expect(() => unseal({ ...stored, ct: ct.toString('base64') }, [k1])).toThrow(/failed authentication/);
    const iv = Buffer.from(stored.iv, 'base64');
    iv[0] = iv[0]! ^ 0x01;
    expect(() => unseal({ ...stored, iv: iv.toString('base64') }, [k1])).toThrow(/failed authentication/);
    expect(() => unseal(stored, [{ id: 'k1', key: randomBytes(32) }])).toThrow(/failed authentication/);
    expect(() => unseal({ ...stored, ct: 'AAAA' }, [k1])).toThrow(/truncated/);
  });

  it('legacy rows written before sealing (plain JSON) read as they are; SQL NULL reads as null', () => {
    const k1 = newKey('k1');
    expect(unseal(subject, [k1])).toEqual(subject);
    expect(unseal({ documents: {}, fields: {} }, [k1])).toEqual({ documents: {}, fields: {} });
    // A plain object that merely has some envelope-like fields is not mistaken for one.
    expect(unseal({ v: 1, kid: 'k1', name: '张三' }, [k1])).toEqual({ v: 1, kid: 'k1', name: '张三' });
    expect(unseal(null, [k1])).toBeNull();
    expect(unseal(undefined, [k1])).toBeNull();
  });

  it('seals any JSON value, arrays and strings included', () => {
    const k1 = newKey('k1');
    expect(unseal(seal(['a', 1], [k1]), [k1])).toEqual(['a', 1]);
    expect(unseal(seal('张三', [k1]), [k1])).toBe('张三');
  });
});
