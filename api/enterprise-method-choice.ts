import { z } from '@hono/zod-openapi';
import { ENTERPRISE_METHODS, enterpriseMethodProblems, needsLegalPerson, validateIndividualIdentity } from '../domain';
import type { MethodChoice, PersonIdentity } from '../workflows/enterprise/messages';
import type { DocumentReference } from './document-references';
import { problems, type FieldProblem } from './problem';
import { DocumentIdSchema } from './schemas';

const Person = z.object({ name: z.string().trim().min(1).max(100), documentNumber: z.string().trim().min(1).max(32) });

/** R-E4 and R-E6.1: a method and what it needs. */
export const MethodChoiceFields = {
  method: z.enum(ENTERPRISE_METHODS).openapi({ description: 'R-E4 method' }),
  legalPerson: Person.optional().openapi({ description: "Legal person's name and mainland ID: for legal_person_wechat and legal_person_face" }),
  remittance: z
    .object({
      bankAccount: z.object({
        accountNumber: z.string().trim().regex(/^\d{8,32}$/, 'digits only, 8 to 32'),
        bank: z.string().trim().min(1).max(100),
        location: z.string().trim().min(1).max(100),
        branch: z.string().trim().min(1).max(100),
      }),
      legalPerson: Person,
      photos: z.object({
        emblemSideDocumentId: DocumentIdSchema.openapi({ description: 'POST /v1/documents, purpose legal_person_id_emblem' }),
        portraitSideDocumentId: DocumentIdSchema.openapi({ description: 'POST /v1/documents, purpose legal_person_id_portrait' }),
      }),
      handler: Person.openapi({ description: 'R-E6.2: the person doing the work; passes a face check next' }),
    })
    .optional()
    .openapi({ description: 'R-E6.1: for remittance' }),
};

export const MethodChoiceBody = z.object(MethodChoiceFields).openapi('EnterpriseMethodChoice');
type MethodChoiceInput = z.infer<typeof MethodChoiceBody>;

function person(errors: FieldProblem[], field: string, value: PersonIdentity, rule: string, now: number): PersonIdentity {
  const check = validateIndividualIdentity({ documentType: 'mainland_id', documentNumber: value.documentNumber }, now);
  if (!check.ok) {
    for (const p of check.problems) errors.push({ field: `${field}.documentNumber`, rule, message: p.message });
    return value;
  }
  return { name: value.name, documentNumber: check.normalisedNumber };
}

/** R-E6.1: the photos a remittance names, for the one document check (api/document-references.ts). */
export function methodChoiceDocuments(choice: MethodChoiceInput): DocumentReference[] {
  if (choice.method !== 'remittance' || !choice.remittance) return [];
  const { photos } = choice.remittance;
  return [
    { field: 'remittance.photos.emblemSideDocumentId', id: photos.emblemSideDocumentId, purposes: ['legal_person_id_emblem'], rule: 'R-E6' },
    { field: 'remittance.photos.portraitSideDocumentId', id: photos.portraitSideDocumentId, purposes: ['legal_person_id_portrait'], rule: 'R-E6' },
  ];
}

/**
 * Checks a method choice against R-E4 and R-E6.1 (domain/enterprise-methods.ts)
 * and the people it names, and returns it normalised; `errors` collects every
 * problem (the caller reports them with its own, and checks the documents of
 * methodChoiceDocuments with the rest of its documents).
 */
export function checkMethodChoice(
  /** Null when the caller does not know it; the workflow checks R-E4's 91/92 rule again. */
  creditCode: string | null,
  choice: MethodChoiceInput,
  now: number,
  errors: FieldProblem[],
): MethodChoice {
  const { method } = choice;
  errors.push(...enterpriseMethodProblems(creditCode, choice));
  if (needsLegalPerson(method)) {
    return choice.legalPerson ? { method, legalPerson: person(errors, 'legalPerson', choice.legalPerson, 'R-E4', now) } : { method };
  }
  const remittance = choice.remittance;
  if (method !== 'remittance' || !remittance) return { method };
  return {
    method,
    remittance: {
      bankAccount: remittance.bankAccount,
      photos: remittance.photos,
      legalPerson: person(errors, 'remittance.legalPerson', remittance.legalPerson, 'R-E6', now),
      handler: person(errors, 'remittance.handler', remittance.handler, 'R-E6', now),
    },
  };
}

/** Throws the collected problems as one 400. */
export function throwIfProblems(errors: FieldProblem[]): void {
  if (errors.length > 0) throw problems.validation(errors);
}
