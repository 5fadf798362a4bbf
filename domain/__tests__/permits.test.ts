import { hkMacaoPermitPersonKey, validateHkMacaoPermit, validateTaiwanPermit } from '../permits';

describe('Hong Kong/Macao travel permit (R-P2)', () => {
  it.each(['H12345678', 'M87654321', 'H1234567801'])('R-P2: accepts %s', (number) => {
    expect(validateHkMacaoPermit(number)).toEqual({ ok: true, normalised: number });
  });

  it('R-P2: normalises a lower-case letter and surrounding spaces', () => {
    expect(validateHkMacaoPermit(' h12345678 ')).toEqual({ ok: true, normalised: 'H12345678' });
  });

  it.each(['H1234567', 'H123456789', 'H123456780123', ''])('R-P2: refuses the wrong length (%s)', (number) => {
    expect(validateHkMacaoPermit(number)).toMatchObject({ ok: false, rule: 'R-P2', reason: 'length' });
  });

  it.each(['A12345678', '123456789', 'H1234567X', 'HM1234567', 'H12345678AB'])(
    'R-P2: refuses a number that is not H or M followed by digits (%s)',
    (number) => {
      expect(validateHkMacaoPermit(number)).toMatchObject({ ok: false, rule: 'R-P2', reason: 'characters' });
    },
  );

  it('R-P5: the person is identified by the first 9 characters, so a renewed permit is the same person', () => {
    expect(hkMacaoPermitPersonKey('H1234567801')).toBe('H12345678');
    expect(hkMacaoPermitPersonKey('H1234567802')).toBe(hkMacaoPermitPersonKey('H12345678'));
  });
});

describe('Taiwan travel permit (R-P2)', () => {
  it('R-P2: accepts 8 digits', () => {
    expect(validateTaiwanPermit('01234567')).toEqual({ ok: true, normalised: '01234567' });
  });

  it.each(['1234567', '123456789'])('R-P2: refuses the wrong length (%s)', (number) => {
    expect(validateTaiwanPermit(number)).toMatchObject({ ok: false, rule: 'R-P2', reason: 'length' });
  });

  it('R-P2: refuses letters', () => {
    expect(validateTaiwanPermit('T1234567')).toMatchObject({ ok: false, rule: 'R-P2', reason: 'characters' });
  });
});
