/**
 * R-C5.3 and R-C6: the documents each change kind's review needs, by role, and
 * the upload purposes each role accepts. The API takes these roles and no other.
 */
import type { ChangeKind } from './change-rules';
import type { UploadPurpose } from './uploads';

export const CHANGE_MATERIALS = {
  // R-C6: application form, the registry's (or supervising body's) change proof, the current licence.
  enterprise_name: {
    applicationForm: ['change_application_form'],
    changeProof: ['registry_change_proof'],
    licence: ['business_licence'],
  },
  // R-C5.3: application form, the original entity's licence or its deregistration proof, the legal person holding the ID card, both sides.
  enterprise_entity: {
    applicationForm: ['change_application_form'],
    originalLicence: ['business_licence', 'deregistration_proof'],
    legalPersonIdEmblemSide: ['legal_person_id_emblem'],
    legalPersonIdPortraitSide: ['legal_person_id_portrait'],
  },
} as const satisfies Partial<Record<ChangeKind, Record<string, readonly UploadPurpose[]>>>;

type MaterialsByKind = typeof CHANGE_MATERIALS;
export type MaterialRole = { [K in keyof MaterialsByKind]: keyof MaterialsByKind[K] }[keyof MaterialsByKind] & string;

/** Every role some change kind takes (the union of the kinds' lists). */
export const MATERIAL_ROLES = [...new Set(Object.values(CHANGE_MATERIALS).flatMap((roles) => Object.keys(roles)))] as [MaterialRole, ...MaterialRole[]];

/** The rule that says what a change of this kind needs. */
export const CHANGE_RULES: Record<ChangeKind, 'R-C4' | 'R-C5' | 'R-C6' | 'R-C7'> = {
  individual_to_enterprise: 'R-C4',
  individual_to_individual: 'R-C4',
  enterprise_entity: 'R-C5',
  enterprise_name: 'R-C6',
  legal_representative: 'R-C7',
};

/** The roles a kind takes and the purposes each accepts; empty for kinds without a review of documents. */
export function changeMaterials(kind: ChangeKind): Readonly<Record<string, readonly UploadPurpose[]>> {
  const roles = Object.hasOwn(CHANGE_MATERIALS, kind) ? (CHANGE_MATERIALS as Partial<Record<ChangeKind, Record<string, readonly UploadPurpose[]>>>)[kind] : undefined;
  // Without a prototype: `role in roles` and `roles[role]` answer for the kind's own roles only, never `constructor` or `__proto__`.
  return Object.freeze(Object.assign(Object.create(null) as Record<string, readonly UploadPurpose[]>, roles));
}

export interface MaterialProblem {
  field: string;
  rule: string;
  message: string;
}

/**
 * The roles in `materials` this kind does not take, and, when `required`, the
 * roles it needs that are missing. Which documents the ids name is checked
 * against the store by the caller.
 */
export function materialRoleProblems(kind: ChangeKind, materials: Readonly<Record<string, unknown>>, required: boolean): MaterialProblem[] {
  const roles = changeMaterials(kind);
  const rule = CHANGE_RULES[kind];
  const taken = Object.keys(roles);
  const problems: MaterialProblem[] = [];
  for (const role of Object.keys(materials)) {
    if (!Object.hasOwn(roles, role)) {
      const takes = taken.length > 0 ? `it takes ${taken.join(', ')}` : 'it takes no documents';
      problems.push({ field: `materials.${role}`, rule, message: `not a material of this change (${kind}); ${takes}` });
    }
  }
  if (required) {
    for (const [role, purposes] of Object.entries(roles)) {
      if (materials[role] === undefined) {
        problems.push({ field: `materials.${role}`, rule, message: `required: upload it first (POST /v1/documents, purpose ${purposes.join(' or ')})` });
      }
    }
  }
  return problems;
}
