import { mainlandIdCheckCharacter, validateMainlandId } from '../mainland-id';

const TODAY = '2026-11-24';

// Check characters below were computed independently of the code under test
// (GB 11643 MOD 11-2 by hand/script); 11010519491231002X is the standard's
// widely published example.
describe('mainland ID number (R-P2)', () => {
  it.each([
    ['11010519491231002X', '1949-12-31'],
    ['440304200802291234', '2008-02-29'],
    ['310115199003071239', '1990-03-07'],
    ['110105199001010010', '1990-01-01'],
  ])('R-P2: accepts the valid number %s and reads its birth date', (number, birthDate) => {
    expect(validateMainlandId(number, TODAY)).toEqual({ ok: true, normalised: number, birthDate });
  });

  it.each([
    '330106198506150070',
    '330106198506150011',
    '330106198506150062',
    '330106198506150003',
    '330106198506150054',
    '330106198506150185',
    '330106198506150046',
    '330106198506150097',
    '330106198506150038',
    '330106198506150089',
    '33010619850615002X',
  ])('R-P2: accepts %s (one valid number for each of the 11 check characters)', (number) => {
    expect(validateMainlandId(number, TODAY)).toMatchObject({ ok: true, birthDate: '1985-06-15' });
  });

  it('R-P2: accepts a lower-case x check character and normalises it to X', () => {
    expect(validateMainlandId(' 11010519491231002x ', TODAY)).toEqual({
      ok: true,
      normalised: '11010519491231002X',
      birthDate: '1949-12-31',
    });
  });

  it('computes the MOD 11-2 check character, including X for 10', () => {
    expect(mainlandIdCheckCharacter('11010519491231002')).toBe('X');
    expect(mainlandIdCheckCharacter('31011519900307123')).toBe('9');
    expect(mainlandIdCheckCharacter('11010519900101001')).toBe('0');
  });

  it.each(['11010519491231002', '11010519491231002X1', '', '110105491231002'])(
    'R-P2: refuses a number that is not 18 characters long (%s)',
    (number) => {
      expect(validateMainlandId(number, TODAY)).toMatchObject({ ok: false, rule: 'R-P2', reason: 'length' });
    },
  );

  it.each(['1101051949123100XX', '11010519491231002Y', 'A1010519491231002X', '110105-949123100 X'])(
    'R-P2: refuses a number with characters other than 17 digits and a digit or X (%s)',
    (number) => {
      expect(validateMainlandId(number, TODAY)).toMatchObject({ ok: false, rule: 'R-P2', reason: 'characters' });
    },
  );

  it('R-P2: refuses a wrong check character', () => {
    const result = validateMainlandId('110105194912310021', TODAY);
    expect(result).toMatchObject({ ok: false, rule: 'R-P2', reason: 'check_character' });
  });

  it('R-P2: refuses a single mistyped digit (the check character catches it)', () => {
    expect(validateMainlandId('11010519491231003X', TODAY)).toMatchObject({ ok: false, reason: 'check_character' });
  });

  it('R-P2: refuses an impossible birth date, Feb 30 (check character correct)', () => {
    expect(validateMainlandId('110105200002300015', TODAY)).toMatchObject({
      ok: false,
      rule: 'R-P2',
      reason: 'birth_date',
    });
  });

  it('R-P2: refuses Feb 29 in a common year (check character correct)', () => {
    expect(validateMainlandId('110105202302290014', TODAY)).toMatchObject({ ok: false, reason: 'birth_date' });
  });

  it('R-P2: refuses a birth date after today (check character correct)', () => {
    expect(validateMainlandId('11010520300101001X', TODAY)).toMatchObject({ ok: false, reason: 'birth_date' });
  });

  it('R-P2: accepts a birth date of today as far as R-P2 goes (age is R-P3)', () => {
    const number = `11010520261124001${mainlandIdCheckCharacter('11010520261124001')}`;
    expect(validateMainlandId(number, TODAY)).toMatchObject({ ok: true, birthDate: '2026-11-24' });
    expect(validateMainlandId(number, '2026-11-23')).toMatchObject({ ok: false, reason: 'birth_date' });
  });

  it('gives a human-readable message with every refusal', () => {
    const result = validateMainlandId('123', TODAY);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/18 characters/);
  });
});
