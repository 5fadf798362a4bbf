import { signalHasItsShape } from '../../workflows/signal-shapes';

// What reaches a process's signal handlers (workflows/signal-shapes.ts): a signal of another shape is dropped
// rather than failing the workflow task on every retry.
describe('the shapes signals must have to reach their handlers', () => {
  const scanned = { provider: 'wechat', eventId: 'e1', ticket: 't1', type: 'scanned' };
  const authorized = { ...scanned, type: 'authorized', realName: { name: '张三', documentNumber: '11010519491231002X' } };

  it('R-P7: a provider report carries the time the API received it as whole epoch milliseconds, or none (reports from before the stamp)', () => {
    expect(signalHasItsShape('providerEvent', [scanned])).toBe(true);
    expect(signalHasItsShape('providerEvent', [{ ...scanned, receivedAt: 1_796_000_000_000 }])).toBe(true);
    for (const receivedAt of ['1796000000000', 1.5, Number.NaN, null]) {
      expect(signalHasItsShape('providerEvent', [{ ...scanned, receivedAt }])).toBe(false);
    }
  });

  it("R-P4: an authorisation's real name within the bounds the webhook takes reaches the process; beyond them it is dropped", () => {
    expect(signalHasItsShape('providerEvent', [authorized])).toBe(true);
    expect(signalHasItsShape('providerEvent', [{ ...authorized, realName: { name: '张'.repeat(100), documentNumber: '1'.repeat(32) } }])).toBe(true);
    expect(signalHasItsShape('providerEvent', [{ ...authorized, realName: { name: '张'.repeat(201), documentNumber: '1' } }])).toBe(false);
    expect(signalHasItsShape('providerEvent', [{ ...authorized, realName: { name: '张三' } }])).toBe(false);
  });
});

describe('changeRevoked shape (R-C3)', () => {
  it('R-C3: a change passes on a revocation naming its process and the request; an empty or other signal of that name is dropped', () => {
    expect(signalHasItsShape('changeRevoked', [{ processId: 'prc_1', request: 'revoke_change' }])).toBe(true);
    expect(signalHasItsShape('changeRevoked', [])).toBe(false);
    expect(signalHasItsShape('changeRevoked', [{ processId: 'prc_1', request: 'withdraw_review' }])).toBe(false);
    expect(signalHasItsShape('changeRevoked', [{ request: 'revoke_change' }])).toBe(false);
  });
});
