// R-G3, every field that can carry another region: an individually-owned
// business's registration number beside the placeholder, a Taiwan address in
// Chinese that starts with its city or county (as mainland ones start with
// their province or city), a Hong Kong or Macao address that starts with its
// district, a Latin address written in full-width letters or ending
// "Taiwan (R.O.C.)". Each is told the region is not served (the international
// site), never an R-E2 format error or nothing at all. Pure: the API's
// enterprise-code check (api/enterprise-start.ts).
import { enterpriseCode } from '../../api/enterprise-start';
import type { FieldProblem } from '../../api/problem';
import { creditCodeCheckCharacter, INTERNATIONAL_SITE_URL, registrationNumberCheckDigit } from '../../domain';

const refusal = (enterprise: { creditCode: string; address: string; registrationNumber?: string }) => {
  const errors: FieldProblem[] = [];
  enterpriseCode(enterprise, errors, 'enterprise');
  return errors;
};

const first17 = '91350100M000100Y4';
const mainlandCode = first17 + creditCodeCheckCharacter(first17);
const first14 = '35010260000001';
const mainlandRegistrationNumber = first14 + registrationNumberCheckDigit(first14);

describe('enterprises of other regions, in every field that carries them (R-G3)', () => {
  it.each([
    ['a Hong Kong business registration number as written', '12345678-000'],
    ['a Hong Kong company registration number', '1234567'],
    ['a Macao commercial registration number', '12345 SO'],
  ])('R-G3: %s given as the registration number beside the placeholder is told the region is not served, not given a format error', (_what, registrationNumber) => {
    expect(refusal({ creditCode: '00000000-0', registrationNumber, address: 'somewhere' })).toEqual([
      { field: 'enterprise.registrationNumber', rule: 'R-G3', message: expect.stringContaining(INTERNATIONAL_SITE_URL) },
    ]);
  });

  it.each([
    ['a Taipei address in traditional characters', '臺北市信義區信義路五段7號'],
    ['a Taipei address in simplified characters', '台北市信义区信义路五段7号'],
    ['a Kaohsiung address', '高雄市前镇区成功二路1号'],
    ['a Taiwan county address', '新竹縣竹北市光明六路1號'],
    ['a Hong Kong address starting with its district', '中環皇后大道中99號'],
    ['a Hong Kong address in simplified characters starting with its district', '铜锣湾轩尼诗道500号'],
    ['a Macao address starting with Taipa', '氹仔海洋花園大馬路1號'],
    ['a Taiwan address ending "(R.O.C.)"', 'No. 7, Sec. 5, Xinyi Rd., Xinyi Dist., Taipei City 110, Taiwan (R.O.C.)'],
    ['a Hong Kong address in full-width letters', '1 Queen\u2019s Road Central, Ｈｏｎｇ Ｋｏｎｇ'],
  ])('R-G3: %s is in an unserved region, even with a mainland credit code', (_what, address) => {
    expect(refusal({ creditCode: mainlandCode, address })).toEqual([
      { field: 'enterprise.address', rule: 'R-G3', message: expect.stringContaining(INTERNATIONAL_SITE_URL) },
    ]);
  });

  it('R-G3: mainland places that share a name or a character with those regions are still served', () => {
    for (const address of [
      '福建省福州市连江县凤城镇1号',
      '连江县凤城镇1号',
      '广东省梅州市大埔县湖寮镇1号',
      '大埔县湖寮镇1号',
      '浙江省台州市椒江区1号',
      '台州市椒江区中山路1号',
      '湖北省武汉市江岸区台北路1号',
      '台北路1号',
      '青岛市市北区台东一路1号',
      '山东省青岛市市南区香港中路10号',
      '广东省东莞市沙田镇1号',
    ]) {
      expect({ address, errors: refusal({ creditCode: mainlandCode, address }) }).toEqual({ address, errors: [] });
    }
    expect(refusal({ creditCode: '00000000-0', registrationNumber: mainlandRegistrationNumber, address: '福建省福州市鼓楼区' })).toEqual([]);
    // A mistyped mainland registration number stays an R-E2 format error.
    expect(refusal({ creditCode: '00000000-0', registrationNumber: mainlandRegistrationNumber.slice(0, 14), address: '福建省福州市' }).map((e) => e.rule)).toEqual(['R-E2']);
  });
});
