import { ruleOfField } from '../../api/field-rules';

// A shape error names the rule its field answers to, as the rules' own checks do.
describe('the rule of a request field (api/field-rules.ts)', () => {
  it.each([
    ['applicant.industry', 'R-P1'],
    ['applicant.address', 'R-P1'],
    ['applicant', 'R-P1'],
    ['applicant.birthDate', 'R-P3'],
    ['newIndividual.name', 'R-P1'],
    ['newIndividual.birthDate', 'R-P3'],
    ['enterprise.name', 'R-E2'],
    ['enterprise.contact.mobile', 'R-E2'],
    ['enterprise.enterprise.licenceType', 'R-E2'],
    ['enterprise.method', 'R-E4'],
    ['enterprise.legalPerson.name', 'R-E4'],
    ['enterprise.remittance.bankAccount.accountNumber', 'R-E6'],
    ['preChangeLegalPerson.documentNumber', 'R-C5'],
    ['newEntity.creditCode', 'R-C5'],
    ['newName', 'R-C6'],
    ['legalRepresentative.method', 'R-C7'],
  ])('%s answers to %s', (field, rule) => {
    expect(ruleOfField(field)).toBe(rule);
  });

  it.each(['cursor', 'limit', 'accountId', 'applicantX', 'enterpriseName', '(body)', 'method', 'newNameX', 'materials'])('%s answers to no rule', (field) => {
    expect(ruleOfField(field)).toBeUndefined();
  });
});
