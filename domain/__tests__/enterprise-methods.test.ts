import { ENTERPRISE_METHODS as WORKFLOW_METHODS } from '../../workflows/enterprise/messages';
import { creditCodeCheckCharacter } from '../credit-code';
import { ENTERPRISE_METHODS, enterpriseMethodProblems, needsLegalPerson } from '../enterprise-methods';

// An individually-owned business (92), its check character computed (see credit-code.test.ts).
const INDIVIDUAL_BUSINESS = `92350100MA0000001${creditCodeCheckCharacter('92350100MA0000001')}`;
const legalPerson = { name: '陈法人', documentNumber: '350102197003011171' };

describe('enterprise methods (R-E4, R-E6.1)', () => {
  it('R-E4: the five methods are the ones the workflows run', () => {
    expect(ENTERPRISE_METHODS).toEqual(WORKFLOW_METHODS);
  });

  it('R-E4: legal person WeChat QR is refused for a code not starting with 91 or 92, naming the method', () => {
    expect(enterpriseMethodProblems('12100000400000624D', { method: 'legal_person_wechat', legalPerson })).toEqual([
      { field: 'method', rule: 'R-E4', message: expect.stringMatching(/91 or 92/) },
    ]);
    expect(enterpriseMethodProblems(INDIVIDUAL_BUSINESS, { method: 'legal_person_wechat', legalPerson })).toEqual([]);
    expect(enterpriseMethodProblems('91350100M000100Y43', { method: 'legal_person_wechat', legalPerson })).toEqual([]);
  });

  it('R-E4: with the code unknown, the 91/92 rule is left to the workflow', () => {
    expect(enterpriseMethodProblems(null, { method: 'legal_person_wechat', legalPerson })).toEqual([]);
  });

  it('R-E4: legal person face recognition is open to any code', () => {
    expect(enterpriseMethodProblems('12100000400000624D', { method: 'legal_person_face', legalPerson })).toEqual([]);
  });

  it.each(['legal_person_wechat', 'legal_person_face'] as const)('R-E4: %s needs the legal person', (method) => {
    expect(needsLegalPerson(method)).toBe(true);
    expect(enterpriseMethodProblems('91350100M000100Y43', { method })).toEqual([{ field: 'legalPerson', rule: 'R-E4', message: expect.stringMatching(/legal person/) }]);
  });

  it('R-E4: a wrong code and a missing legal person are both reported', () => {
    expect(enterpriseMethodProblems('12100000400000624D', { method: 'legal_person_wechat' }).map((p) => p.field)).toEqual(['method', 'legalPerson']);
  });

  it('R-E6.1: a remittance needs its details', () => {
    expect(enterpriseMethodProblems('91350100M000100Y43', { method: 'remittance' })).toEqual([{ field: 'remittance', rule: 'R-E6', message: expect.stringMatching(/bank account/) }]);
    expect(enterpriseMethodProblems('91350100M000100Y43', { method: 'remittance', remittance: {} })).toEqual([]);
  });

  it.each(['wechat_official_account', 'recharge'] as const)('R-E4, R-E5: %s needs nothing more, for any code', (method) => {
    expect(needsLegalPerson(method)).toBe(false);
    expect(enterpriseMethodProblems('12100000400000624D', { method })).toEqual([]);
  });
});
