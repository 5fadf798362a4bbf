// R-E7: one enterprise, one identity, whichever of its R-E2 codes it enters.
// Pure: domain/credit-code.ts (moved here from the issue-16 review findings).
import {
  creditCodeCheckCharacter,
  embeddedOrganisationCode,
  enterpriseIdentityKey,
  formerEnterpriseIdentityKeys,
  organisationCodeCheckCharacter,
  validateEnterpriseIdentifier,
} from '../../domain';

const organisationCode = '12345678' + organisationCodeCheckCharacter('12345678');
const first17 = `91350100${organisationCode}`;
const creditCode = first17 + creditCodeCheckCharacter(first17);
const hyphenated = `${organisationCode.slice(0, 8)}-${organisationCode.slice(8)}`;

describe('who an enterprise is (R-E7)', () => {
  it('R-E7: an enterprise with a credit code counts as one enterprise whether it enters the code or the organisation code inside it', () => {
    // Both are accepted as R-E2 codes of the same subject (GB 32100: positions 9-17 are its organisation code).
    expect(validateEnterpriseIdentifier({ creditCode }).ok).toBe(true);
    expect(validateEnterpriseIdentifier({ creditCode: hyphenated }).ok).toBe(true);
    expect(enterpriseIdentityKey({ name: '福州某某有限公司', creditCode: hyphenated })).toBe(enterpriseIdentityKey({ name: '福州某某有限公司', creditCode }));
    // The key an account verified with the organisation code alone was stored under: unchanged.
    expect(enterpriseIdentityKey({ name: '福州某某有限公司', creditCode })).toBe(`enterprise:code:${organisationCode}`);
  });

  it('R-E7: a credit code whose positions 9-17 are no organisation code (wrong check character, the placeholder) counts by the whole code', () => {
    const wrongCheck = `${organisationCode.slice(0, 8)}${(Number(organisationCode.charAt(8)) + 1) % 10}`;
    const other17 = `91350100${wrongCheck}`;
    const other = other17 + creditCodeCheckCharacter(other17);
    expect(embeddedOrganisationCode(other)).toBeNull();
    expect(enterpriseIdentityKey({ name: '甲', creditCode: other })).toBe(`enterprise:code:${other}`);
    const placeholder17 = '92350100000000000';
    const placeholder = placeholder17 + creditCodeCheckCharacter(placeholder17);
    expect(embeddedOrganisationCode(placeholder)).toBeNull();
    expect(enterpriseIdentityKey({ name: '乙', creditCode: placeholder })).toBe(`enterprise:code:${placeholder}`);
  });

  it('R-E7: accounts verified before keep counting: the whole credit code is a former key of the enterprise, and only then', () => {
    expect(formerEnterpriseIdentityKeys({ name: '福州某某有限公司', creditCode: ` ${creditCode.toLowerCase()} ` })).toEqual([`enterprise:code:${creditCode}`]);
    expect(formerEnterpriseIdentityKeys({ name: '福州某某有限公司', creditCode: hyphenated })).toEqual([]);
    expect(formerEnterpriseIdentityKeys({ name: '张记', creditCode: '00000000-0' })).toEqual([]);
    expect(formerEnterpriseIdentityKeys({ name: '张记', creditCode: '110108000000016' })).toEqual([]);
  });
});
