import { maskMobile, normaliseMobile } from '../mobile';

describe('mainland mobile number (R-E2)', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+86-13812345678', '13812345678'],
    ['008613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['19912345678', '19912345678'],
  ])('R-E2: normalises %s to %s', (input, normalised) => {
    expect(normaliseMobile(input)).toEqual({ ok: true, normalised });
  });

  it.each([
    ['too short', '1381234567'],
    ['too long', '138123456789'],
    ['not a mobile range (12x)', '12812345678'],
    ['a landline', '01012345678'],
    ['letters', '1381234567a'],
    ['another country code', '+85212345678'],
    ['empty', ''],
  ])('R-E2: refuses %s', (_label, input) => {
    expect(normaliseMobile(input)).toMatchObject({ ok: false, rule: 'R-E2' });
  });

  it('masks the middle four digits', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskMobile('+86 138 1234 5678')).toBe('138****5678');
  });

  it('masks a value that is not a mobile number entirely', () => {
    expect(maskMobile('12345')).toBe('*****');
  });
});
