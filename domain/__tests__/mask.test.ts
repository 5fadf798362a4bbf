import { maskDocumentNumber, maskMobile, maskName } from '../mask';

describe('masking personal data', () => {
  it('keeps the first character of a name', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });

  it('counts a character outside the BMP as one character', () => {
    expect(maskName('𠀀三')).toBe('𠀀*');
  });

  it('masks a one-character name entirely', () => {
    expect(maskName('张')).toBe('*');
  });

  it('keeps the first 6 and last 4 of an 18-character ID number', () => {
    expect(maskDocumentNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('keeps the first and last 2 of a permit number', () => {
    expect(maskDocumentNumber('H12345678')).toBe('H******78');
    expect(maskDocumentNumber('H1234567801')).toBe('H********01');
    expect(maskDocumentNumber('01234567')).toBe('0*****67');
  });

  it('masks a number too short to hide anything entirely', () => {
    expect(maskDocumentNumber('12345')).toBe('*****');
  });

  it('re-exports the mobile masker', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
  });
});
