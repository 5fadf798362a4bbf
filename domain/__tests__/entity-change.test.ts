import { isReviewedEntity, reviewedEntityProblems } from '../entity-change';

const reviewed = { name: '福州乙有限公司', creditCode: '91350100M000100Y43' };

describe('the new entity of an approved entity change (R-C5.5)', () => {
  it('R-C5.5: the reviewed entity, as entered again, is the reviewed one', () => {
    expect(reviewedEntityProblems(reviewed, { name: '福州乙有限公司', creditCode: '91350100M000100Y43' })).toEqual([]);
    expect(isReviewedEntity(reviewed, reviewed)).toBe(true);
  });

  it('R-C5.5: compares as the rest of the code does: the name trimmed, the code in its one spelling', () => {
    expect(isReviewedEntity(reviewed, { name: ' 福州乙有限公司 ', creditCode: ' 91350100m000100y43' })).toBe(true);
    expect(isReviewedEntity({ name: '丙', creditCode: 'D2143569X' }, { name: '丙', creditCode: 'd2143569-x' })).toBe(true);
  });

  it('R-C5.5: another company (name and code) is refused, naming both fields and R-C5', () => {
    expect(reviewedEntityProblems(reviewed, { name: '福州丙有限公司', creditCode: '92110105MA0000000U' })).toEqual([
      { field: 'name', rule: 'R-C5', message: expect.stringMatching(/review approved/) },
      { field: 'creditCode', rule: 'R-C5', message: expect.stringMatching(/review approved/) },
    ]);
  });

  it('R-C5.5: the reviewed name with another code, or the reviewed code with another name, is refused on that field', () => {
    expect(reviewedEntityProblems(reviewed, { name: reviewed.name, creditCode: '92110105MA0000000U' }).map((p) => p.field)).toEqual(['creditCode']);
    expect(reviewedEntityProblems(reviewed, { name: '福州乙有限责任公司', creditCode: reviewed.creditCode }).map((p) => p.field)).toEqual(['name']);
  });

  it('R-C5.5: a name differing only inside (a space, another bracket) is another name, exactly as on the licence (R-E2)', () => {
    expect(isReviewedEntity({ name: '福州乙（分店）', creditCode: reviewed.creditCode }, { name: '福州乙(分店)', creditCode: reviewed.creditCode })).toBe(false);
    expect(isReviewedEntity(reviewed, { name: '福州乙 有限公司', creditCode: reviewed.creditCode })).toBe(false);
  });

  it('R-C5.5: an individually-owned business is the reviewed one by its registration number', () => {
    const business = { name: '张记小吃店', creditCode: '110108000000016' };
    expect(isReviewedEntity(business, { name: '张记小吃店', creditCode: '110108000000016' })).toBe(true);
    expect(isReviewedEntity(business, { name: '张记小吃店', creditCode: '000000000' })).toBe(false);
  });

  it('R-C5.5: malformed input (a message sent around the API) is never the reviewed entity', () => {
    expect(reviewedEntityProblems(reviewed, undefined).map((p) => p.field)).toEqual(['name', 'creditCode']);
    expect(reviewedEntityProblems(reviewed, { name: 42 as unknown as string, creditCode: null as unknown as string }).map((p) => p.field)).toEqual(['name', 'creditCode']);
    expect(reviewedEntityProblems({ name: '', creditCode: '' }, { name: '', creditCode: '' }).map((p) => p.field)).toEqual(['name', 'creditCode']);
  });
});
