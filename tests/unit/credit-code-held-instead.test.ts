import { creditCodeHeldInstead, enterpriseIdentityKey, validateEnterpriseCode } from '../../domain';

// R-E2 takes a registration number or an organisation code only from a subject
// without a credit code. R-E7 counts an enterprise by its code: a registration
// number is not embedded in the credit code, so entered by a subject that has
// one it would count apart, a second pool of accounts for one enterprise.
describe('R-E2, R-E7: a credit code the registry holds instead of the code entered', () => {
  const creditCode = '91110108MA01C0Q25K';
  const registration = '110108000123459';
  const listing = { found: true as const, registeredName: '北京示例科技有限公司', status: 'active' as const, unifiedCreditCode: creditCode };

  it('the two codes of one enterprise would be two R-E7 pools', () => {
    expect(validateEnterpriseCode(registration)).toMatchObject({ ok: true, kind: 'registration_number' });
    expect(enterpriseIdentityKey({ name: 'x', creditCode: registration })).not.toBe(enterpriseIdentityKey({ name: 'x', creditCode }));
  });

  it('names the credit code when a registration number or an organisation code was entered', () => {
    expect(creditCodeHeldInstead(listing, registration)).toBe(creditCode);
    expect(creditCodeHeldInstead(listing, 'MA01C0Q25')).toBe(creditCode);
  });

  it('is null for the credit code itself, a listing without one, and a subject not found', () => {
    expect(creditCodeHeldInstead(listing, creditCode)).toBeNull();
    expect(creditCodeHeldInstead({ found: true, registeredName: 'x', status: 'active' }, registration)).toBeNull();
    expect(creditCodeHeldInstead({ found: false }, registration)).toBeNull();
  });
});
