import { cooldownRefusal, directionRefusal, nameChangeIsAutomatic } from '../change-rules';

const DAY = 24 * 3600_000;
const verifiedAt = Date.parse('2026-10-01T08:00:00Z');

describe('change rules', () => {
  it('R-C1: a change is refused until exactly 30 days after the last verification or change, and allowed from that instant', () => {
    const lifts = verifiedAt + 30 * DAY;
    expect(cooldownRefusal('enterprise_name', verifiedAt, lifts - 1, 30)).toEqual({ rule: 'R-C1', allowedFrom: lifts });
    expect(cooldownRefusal('enterprise_name', verifiedAt, lifts, 30)).toBeNull();
    expect(cooldownRefusal('individual_to_individual', verifiedAt, verifiedAt + DAY, 30)).toMatchObject({ rule: 'R-C1' });
  });

  it('R-C1: individual to enterprise may start at any time; the cooldown is configurable', () => {
    expect(cooldownRefusal('individual_to_enterprise', verifiedAt, verifiedAt + 1, 30)).toBeNull();
    expect(cooldownRefusal('legal_representative', verifiedAt, verifiedAt + 8 * DAY, 7)).toBeNull();
    expect(cooldownRefusal('legal_representative', null, verifiedAt, 30)).toBeNull();
  });

  it('R-C2: an enterprise account can never become individual; individual changes are for individual accounts', () => {
    expect(directionRefusal('individual_to_individual', 'enterprise', '91350100M000100Y43')).toMatchObject({ rule: 'R-C2', reason: expect.stringMatching(/never become individual/) });
    expect(directionRefusal('individual_to_enterprise', 'enterprise', null)).toMatchObject({ rule: 'R-C2' });
    expect(directionRefusal('enterprise_name', 'individual', null)).toMatchObject({ rule: 'R-C2' });
    expect(directionRefusal('individual_to_enterprise', 'individual', null)).toBeNull();
    expect(directionRefusal('enterprise_entity', 'enterprise', '12100000400000624D')).toBeNull();
  });

  it('R-C7: a legal representative update needs an 18-character code starting with 91 or 92', () => {
    expect(directionRefusal('legal_representative', 'enterprise', '91350100M000100Y43')).toBeNull();
    expect(directionRefusal('legal_representative', 'enterprise', '12100000400000624D')).toMatchObject({ rule: 'R-C7' });
    expect(directionRefusal('legal_representative', 'enterprise', null)).toMatchObject({ rule: 'R-C7' });
  });

  it('R-C6: the name changes automatically only for a complete subject with a 91/92 code', () => {
    expect(nameChangeIsAutomatic({ name: '福州示例有限公司', creditCode: '91350100M000100Y43' })).toBe(true);
    expect(nameChangeIsAutomatic({ name: '福州示例事业单位', creditCode: '12100000400000624D' })).toBe(false);
    expect(nameChangeIsAutomatic({ name: '', creditCode: '91350100M000100Y43' })).toBe(false);
    expect(nameChangeIsAutomatic({ name: '福州示例有限公司', creditCode: null })).toBe(false);
  });
});
