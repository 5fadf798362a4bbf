import { allowedMethods, individualMethodProblem, isMethodAllowed, processMethodAdvice, recommendedMethod, setbackOfFailure, setbacksOfSteps, type MethodSetback } from '../individual-methods';

describe('individual verification methods (R-P4, R-P6)', () => {
  it('R-P6: a mainland ID card may use WeChat QR, QQ QR and face recognition', () => {
    expect(allowedMethods('mainland_id')).toEqual(['wechat_qr', 'qq_qr', 'face']);
  });

  it.each(['hk_macao_permit', 'taiwan_permit'] as const)('R-P6: a %s holder can only use WeChat QR', (documentType) => {
    expect(allowedMethods(documentType)).toEqual(['wechat_qr']);
    expect(isMethodAllowed(documentType, 'qq_qr')).toBe(false);
    expect(isMethodAllowed(documentType, 'face')).toBe(false);
  });

  it.each(['mainland_id', 'hk_macao_permit', 'taiwan_permit'] as const)(
    'R-P6: with nothing gone wrong, recommends WeChat QR for %s, always an allowed method',
    (documentType) => {
      expect(recommendedMethod(documentType)).toBe('wechat_qr');
      expect(isMethodAllowed(documentType, recommendedMethod(documentType))).toBe(true);
    },
  );

  it('R-P6: a permit holder choosing QQ is told which methods the document allows, naming the field and rule', () => {
    expect(individualMethodProblem('taiwan_permit', 'qq_qr')).toEqual({ field: 'method', rule: 'R-P6', message: 'this document allows only: wechat_qr' });
    expect(individualMethodProblem('hk_macao_permit', 'wechat_qr')).toBeNull();
    expect(individualMethodProblem('mainland_id', 'face')).toBeNull();
  });
});

describe('the method recommended from the account\'s situation (R-P6)', () => {
  const faceFailed: MethodSetback = { method: 'face', kind: 'face_failed' };
  const wechatMismatch: MethodSetback = { method: 'wechat_qr', kind: 'identity_mismatch' };

  it('R-P6: after failed face checks a mainland ID holder is recommended WeChat QR, not face again', () => {
    expect(recommendedMethod('mainland_id', [faceFailed, faceFailed])).toBe('wechat_qr');
  });

  it("R-P6: after WeChat's real-name record did not match, face recognition (no wallet's record needed)", () => {
    expect(recommendedMethod('mainland_id', [wechatMismatch])).toBe('face');
  });

  it('R-P6: after a WeChat mismatch and used-up face tries, QQ QR', () => {
    expect(recommendedMethod('mainland_id', [wechatMismatch, { method: 'face', kind: 'face_attempts_exhausted' }])).toBe('qq_qr');
  });

  it('R-P6: after a WeChat mismatch and a failed face check, the method nothing went wrong with: QQ QR', () => {
    expect(recommendedMethod('mainland_id', [wechatMismatch, faceFailed])).toBe('qq_qr');
  });

  it('R-P6: a failed face check weighs less than a real-name mismatch, which will fail the same way again', () => {
    const qqMismatch: MethodSetback = { method: 'qq_qr', kind: 'identity_mismatch' };
    expect(recommendedMethod('mainland_id', [wechatMismatch, qqMismatch, faceFailed, faceFailed])).toBe('face');
    // Past that, WeChat QR first on a tie.
    expect(recommendedMethod('mainland_id', [wechatMismatch, qqMismatch, faceFailed, faceFailed, faceFailed, faceFailed])).toBe('wechat_qr');
  });

  it.each(['hk_macao_permit', 'taiwan_permit'] as const)('R-P6: a %s holder is recommended WeChat QR whatever went wrong: it is the one method allowed', (documentType) => {
    expect(recommendedMethod(documentType, [wechatMismatch, wechatMismatch, { method: 'wechat_qr', kind: 'authorization_rejected' }])).toBe('wechat_qr');
  });

  it('R-P6: the recommendation is always one of the allowed methods', () => {
    const everything: MethodSetback[] = [wechatMismatch, faceFailed, { method: 'qq_qr', kind: 'identity_mismatch' }, { method: 'qq_qr', kind: 'bank_card_not_linked' }];
    for (const documentType of ['mainland_id', 'hk_macao_permit', 'taiwan_permit'] as const) {
      expect(isMethodAllowed(documentType, recommendedMethod(documentType, everything))).toBe(true);
    }
  });

  it('R-P6: an ended verification speaks against its method only for a mismatch or used-up face tries', () => {
    expect(setbackOfFailure('wechat_qr', 'identity_mismatch')).toEqual(wechatMismatch);
    expect(setbackOfFailure('qq_qr', 'identity_mismatch')).toEqual({ method: 'qq_qr', kind: 'identity_mismatch' });
    expect(setbackOfFailure('face', 'face_attempts_exhausted')).toEqual({ method: 'face', kind: 'face_attempts_exhausted' });
    expect(setbackOfFailure('wechat_qr', 'abandoned')).toBeNull();
    expect(setbackOfFailure('wechat_qr', 'identity_limit_reached')).toBeNull();
    expect(setbackOfFailure('recharge', 'identity_mismatch')).toBeNull();
    expect(setbackOfFailure(null, 'identity_mismatch')).toBeNull();
  });

  it("R-P6: a process's steps: failed face checks, a declined WeChat authorisation, a passed QQ bank-card deadline", () => {
    expect(
      setbacksOfSteps([
        { step: 'awaiting_scan', detail: { provider: 'face' } },
        { step: 'face_failed', detail: { reason: 'face_covered', faceTriesLeft: 4 } },
        { step: 'awaiting_scan', detail: { authorizationRejected: true } },
        { step: 'awaiting_scan', detail: { ticketExpired: true, bankCardDeadlinePassed: true } },
        { step: 'awaiting_scan', detail: null },
      ]),
    ).toEqual([
      { method: 'face', kind: 'face_failed' },
      { method: 'wechat_qr', kind: 'authorization_rejected' },
      { method: 'qq_qr', kind: 'bank_card_not_linked' },
    ]);
  });

  it('R-P6: a process view recommends from its document and its own steps, and once failed from how it ended', () => {
    const open = { method: 'wechat_qr', failureReason: null };
    const declined = [{ step: 'awaiting_scan', detail: { authorizationRejected: true } }];
    expect(processMethodAdvice('mainland_id', open, [])).toEqual({ allowedMethods: ['wechat_qr', 'qq_qr', 'face'], recommendedMethod: 'wechat_qr' });
    expect(processMethodAdvice('mainland_id', open, declined)?.recommendedMethod).toBe('face');
    expect(processMethodAdvice('mainland_id', { method: 'wechat_qr', failureReason: 'identity_mismatch' }, [])?.recommendedMethod).toBe('face');
    expect(processMethodAdvice('mainland_id', { method: 'face', failureReason: null }, [{ step: 'face_failed', detail: {} }, ...declined])?.recommendedMethod).toBe('qq_qr');
    expect(processMethodAdvice('taiwan_permit', open, declined)).toEqual({ allowedMethods: ['wechat_qr'], recommendedMethod: 'wechat_qr' });
    // Processes opened before the row kept the document, and unknown values: no advice rather than a guess.
    expect(processMethodAdvice(null, open, declined)).toBeNull();
    expect(processMethodAdvice('passport', open, [])).toBeNull();
  });
});
