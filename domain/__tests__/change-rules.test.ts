import { CHANGE_MATERIALS } from '../change-materials';
import {
  CHANGE_KINDS,
  CHANGE_PARTS,
  changeNeeds,
  changeNeedsReview,
  changeStartRefusal,
  changeVerifiesEnterprise,
  cooldownRefusal,
  directionRefusal,
  isChangeKind,
  nameChangeIsAutomatic,
} from '../change-rules';

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

  it('R-C2 before R-C1: a change that can never apply is refused as such, not told to wait', () => {
    const justVerified = { status: 'enterprise', lastCompletedAt: verifiedAt, creditCode: '91350100M000100Y43' };
    expect(changeStartRefusal('individual_to_individual', justVerified, verifiedAt + DAY, 30)).toMatchObject({ rule: 'R-C2' });
    expect(changeStartRefusal('enterprise_name', justVerified, verifiedAt + DAY, 30)).toEqual({ rule: 'R-C1', allowedFrom: verifiedAt + 30 * DAY });
    expect(changeStartRefusal('enterprise_name', justVerified, verifiedAt + 30 * DAY, 30)).toBeNull();
  });

  it('R-C7 before R-C1: a legal representative update without a 91/92 code is refused for the code', () => {
    const account = { status: 'enterprise', lastCompletedAt: verifiedAt, creditCode: '12100000400000624D' };
    expect(changeStartRefusal('legal_representative', account, verifiedAt + DAY, 30)).toMatchObject({ rule: 'R-C7' });
  });

  it('R-C1: individual to enterprise starts right after the verification', () => {
    expect(changeStartRefusal('individual_to_enterprise', { status: 'individual', lastCompletedAt: verifiedAt, creditCode: null }, verifiedAt + 1, 30)).toBeNull();
  });

  it('R-C4, R-C5.2, R-C6, R-C7: each kind names what it changes to', () => {
    expect(changeNeeds('individual_to_enterprise', 'enterprise')).toBe(true);
    expect(changeNeeds('individual_to_individual', 'newIndividual')).toBe(true);
    expect(CHANGE_PARTS.enterprise_entity).toEqual(['newEntity', 'preChangeLegalPerson']);
    expect(changeNeeds('enterprise_name', 'newName')).toBe(true);
    expect(changeNeeds('legal_representative', 'legalRepresentative')).toBe(true);
  });

  it('R-C5.5: an entity change names its new enterprise and method only after the review', () => {
    expect(changeNeeds('enterprise_entity', 'enterprise')).toBe(false);
  });

  it('R-C5.4: an entity change is always reviewed, whatever the subject', () => {
    expect(changeNeedsReview('enterprise_entity', { name: '福州示例有限公司', creditCode: '91350100M000100Y43' })).toBe(true);
  });

  it('R-C6: a name change is reviewed unless the subject is complete with a 91/92 code', () => {
    expect(changeNeedsReview('enterprise_name', { name: '福州示例有限公司', creditCode: '91350100M000100Y43' })).toBe(false);
    expect(changeNeedsReview('enterprise_name', { name: '福州示例事业单位', creditCode: '12100000400000624D' })).toBe(true);
    expect(changeNeedsReview('enterprise_name', {})).toBe(true);
  });

  it('R-C4, R-C7: the changes the people confirm themselves have no review', () => {
    for (const kind of ['individual_to_enterprise', 'individual_to_individual', 'legal_representative'] as const) expect(changeNeedsReview(kind, {})).toBe(false);
  });

  it('R-C5.3, R-C6: the kinds that can be reviewed are the kinds that take materials', () => {
    const reviewable = CHANGE_KINDS.filter((kind) => changeNeedsReview(kind, {}));
    expect(reviewable.sort()).toEqual(Object.keys(CHANGE_MATERIALS).sort());
  });

  it('R-C4, R-C5.5: to enterprise and the entity change end in an enterprise verification; the others do not', () => {
    expect(CHANGE_KINDS.filter(changeVerifiesEnterprise)).toEqual(['individual_to_enterprise', 'enterprise_entity']);
  });

  it('knows the change kinds and nothing else', () => {
    expect(isChangeKind('enterprise_name')).toBe(true);
    expect(isChangeKind('recharge')).toBe(false);
    expect(isChangeKind(null)).toBe(false);
  });
});
