import { identityKey, isDocumentType, validateIndividualIdentity } from '../identity-document';

// 2026-11-24 10:00 China time.
const NOW = Date.parse('2026-11-24T02:00:00Z');

describe('individual identity document (R-P1, R-P2, R-P3, R-G3)', () => {
  it('R-P2/R-P3: accepts an adult mainland ID and takes the birth date from the number', () => {
    const result = validateIndividualIdentity(
      { documentType: 'mainland_id', documentNumber: '11010519491231002x' },
      NOW,
    );
    expect(result).toEqual({
      ok: true,
      problems: [],
      documentType: 'mainland_id',
      normalisedNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      identityKey: 'mainland_id:11010519491231002X',
    });
  });

  it('R-P1: the document type is taken whatever its case or spaces, as the number is', () => {
    for (const documentType of ['MAINLAND_ID', ' Mainland_Id ']) {
      expect(validateIndividualIdentity({ documentType, documentNumber: '11010519491231002x' }, NOW)).toMatchObject({ ok: true, documentType: 'mainland_id' });
    }
    expect(validateIndividualIdentity({ documentType: 'HK_MACAO_PERMIT', documentNumber: 'H12345678', birthDate: '1990-01-01' }, NOW)).toMatchObject({ ok: true, documentType: 'hk_macao_permit' });
  });

  it('R-P2: reports a bad mainland ID number against documentNumber', () => {
    const result = validateIndividualIdentity({ documentType: 'mainland_id', documentNumber: '110105194912310021' }, NOW);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ field: 'documentNumber', rule: 'R-P2', message: expect.any(String) }]);
  });

  it('R-P3: a mainland ID whose 18th birthday is today is accepted', () => {
    const result = validateIndividualIdentity({ documentType: 'mainland_id', documentNumber: '110105200811240016' }, NOW);
    expect(result).toMatchObject({ ok: true, birthDate: '2008-11-24' });
  });

  it('R-P3: a mainland ID holder who turns 18 tomorrow is refused, pointing at the number', () => {
    const result = validateIndividualIdentity({ documentType: 'mainland_id', documentNumber: '110105200811250011' }, NOW);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ field: 'documentNumber', rule: 'R-P3', message: expect.stringMatching(/18/) }]);
  });

  it('R-P3: a stated birth date that differs from the mainland ID is a problem', () => {
    const result = validateIndividualIdentity(
      { documentType: 'mainland_id', documentNumber: '11010519491231002X', birthDate: '1949-12-30' },
      NOW,
    );
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ field: 'birthDate', rule: 'R-P3', message: expect.any(String) }]);
  });

  it('R-P3: a stated birth date equal to the mainland ID one is fine', () => {
    const result = validateIndividualIdentity(
      { documentType: 'mainland_id', documentNumber: '11010519491231002X', birthDate: '1949-12-31' },
      NOW,
    );
    expect(result.ok).toBe(true);
  });

  it('R-P3: a permit holder who turns 18 today is accepted', () => {
    const result = validateIndividualIdentity(
      { documentType: 'hk_macao_permit', documentNumber: 'H1234567801', birthDate: '2008-11-24' },
      NOW,
    );
    expect(result).toMatchObject({
      ok: true,
      normalisedNumber: 'H1234567801',
      birthDate: '2008-11-24',
      identityKey: 'hk_macao_permit:H12345678',
    });
  });

  it('R-P3: a permit holder who turns 18 tomorrow is refused', () => {
    const result = validateIndividualIdentity(
      { documentType: 'taiwan_permit', documentNumber: '01234567', birthDate: '2008-11-25' },
      NOW,
    );
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ field: 'birthDate', rule: 'R-P3', message: expect.stringMatching(/18/) }]);
  });

  it('R-P3: the day of verification is the China day: 16:30 UTC on the eve of the 18th birthday is already the birthday', () => {
    const input = { documentType: 'taiwan_permit', documentNumber: '01234567', birthDate: '2008-11-24' };
    expect(validateIndividualIdentity(input, Date.parse('2026-11-23T16:30:00Z')).ok).toBe(true);
    expect(validateIndividualIdentity(input, Date.parse('2026-11-23T15:30:00Z')).ok).toBe(false);
  });

  it('R-P3: a permit holder must state a birth date', () => {
    const result = validateIndividualIdentity({ documentType: 'taiwan_permit', documentNumber: '01234567' }, NOW);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ field: 'birthDate', rule: 'R-P3', message: expect.any(String) }]);
  });

  it('R-P3: a stated birth date must be a real date and not in the future', () => {
    const impossible = validateIndividualIdentity(
      { documentType: 'taiwan_permit', documentNumber: '01234567', birthDate: '2001-02-29' },
      NOW,
    );
    expect(impossible.problems).toEqual([{ field: 'birthDate', rule: 'R-P3', message: expect.any(String) }]);
    const future = validateIndividualIdentity(
      { documentType: 'taiwan_permit', documentNumber: '01234567', birthDate: '2026-11-25' },
      NOW,
    );
    expect(future.problems).toEqual([{ field: 'birthDate', rule: 'R-P3', message: expect.stringMatching(/future/) }]);
  });

  it('R-P2/R-P3: reports a bad permit number and a missing birth date together', () => {
    const result = validateIndividualIdentity({ documentType: 'hk_macao_permit', documentNumber: 'X1234' }, NOW);
    expect(result.problems.map((problem) => [problem.field, problem.rule])).toEqual([
      ['documentNumber', 'R-P2'],
      ['birthDate', 'R-P3'],
    ]);
  });

  it.each(['passport', 'overseas', 'hk_id_card'])(
    'R-G3: refuses the unserved document type %s, saying only the mainland region is served',
    (documentType) => {
      const result = validateIndividualIdentity({ documentType, documentNumber: 'E12345678' }, NOW);
      expect(result.ok).toBe(false);
      expect(result.problems).toEqual([
        {
          field: 'documentType',
          rule: 'R-G3',
          message: expect.stringMatching(/Chinese mainland region.*mainland_id.*hk_macao_permit.*taiwan_permit/),
        },
      ]);
    },
  );

  it('R-P2/R-P3: reports a bad mainland ID number and a malformed birth date together', () => {
    const result = validateIndividualIdentity(
      { documentType: 'mainland_id', documentNumber: '110105194912310021', birthDate: '31/12/1949' },
      NOW,
    );
    expect(result.problems.map((problem) => [problem.field, problem.rule])).toEqual([
      ['birthDate', 'R-P3'],
      ['documentNumber', 'R-P2'],
    ]);
  });

  it('R-P1: the document type and number are required', () => {
    const result = validateIndividualIdentity({ documentType: ' ', documentNumber: '' }, NOW);
    expect(result.problems).toEqual([
      { field: 'documentType', rule: 'R-P1', message: expect.any(String) },
      { field: 'documentNumber', rule: 'R-P1', message: expect.any(String) },
    ]);
  });

  it('R-P5: the identity key is the document type plus the person-identifying part of the number', () => {
    expect(identityKey('mainland_id', '11010519491231002X')).toBe('mainland_id:11010519491231002X');
    expect(identityKey('hk_macao_permit', 'M8765432102')).toBe('hk_macao_permit:M87654321');
    expect(identityKey('taiwan_permit', '01234567')).toBe('taiwan_permit:01234567');
    expect(identityKey('hk_macao_permit', ' h1234567801 ')).toBe('hk_macao_permit:H12345678');
    expect(identityKey('mainland_id', '11010519491231002x')).toBe('mainland_id:11010519491231002X');
  });

  it('recognises exactly the three served document types', () => {
    expect(['mainland_id', 'hk_macao_permit', 'taiwan_permit'].every(isDocumentType)).toBe(true);
    expect(isDocumentType('passport')).toBe(false);
    expect(isDocumentType(undefined)).toBe(false);
  });
});
