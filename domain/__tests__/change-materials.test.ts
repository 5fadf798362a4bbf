import { CHANGE_MATERIALS, changeMaterials, MATERIAL_ROLES, materialRoleProblems } from '../change-materials';

describe('change materials (R-C5.3, R-C6)', () => {
  it('R-C6, R-C5.3: a name change takes the form, the change proof and the licence; an entity change the form, the original licence and both ID photos', () => {
    expect(Object.keys(changeMaterials('enterprise_name'))).toEqual(['applicationForm', 'changeProof', 'licence']);
    expect(Object.keys(changeMaterials('enterprise_entity'))).toEqual(['applicationForm', 'originalLicence', 'legalPersonIdEmblemSide', 'legalPersonIdPortraitSide']);
    expect(CHANGE_MATERIALS.enterprise_entity.originalLicence).toEqual(['business_licence', 'deregistration_proof']);
    expect(changeMaterials('legal_representative')).toEqual({});
    expect([...MATERIAL_ROLES].sort()).toEqual(['applicationForm', 'changeProof', 'legalPersonIdEmblemSide', 'legalPersonIdPortraitSide', 'licence', 'originalLicence']);
  });

  it("finding 5, R-C6: a key the kind does not take is refused by name, even another kind's role", () => {
    const materials = { applicationForm: 'doc_a', changeProof: 'doc_b', licence: 'doc_c', originalLicence: 'doc_d', evil: '../accounts/x' };
    expect(materialRoleProblems('enterprise_name', materials, true)).toEqual([
      { field: 'materials.originalLicence', rule: 'R-C6', message: expect.stringContaining('takes applicationForm, changeProof, licence') },
      { field: 'materials.evil', rule: 'R-C6', message: expect.stringContaining('not a material of this change (enterprise_name)') },
    ]);
    expect(materialRoleProblems('legal_representative', { licence: 'doc_c' }, false)).toEqual([
      { field: 'materials.licence', rule: 'R-C7', message: expect.stringContaining('takes no documents') },
    ]);
  });

  it('R-C5.3: every role is required for a review, none when the change needs no review', () => {
    expect(materialRoleProblems('enterprise_entity', { applicationForm: 'doc_a' }, true).map((p) => [p.field, p.rule])).toEqual([
      ['materials.originalLicence', 'R-C5'],
      ['materials.legalPersonIdEmblemSide', 'R-C5'],
      ['materials.legalPersonIdPortraitSide', 'R-C5'],
    ]);
    expect(materialRoleProblems('enterprise_name', {}, false)).toEqual([]);
  });

  it('finding 5, R-C6: a name every object inherits (constructor, __proto__, toString) is no role: refused by name, and no kind lists it', () => {
    // Parsed as a request body is: `__proto__` an own key, as JSON.parse makes it.
    const materials = JSON.parse('{"constructor":"doc_a","__proto__":"doc_b","toString":"doc_c","hasOwnProperty":"doc_d"}') as Record<string, string>;
    expect(materialRoleProblems('enterprise_name', materials, false).map((problem) => [problem.field, problem.rule])).toEqual([
      ['materials.constructor', 'R-C6'],
      ['materials.__proto__', 'R-C6'],
      ['materials.toString', 'R-C6'],
      ['materials.hasOwnProperty', 'R-C6'],
    ]);
    expect(materialRoleProblems('legal_representative', materials, false)).toHaveLength(4);
    for (const name of ['constructor', '__proto__', 'toString']) {
      expect(name in changeMaterials('enterprise_entity')).toBe(false);
      expect(name in changeMaterials('legal_representative')).toBe(false);
    }
  });
});
