import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { PayloadKey } from './key-ring';
import { UNSEALED_PAYLOAD_MARK } from './unsealed-payload';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
/**
 * The workflow a payload was sealed for, in clear (an id, no personal data) and
 * bound into the ciphertext as associated data: a payload copied from one
 * history into another workflow's signal, update or activity result fails to
 * open there.
 */
export const BOUND_TO_METADATA = 'encryption-bound-to';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = new TextEncoder();
const text = new TextDecoder();

/** A payload this codec cannot turn back into the original: the message says which key or why. */
export class PayloadDecryptionError extends Error {
  override name = 'PayloadDecryptionError';
  constructor(
    message: string,
    /** The key id names a key the ring does not hold: a configuration to fix, not a forgery. */
    readonly missingKey = false,
  ) {
    super(message);
  }
}

/**
 * What decoding does with a payload that is not encrypted:
 * - `refuse`: throws (clients: a plain answer cannot come from our workers);
 * - `mark`: hands on the unsealed-payload mark instead of its content, so the
 *   workflow can drop it without failing its task (the worker: Temporal is a
 *   trust boundary, and a plain signal came around the API);
 * - `accept`: passes it through as it is (the codec server shows histories as
 *   they are; the replay test reads histories recorded before encryption).
 */
export type PlainPayloads = 'refuse' | 'mark' | 'accept';

const UNSEALED_MARK_PAYLOAD: Payload = {
  metadata: { encoding: utf8.encode('json/plain') },
  data: utf8.encode(JSON.stringify({ [UNSEALED_PAYLOAD_MARK]: true })),
};

/** A payload that came unencrypted where the codec refuses them. */
export class UnsealedPayloadError extends Error {
  override name = 'UnsealedPayloadError';
}

/**
 * AES-256-GCM over the whole serialized Payload, so its metadata (the original
 * encoding, which names the type of data) is hidden too. The newest key
 * encrypts; any key of the ring decrypts, found by the id in the metadata.
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly newest: PayloadKey;
  private readonly byId: ReadonlyMap<string, PayloadKey>;

  constructor(
    keys: readonly PayloadKey[],
    private readonly plain: PlainPayloads = 'refuse',
  ) {
    if (keys.length === 0) throw new Error('the payload key ring is empty');
    this.newest = keys[0]!;
    this.byId = new Map(keys.map((key) => [key.id, key]));
  }

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload, boundWorkflow(context)));
  }

  /**
   * With a context (the worker, and a client talking to a workflow), a payload
   * bound to another workflow is refused like a plain one: every payload the
   * API and the worker seal now names its workflow. Without a context (the
   * codec server, the replay test) each opens under the binding it names.
   */
  async decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const expected = this.plain === 'accept' ? undefined : boundWorkflow(context);
    return payloads.map((payload) => {
      if (!isEncrypted(payload)) return this.unencrypted(payload);
      const bound = boundTo(payload);
      // Payloads sealed before the binding name no workflow: processes running since then must
      // replay, so they open as before (until their histories pass retention).
      if (expected !== undefined && bound !== undefined && bound !== expected) {
        return this.refused(`a payload sealed for workflow ${bound} was sent to ${expected}`);
      }
      try {
        return this.decrypt(payload);
      } catch (error) {
        // In the worker, anything that will not open, an unknown key id included, is refused as
        // a mark: a forged payload must not fail the workflow task on every retry. A key dropped
        // from the ring too early still shows: replays that need it stop on nondeterminism.
        if (this.plain !== 'mark') throw error;
        return UNSEALED_MARK_PAYLOAD;
      }
    });
  }

  private refused(why: string): Payload {
    if (this.plain === 'mark') return UNSEALED_MARK_PAYLOAD;
    throw new UnsealedPayloadError(why);
  }

  private unencrypted(payload: Payload): Payload {
    if (this.plain === 'accept') return payload;
    if (this.plain === 'mark') return UNSEALED_MARK_PAYLOAD;
    throw new UnsealedPayloadError('an unencrypted payload was refused: only holders of PAYLOAD_KEYS write to Temporal');
  }

  private encrypt(payload: Payload, workflowId: string | undefined): Payload {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.newest.key, iv);
    if (workflowId !== undefined) cipher.setAAD(bindingAad(workflowId));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        encoding: utf8.encode(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: utf8.encode(this.newest.id),
        ...(workflowId !== undefined ? { [BOUND_TO_METADATA]: utf8.encode(workflowId) } : {}),
      },
      data: sealed,
    };
  }

  private decrypt(payload: Payload): Payload {
    const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
    if (!keyIdBytes) throw new PayloadDecryptionError(`an encrypted payload carries no ${KEY_ID_METADATA}`);
    const keyId = text.decode(keyIdBytes);
    const key = this.byId.get(keyId);
    if (!key) {
      throw new PayloadDecryptionError(`payload was encrypted with key "${keyId}", which is not in the key ring: add it back to PAYLOAD_KEYS`, true);
    }
    const sealed = payload.data ?? new Uint8Array();
    if (sealed.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError(`encrypted payload (key "${keyId}") is truncated`);
    const decipher = createDecipheriv('aes-256-gcm', key.key, sealed.subarray(0, IV_BYTES));
    const bound = boundTo(payload);
    if (bound !== undefined) decipher.setAAD(bindingAad(bound));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(`encrypted payload (key "${keyId}") failed authentication: it was altered or the key is wrong`);
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}

/** The workflow whose history the payload belongs to: the target of a client call, the workflow of an activity. */
function boundWorkflow(context: SerializationContext | undefined): string | undefined {
  return context?.workflowId || undefined;
}

function boundTo(payload: Payload): string | undefined {
  const bytes = payload.metadata?.[BOUND_TO_METADATA];
  return bytes ? text.decode(bytes) : undefined;
}

const bindingAad = (workflowId: string) => utf8.encode(`realname/temporal-payload/bound-to/${workflowId}`);

export function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.encoding;
  return encoding !== undefined && encoding !== null && text.decode(encoding) === ENCRYPTED_ENCODING;
}
