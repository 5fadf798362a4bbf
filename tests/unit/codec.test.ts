import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { EncryptionCodec, PayloadDecryptionError, UnsealedPayloadError } from '../../codec/encryption-codec';
import { isUnsealed } from '../../codec/unsealed-payload';
import { loadPayloadKeys, parsePayloadKeys, type PayloadKey } from '../../codec/key-ring';
import { loadConfig } from '../../config';
import { productionEnv } from '../support/production-env';

const newKey = (id: string): PayloadKey => ({ id, key: randomBytes(32) });
const ring = (...keys: PayloadKey[]) => keys.map(({ id, key }) => `${id}:${key.toString('base64')}`).join(',');
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

const applicant = { name: '张三', documentNumber: '11010519491231002X' };
const plain = (): Payload => defaultPayloadConverter.toPayload(applicant);

describe('payload encryption codec (AES-256-GCM)', () => {
  it('round trip: the encoded payload is ciphertext tagged with the key id, and decodes to the original', async () => {
    const k1 = newKey('k1');
    const codec = new EncryptionCodec([k1]);
    const [encoded] = await codec.encode([plain()]);
    expect(text(encoded!.metadata!.encoding)).toBe('binary/encrypted');
    expect(text(encoded!.metadata!['encryption-key-id'])).toBe('k1');
    // Neither the value nor its original encoding (json/plain) is readable.
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('11010519491231002X');
    expect(Buffer.from(encoded!.data!).toString('latin1')).not.toContain('json/plain');
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(applicant);
    expect(text(decoded!.metadata!.encoding)).toBe('json/plain');
  });

  it('uses a fresh IV per payload: the same value never encrypts to the same bytes', async () => {
    const codec = new EncryptionCodec([newKey('k1')]);
    const [a, b] = await codec.encode([plain(), plain()]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('key rotation: new payloads use the newest key, payloads of an older key still decode', async () => {
    const k1 = newKey('k1');
    const k2 = newKey('k2');
    const [old] = await new EncryptionCodec([k1]).encode([plain()]);
    const rotated = new EncryptionCodec([k2, k1]);
    const [fresh] = await rotated.encode([plain()]);
    expect(text(fresh!.metadata!['encryption-key-id'])).toBe('k2');
    const [oldDecoded, freshDecoded] = await rotated.decode([old!, fresh!]);
    expect(defaultPayloadConverter.fromPayload(oldDecoded!)).toEqual(applicant);
    expect(defaultPayloadConverter.fromPayload(freshDecoded!)).toEqual(applicant);
  });

  it('fails clearly for a key id the ring does not hold', async () => {
    const [encoded] = await new EncryptionCodec([newKey('k0')]).encode([plain()]);
    const codec = new EncryptionCodec([newKey('k2'), newKey('k1')]);
    await expect(codec.decode([encoded!])).rejects.toThrow(PayloadDecryptionError);
    await expect(codec.decode([encoded!])).rejects.toThrow(/key "k0".*not in the key ring/);
  });

  it('refuses tampered ciphertext, a forged tag and a payload under a swapped key id', async () => {
    const k1 = newKey('k1');
    const k2 = newKey('k2');
    const codec = new EncryptionCodec([k2, k1]);
    const [encoded] = await codec.encode([plain()]);
    const flip = (index: number) => {
      const data = Buffer.from(encoded!.data!);
      data[index] = data[index]! ^ 0x01;
      return { ...encoded!, data };
    };
    await expect(codec.decode([flip(20)])).rejects.toThrow(/failed authentication/);
    await expect(codec.decode([flip(encoded!.data!.length - 1)])).rejects.toThrow(/failed authentication/);
    const swapped = { ...encoded!, metadata: { ...encoded!.metadata, 'encryption-key-id': Buffer.from('k1') } };
    await expect(codec.decode([swapped])).rejects.toThrow(/failed authentication/);
    await expect(codec.decode([{ ...encoded!, data: Buffer.alloc(10) }])).rejects.toThrow(/truncated/);
  });

  it('passes plain payloads through only where asked to (replay of histories recorded before encryption, the codec server)', async () => {
    const codec = new EncryptionCodec([newKey('k1')], 'accept');
    const payload = plain();
    const [decoded] = await codec.decode([payload]);
    expect(decoded).toBe(payload);
  });

  it('security finding 2: a client refuses a plain payload, and the worker hands on the unsealed mark instead of its content', async () => {
    const key = newKey('k1');
    await expect(new EncryptionCodec([key]).decode([plain()])).rejects.toThrow(UnsealedPayloadError);
    const [marked] = await new EncryptionCodec([key], 'mark').decode([plain()]);
    const value = defaultPayloadConverter.fromPayload(marked!);
    expect(isUnsealed(value)).toBe(true);
    expect(JSON.stringify(value)).not.toContain(applicant.name);
    // What the codec sealed itself still opens in every mode.
    const [sealed] = await new EncryptionCodec([key]).encode([plain()]);
    const [opened] = await new EncryptionCodec([key], 'mark').decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(applicant);
  });
});

describe('payloads bound to their workflow (security finding 2: no replay of one history\'s payloads into another)', () => {
  const key = newKey('k1');
  const forA = { type: 'workflow' as const, namespace: 'default', workflowId: 'account-process-acc_a' };
  const forB = { type: 'workflow' as const, namespace: 'default', workflowId: 'account-process-acc_b' };

  it('a payload sealed for one workflow opens for it and for the codec server, and is refused by any other', async () => {
    const [sealed] = await new EncryptionCodec([key]).encode([plain()], forA);
    expect(text(sealed!.metadata!['encryption-bound-to'])).toBe(forA.workflowId);
    expect(defaultPayloadConverter.fromPayload((await new EncryptionCodec([key], 'mark').decode([sealed!], forA))[0]!)).toEqual(applicant);
    // An activity of workflow A carries A's id in its context too.
    const activityOfA = { type: 'activity' as const, namespace: 'default', workflowId: forA.workflowId, isLocal: true };
    expect(defaultPayloadConverter.fromPayload((await new EncryptionCodec([key], 'mark').decode([sealed!], activityOfA))[0]!)).toEqual(applicant);
    expect(defaultPayloadConverter.fromPayload((await new EncryptionCodec([key], 'accept').decode([sealed!]))[0]!)).toEqual(applicant);

    const [copied] = await new EncryptionCodec([key], 'mark').decode([sealed!], forB);
    expect(isUnsealed(defaultPayloadConverter.fromPayload(copied!))).toBe(true);
    await expect(new EncryptionCodec([key]).decode([sealed!], forB)).rejects.toThrow(UnsealedPayloadError);
  });

  it('renaming the binding breaks the seal; in the worker a payload that will not open is marked, not a stuck task', async () => {
    const [sealed] = await new EncryptionCodec([key]).encode([plain()], forA);
    const renamed = { ...sealed!, metadata: { ...sealed!.metadata, 'encryption-bound-to': Buffer.from(forB.workflowId) } };
    await expect(new EncryptionCodec([key], 'accept').decode([renamed])).rejects.toThrow(/failed authentication/);
    const worker = new EncryptionCodec([key], 'mark');
    for (const forged of [renamed, { ...sealed!, data: Buffer.alloc(10) }, { metadata: { encoding: Buffer.from('binary/encrypted') }, data: Buffer.alloc(40) }]) {
      const [marked] = await worker.decode([forged], forB);
      expect(isUnsealed(defaultPayloadConverter.fromPayload(marked!))).toBe(true);
    }
    // A made-up key id, too: marked in the worker (a client still says which key is missing).
    const [underUnknownKey] = await new EncryptionCodec([newKey('nope')]).encode([plain()], forB);
    expect(isUnsealed(defaultPayloadConverter.fromPayload((await worker.decode([underUnknownKey!], forB))[0]!))).toBe(true);
    await expect(new EncryptionCodec([key]).decode([underUnknownKey!], forB)).rejects.toThrow(/not in the key ring/);
  });

  it('a payload sealed before the binding names no workflow and still opens, so processes running since then replay', async () => {
    const [unbound] = await new EncryptionCodec([key]).encode([plain()]);
    expect(unbound!.metadata!['encryption-bound-to']).toBeUndefined();
    expect(defaultPayloadConverter.fromPayload((await new EncryptionCodec([key], 'mark').decode([unbound!], forB))[0]!)).toEqual(applicant);
  });
});

describe('payload key ring from PAYLOAD_KEYS', () => {
  it('reads keys newest first', () => {
    const k2 = newKey('k2');
    const k1 = newKey('k1');
    const keys = parsePayloadKeys(ring(k2, k1));
    expect(keys.map((key) => key.id)).toEqual(['k2', 'k1']);
    expect(keys[0]!.key.equals(k2.key)).toBe(true);
  });

  it('refuses malformed entries without echoing key material', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => parsePayloadKeys(`k1:${short}`)).toThrow(/exactly 32 bytes/);
    expect(() => parsePayloadKeys(`k1:${short}`)).not.toThrow(short);
    expect(() => parsePayloadKeys(randomBytes(32).toString('base64'))).toThrow(/"<id>:<base64 key>"/);
    expect(() => parsePayloadKeys(`${ring(newKey('k1'))},${ring(newKey('k1'))}`)).toThrow(/appears twice/);
    expect(() => parsePayloadKeys(' , ')).toThrow(/names no key/);
  });

  it('defaults to the sandbox key in sandbox mode and requires PAYLOAD_KEYS outside it', () => {
    expect(loadConfig({}).payloadKeys.map((key) => key.id)).toEqual(['sandbox']);
    const { PAYLOAD_KEYS: _unset, ...production } = productionEnv();
    expect(() => loadConfig(production)).toThrow(/PAYLOAD_KEYS must be set outside sandbox mode/);
    const sandboxRing = `sandbox:${loadConfig({}).payloadKeys[0]!.key.toString('base64')}`;
    expect(() => loadConfig({ ...production, PAYLOAD_KEYS: sandboxRing })).toThrow(/sandbox key/);
    const k1 = newKey('k1');
    expect(loadConfig({ ...production, PAYLOAD_KEYS: ring(k1) }).payloadKeys[0]!.key.equals(k1.key)).toBe(true);
    expect(loadPayloadKeys('', true)[0]!.id).toBe('sandbox');
  });
});
