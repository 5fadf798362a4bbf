import {
  creditCodeCheckCharacter,
  enterpriseIdentityKey,
  isIndustrialCommercial,
  isPlaceholderOrganisationCode,
  iso7064Mod1110CheckDigit,
  normaliseEnterpriseCode,
  organisationCodeCheckCharacter,
  registrationNumberCheckDigit,
  validateCreditCode,
  validateEnterpriseCode,
  validateEnterpriseIdentifier,
  validateRegistrationNumber,
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

  it('R-E2: accepts a 15-digit registration number with its GS15-2006 check digit, digits only', () => {
    expect(validateEnterpriseCode('110108000000016')).toEqual({
      ok: true,
      kind: 'registration_number',
      normalised: '110108000000016',
    });
    expect(validateEnterpriseCode('110108012345678')).toMatchObject({ ok: false, rule: 'R-E2', reason: 'check_character' });
    expect(validateEnterpriseCode('11010801234567A')).toMatchObject({ ok: false, rule: 'R-E2', reason: 'characters' });
  });

  it('R-E2: refuses the placeholder organisation code 00000000-0 on its own: it identifies nobody', () => {
    for (const placeholder of ['00000000-0', '000000000', ' 00000000-0 ']) {
      const result = validateEnterpriseCode(placeholder);
      expect(result).toMatchObject({ ok: false, rule: 'R-E2', reason: 'placeholder' });
      if (!result.ok) expect(result.message).toMatch(/individually-owned business.*registration number/);
    }
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

// 110108000000016 is the commonly cited valid example; 794623 and 002006673085
// are ISO 7064 MOD 11,10 examples computed independently (python-stdnum's).
describe('business registration number, GS15-2006 (R-E2)', () => {
  it('R-E2: the ISO 7064 MOD 11,10 check digit of independent examples', () => {
    expect(iso7064Mod1110CheckDigit('79462')).toBe('3');
    expect(iso7064Mod1110CheckDigit('00200667308')).toBe('5');
    expect(registrationNumberCheckDigit('11010800000001')).toBe('6');
  });

  it('R-E2: every check digit 0..9 occurs, and each is the one digit that validates', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 200; n++) {
      const first14 = `3501026${String(n * 7919).padStart(7, '0')}`;
      const check = registrationNumberCheckDigit(first14);
      seen.add(check);
      for (let digit = 0; digit <= 9; digit++) {
        expect(validateRegistrationNumber(`${first14}${digit}`).ok).toBe(String(digit) === check);
      }
    }
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('R-E2: catches a single wrong digit and two swapped neighbours', () => {
    expect(validateRegistrationNumber('110108000000017')).toMatchObject({ ok: false, reason: 'check_character' });
    expect(validateRegistrationNumber('101108000000016')).toMatchObject({ ok: false, reason: 'check_character' });
  });

  it('R-E2: refuses another length or a letter, and trims', () => {
    expect(validateRegistrationNumber('11010800000001')).toMatchObject({ ok: false, reason: 'length' });
    expect(validateRegistrationNumber('11010800000001X')).toMatchObject({ ok: false, reason: 'characters' });
    expect(validateRegistrationNumber(' 110108000000016 ')).toEqual({ ok: true, normalised: '110108000000016' });
  });
});

describe('an individually-owned business without a credit code (R-E2, R-E7)', () => {
  it('R-E2: the placeholder organisation code with a valid registration number is identified by the registration number', () => {
    expect(validateEnterpriseIdentifier({ creditCode: '00000000-0', registrationNumber: '110108000000016' })).toEqual({
      ok: true,
      kind: 'individually_owned_business',
      normalised: '110108000000016',
    });
  });

  it('R-E2: the registration number beside the placeholder must be valid, and is named as the field at fault', () => {
    expect(validateEnterpriseIdentifier({ creditCode: '00000000-0', registrationNumber: '110108000000017' })).toMatchObject({
      ok: false,
      problems: [{ field: 'registrationNumber', rule: 'R-E2', reason: 'check_character' }],
    });
  });

  it('R-E2: the placeholder without a registration number is refused on creditCode', () => {
    expect(validateEnterpriseIdentifier({ creditCode: '00000000-0' })).toMatchObject({
      ok: false,
      problems: [{ field: 'creditCode', reason: 'placeholder' }],
    });
  });

  it('R-E2: a registration number beside a real code is refused, so no subject carries two identities', () => {
    expect(validateEnterpriseIdentifier({ creditCode: '91350100M000100Y43', registrationNumber: '110108000000016' })).toMatchObject({
      ok: false,
      problems: [{ field: 'registrationNumber', reason: 'not_with_this_code' }],
    });
  });

  it('R-E2: without a registration number any other code is checked as before', () => {
    expect(validateEnterpriseIdentifier({ creditCode: ' 91350100m000100y43 ' })).toEqual({ ok: true, kind: 'credit_code', normalised: '91350100M000100Y43' });
    expect(validateEnterpriseIdentifier({ creditCode: 'D2143569-X', registrationNumber: '  ' })).toEqual({ ok: true, kind: 'organisation_code', normalised: 'D2143569X' });
  });

  it('R-E2: knows the placeholder in either spelling', () => {
    expect(isPlaceholderOrganisationCode('00000000-0')).toBe(true);
    expect(isPlaceholderOrganisationCode('000000000')).toBe(true);
    expect(isPlaceholderOrganisationCode('D2143569X')).toBe(false);
    expect(normaliseEnterpriseCode(' d2143569-x ')).toBe('D2143569X');
  });
});

describe('who an enterprise is, for R-E7', () => {
  it('R-E7: counted by its code, normalised as the validators store it (a credit code by the organisation code in it)', () => {
    expect(enterpriseIdentityKey({ name: '甲公司', creditCode: ' 91350100m000100y43' })).toBe('enterprise:code:M000100Y4');
    expect(enterpriseIdentityKey({ name: '甲公司', creditCode: 'D2143569-X' })).toBe(enterpriseIdentityKey({ name: '乙公司', creditCode: 'D2143569X' }));
  });

  it('R-E7: an individually-owned business is counted by its registration number, two such businesses apart', () => {
    const first = enterpriseIdentityKey({ name: '张记小吃店', creditCode: '110108000000016' });
    expect(first).toBe('enterprise:code:110108000000016');
    const other = `11010800000002${registrationNumberCheckDigit('11010800000002')}`;
    expect(enterpriseIdentityKey({ name: '李记五金店', creditCode: other })).toBe(`enterprise:code:${other}`);
  });

  it('R-E7: the placeholder identifies nobody: a subject stored with it counts by its name, not in one pool with all others', () => {
    expect(enterpriseIdentityKey({ name: ' 张记小吃店 ', creditCode: '000000000' })).toBe('enterprise:name:张记小吃店');
    expect(enterpriseIdentityKey({ name: '李记五金店', creditCode: '00000000-0' })).toBe('enterprise:name:李记五金店');
    expect(enterpriseIdentityKey({ name: '王记', creditCode: '' })).toBe('enterprise:name:王记');
  });
});
