import { enterpriseRegionProblem, INTERNATIONAL_SITE_URL } from '../region';

const mainland = { creditCode: '91350100M000100Y43', address: '福建省福州市鼓楼区五一北路1号' };

describe('enterprises of other regions (R-G3)', () => {
  it('R-G3: a mainland enterprise is served', () => {
    expect(enterpriseRegionProblem(mainland)).toBeNull();
    expect(enterpriseRegionProblem({ ...mainland, region: 'mainland' })).toBeNull();
  });

  it('R-G3: a mainland street named after a region is not taken for the region', () => {
    expect(enterpriseRegionProblem({ ...mainland, address: '山东省青岛市市南区香港中路10号' })).toBeNull();
    expect(enterpriseRegionProblem({ ...mainland, address: '湖北省武汉市江岸区台北路1号' })).toBeNull();
    expect(enterpriseRegionProblem({ ...mainland, address: 'No. 1 Zhongguancun Street, Haidian, Beijing' })).toBeNull();
  });

  it.each([
    ['hong_kong', 'Hong Kong'],
    ['macao', 'Macao'],
    ['taiwan', 'Taiwan'],
    ['overseas', 'outside China'],
  ] as const)('R-G3: the stated region %s is not served, pointing to the international site', (region, named) => {
    const problem = enterpriseRegionProblem({ ...mainland, region });
    expect(problem).toEqual({ field: 'region', rule: 'R-G3', region, message: expect.stringContaining('Only the Chinese mainland region is served') });
    expect(problem!.message).toContain(named);
    expect(problem!.message).toContain(INTERNATIONAL_SITE_URL);
  });

  it('R-G3: a Hong Kong CR number with a Hong Kong address is refused for the region, not for its format', () => {
    const problem = enterpriseRegionProblem({ creditCode: '12345678', address: '香港九龍尖沙咀彌敦道100號' });
    expect(problem).toMatchObject({ field: 'creditCode', rule: 'R-G3', region: 'hong_kong' });
    expect(problem!.message).toMatch(/Hong Kong.*international site/);
    // It also tells a mainland subject who mistyped what to enter.
    expect(problem!.message).toMatch(/18-character unified social credit code/);
  });

  it.each([
    ['1234567', 'hong_kong'],
    ['12345678-000-08-20-1', 'hong_kong'],
    ['12345 (SO)', 'macao'],
    ['12345678', null],
  ] as const)('R-G3: the code %s has the form of another region\'s registration number', (creditCode, region) => {
    expect(enterpriseRegionProblem({ creditCode, address: '某地' })).toMatchObject({ field: 'creditCode', rule: 'R-G3', region });
  });

  it.each([
    ['香港中環皇后大道中1號', 'hong_kong'],
    ['中国香港特别行政区湾仔港湾道1号', 'hong_kong'],
    ['澳门新口岸宋玉生广场', 'macao'],
    ['台湾省台北市信义区', 'taiwan'],
    ['臺灣臺北市中正區', 'taiwan'],
    ['1 Queen\'s Road Central, Central, Hong Kong', 'hong_kong'],
    ['Avenida da Praia Grande, Macau SAR', 'macao'],
    ['No. 7, Section 5, Xinyi Road, Taipei, Taiwan', 'taiwan'],
    ['美国加利福尼亚州旧金山市', 'overseas'],
    ['1 Infinite Loop, Cupertino, CA, USA', 'overseas'],
    ['10 Anson Road, Singapore', 'overseas'],
  ] as const)('R-G3: the address %s is in an unserved region (%s)', (address, region) => {
    expect(enterpriseRegionProblem({ creditCode: '91350100M000100Y43', address })).toMatchObject({ field: 'address', rule: 'R-G3', region });
  });
});
