import {
  creditCodeCheckCharacter,
  isIndustrialCommercial,
  organisationCodeCheckCharacter,
  validateCreditCode,
  validateEnterpriseCode,
} from '../credit-code';

// Valid codes below were computed independently of the code under test;
// 91350100M000100Y43 is a commonly cited valid example.
describe('unified social credit code, GB 32100 (R-E2)', () => {
  it.each(['91350100M000100Y43', '92110105MA0000000U', '52100000500021676N', 'Y1310115MA1K3L0Q0X'])(
    'R-E2: accepts the valid code %s',
    (code) => {
      expect(validateCreditCode(code)).toMatchObject({ ok: true, normalised: code });
    },
  );

  it('R-E2: maps a check value of 31 to the character 0', () => {
    expect(creditCodeCheckCharacter('91110100000000004')).toBe('0');
    expect(validateCreditCode('911101000000000040').ok).toBe(true);
  });

  it('R-E2: splits the code into authority, category, region, subject and check', () => {
    const result = validateCreditCode('91350100M000100Y43');
    expect(result.ok && result.parts).toEqual({
      registrationAuthority: '9',
      organisationCategory: '1',
      regionCode: '350100',
      subjectCode: 'M000100Y4',
      checkCharacter: '3',
    });
  });

  it('R-E2: normalises lower case and surrounding spaces', () => {
    expect(validateCreditCode(' 91350100m000100y43 ')).toMatchObject({ ok: true, normalised: '91350100M000100Y43' });
  });

  it('R-E2: refuses a wrong check character', () => {
    expect(validateCreditCode('91350100M000100Y44')).toMatchObject({ ok: false, rule: 'R-E2', reason: 'check_character' });
  });

  it('R-E2: refuses two swapped characters', () => {
    expect(validateCreditCode('91350100M000010Y43')).toMatchObject({ ok: false, reason: 'check_character' });
  });

  it.each(['I', 'O', 'Z', 'S', 'V', '-'])('R-E2: refuses the character %s, which is outside the charset', (character) => {
    const code = `91350100${character}000100Y43`;
    expect(validateCreditCode(code)).toMatchObject({ ok: false, rule: 'R-E2', reason: 'characters' });
  });

  it('R-E2: refuses the wrong length', () => {
    expect(validateCreditCode('91350100M000100Y4')).toMatchObject({ ok: false, rule: 'R-E2', reason: 'length' });
  });
});

describe('industrial-and-commercial subjects (R-E4, R-C7)', () => {
  it('R-E4: an enterprise (91) or individually-owned business (92) code qualifies', () => {
    expect(isIndustrialCommercial('91350100M000100Y43')).toBe(true);
    expect(isIndustrialCommercial('92110105MA0000000U')).toBe(true);
  });

  it('R-E4: a social organisation (52) or other (Y1) code does not', () => {
    expect(isIndustrialCommercial('52100000500021676N')).toBe(false);
    expect(isIndustrialCommercial('Y1310115MA1K3L0Q0X')).toBe(false);
  });

  it('R-C7: only a valid 18-character code qualifies', () => {
    expect(isIndustrialCommercial('91350100M000100Y44')).toBe(false);
    expect(isIndustrialCommercial('910000000000001')).toBe(false);
  });
});

describe('enterprise code alternatives (R-E2)', () => {
  it('R-E2: tells a credit code apart', () => {
    expect(validateEnterpriseCode('91350100M000100Y43')).toEqual({
      ok: true,
      kind: 'credit_code',
      normalised: '91350100M000100Y43',
    });
  });

  it('R-E2: passes on the credit code problem for an 18-character code', () => {
    expect(validateEnterpriseCode('91350100M000100Y44')).toMatchObject({ ok: false, reason: 'check_character' });
  });

  it('R-E2: accepts a 15-digit registration number, digits only', () => {
    expect(validateEnterpriseCode('110108012345678')).toEqual({
      ok: true,
      kind: 'registration_number',
      normalised: '110108012345678',
    });
    expect(validateEnterpriseCode('11010801234567A')).toMatchObject({ ok: false, rule: 'R-E2', reason: 'characters' });
  });

  it('R-E2: accepts an organisation code with or without the hyphen and stores it without', () => {
    expect(validateEnterpriseCode('D2143569-X')).toEqual({ ok: true, kind: 'organisation_code', normalised: 'D2143569X' });
    expect(validateEnterpriseCode('d2143569x')).toEqual({ ok: true, kind: 'organisation_code', normalised: 'D2143569X' });
    expect(validateEnterpriseCode('M000100Y-4')).toMatchObject({ ok: true, normalised: 'M000100Y4' });
  });

  it('R-E2: computes the GB 11714 check, with 10 written X and 11 written 0', () => {
    expect(organisationCodeCheckCharacter('12345678')).toBe('8');
    expect(organisationCodeCheckCharacter('D2143569')).toBe('X');
    expect(organisationCodeCheckCharacter('00000000')).toBe('0');
    expect(organisationCodeCheckCharacter('10000004')).toBe('0');
  });

  it('R-E2: refuses an organisation code with a wrong check character', () => {
    expect(validateEnterpriseCode('D2143569-1')).toMatchObject({ ok: false, rule: 'R-E2', reason: 'check_character' });
  });

  it('R-E2: refuses an organisation code with characters outside the format', () => {
    expect(validateEnterpriseCode('D214356*-X')).toMatchObject({ ok: false, reason: 'characters' });
    expect(validateEnterpriseCode('D2143569-Y')).toMatchObject({ ok: false, reason: 'characters' });
  });

  it('R-E2: refuses any other length, naming the three accepted kinds', () => {
    const result = validateEnterpriseCode('1234567890');
    expect(result).toMatchObject({ ok: false, rule: 'R-E2', reason: 'length' });
    if (!result.ok) expect(result.message).toMatch(/credit code.*registration number.*organisation code/);
  });
});
