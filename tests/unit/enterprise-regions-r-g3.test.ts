// R-G3: an enterprise of Hong Kong, Macao, Taiwan or abroad is told the region
// is not served (and where the international site is), not given an R-E2
// format error; mainland subjects still pass. Pure: the API's enterprise-code
// check (moved here from the issue-16 review findings, and widened).
import { enterpriseCode } from '../../api/enterprise-start';
import type { FieldProblem } from '../../api/problem';
import { creditCodeCheckCharacter, INTERNATIONAL_SITE_URL, organisationCodeCheckCharacter, registrationNumberCheckDigit } from '../../domain';

const refusal = (enterprise: { creditCode: string; address: string; registrationNumber?: string }) => {
  const errors: FieldProblem[] = [];
  enterpriseCode(enterprise, errors, 'enterprise');
  return errors;
};
const refusedWith = (enterprise: { creditCode: string; address: string; registrationNumber?: string }) => refusal(enterprise).map((error) => error.rule);

const first17 = '91370200MA3C12345';
const mainlandCode = first17 + creditCodeCheckCharacter(first17);

describe('enterprises of other regions, as usually written (R-G3)', () => {
  it('R-G3: a Hong Kong business registration number as written on its certificate (12345678-000) with a Kowloon address is told the region is not served, not given a format error', () => {
    expect(refusedWith({ creditCode: '12345678-000', address: 'Unit 5, 8/F, 1 Nathan Road, Tsim Sha Tsui, Kowloon' })).toEqual(['R-G3']);
  });

  it('R-G3: a Singapore company (UEN, address ending with its postal code) is told the region is not served, not given a format error', () => {
    expect(refusedWith({ creditCode: '201912345K', address: '1 Raffles Place, #20-61, Singapore 048616' })).toEqual(['R-G3']);
  });

  it.each([
    ['a US address with no country', '1600 Amphitheatre Parkway, Mountain View, CA 94043'],
    ['a US address with a ZIP+4', '350 Fifth Avenue, New York, NY 10118-0110'],
    ['a Japanese address', '東京都千代田区丸の内1-1-1'],
    ['a Japanese address with its postal mark', '〒530-0001 大阪府大阪市北区梅田1-1-3'],
    ['a Japanese address of a prefecture', '神奈川県横浜市西区みなとみらい2-2-1'],
    ['a Kowloon address in Chinese', '九龙尖沙咀弥敦道1号'],
    ['a New Territories address', '8 Science Park West Avenue, Sha Tin, New Territories'],
  ])('R-G3: %s is in an unserved region, even with a mainland credit code', (_what, address) => {
    expect(refusal({ creditCode: mainlandCode, address })).toEqual([
      { field: 'enterprise.address', rule: 'R-G3', message: expect.stringContaining(INTERNATIONAL_SITE_URL) },
    ]);
  });

  it.each([
    ['a US EIN', '12-3456789'],
    ['a Scottish company number', 'SC123456'],
    ['a Japanese corporate number (13 digits)', '1234567890123'],
    ['a 17-character mistyped credit code', first17],
    ['a 20-character code', `${mainlandCode}00`],
  ])('R-G3: a code of no mainland form (%s) is told both the international site and what a mainland subject enters', (_what, code) => {
    const errors = refusal({ creditCode: code, address: 'somewhere' });
    expect(errors).toEqual([{ field: 'enterprise.creditCode', rule: 'R-G3', message: expect.stringContaining(INTERNATIONAL_SITE_URL) }]);
    expect(errors[0]!.message).toMatch(/18-character unified social credit code.*15-digit registration number.*9-character organisation code/);
  });

  it('R-G3: mainland inputs still pass: a street named after a region, every mainland code form, the placeholder with its registration number', () => {
    const organisationCode = '12345678' + organisationCodeCheckCharacter('12345678');
    const first14 = '35010260000001';
    const registrationNumber = first14 + registrationNumberCheckDigit(first14);
    for (const address of ['山东省青岛市市南区香港中路10号', '青岛香港中路', '湖北省武汉市江岸区台北路1号', 'No. 1 Zhongguancun Street, Haidian, Beijing 100080', '北京市朝阳区建国路・国贸']) {
      expect({ address, rules: refusedWith({ creditCode: mainlandCode, address }) }).toEqual({ address, rules: [] });
    }
    for (const creditCode of [mainlandCode, organisationCode, `${organisationCode.slice(0, 8)}-${organisationCode.slice(8)}`, registrationNumber, 'D2143569X']) {
      expect({ creditCode, rules: refusedWith({ creditCode, address: '福建省福州市鼓楼区五一北路1号' }) }).toEqual({ creditCode, rules: [] });
    }
    expect(refusedWith({ creditCode: '00000000-0', registrationNumber, address: '福建省福州市鼓楼区' })).toEqual([]);
    // A mistyped mainland code of a mainland length stays an R-E2 format error.
    expect(refusedWith({ creditCode: `${first17}I`, address: '福建省福州市' })).toEqual(['R-E2']);
  });
});
