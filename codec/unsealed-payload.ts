/**
 * What the worker's codec hands on in place of a payload that reached it
 * unencrypted. Only a holder of the payload keys (the API and the worker) can
 * seal a payload, so a plain one was written by someone who went around them:
 * a signal sent with the Temporal CLI, an activity completed by hand. The
 * workflow interceptor (workflows/unsealed-input.ts) drops or refuses it.
 *
 * No imports: workflow code reads this too.
 */
export const UNSEALED_PAYLOAD_MARK = 'unsealedPayloadRefused';

export type UnsealedPayload = { readonly [UNSEALED_PAYLOAD_MARK]: true };

export function isUnsealed(value: unknown): value is UnsealedPayload {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[UNSEALED_PAYLOAD_MARK] === true;
}

export function anyUnsealed(values: readonly unknown[]): boolean {
  return values.some(isUnsealed);
}
