import { allowedMethods, individualMethodProblem, isMethodAllowed, recommendedMethod } from '../individual-methods';

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
    'R-P6: recommends WeChat QR for %s, always an allowed method',
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
