/**
 * The enterprise verification methods and what each needs before it can run
 * (R-E4, R-E6.1). Callers check the format of the people and documents named.
 */
import { isIndustrialCommercial } from './credit-code';

/** R-E4, glossary names. */
export const ENTERPRISE_METHODS = ['wechat_official_account', 'legal_person_wechat', 'legal_person_face', 'recharge', 'remittance'] as const;
export type EnterpriseMethod = (typeof ENTERPRISE_METHODS)[number];

/** R-E4: the methods through the legal person, who is named (name and mainland ID) with the choice. */
export function needsLegalPerson(method: EnterpriseMethod): boolean {
  return method === 'legal_person_wechat' || method === 'legal_person_face';
}

export interface MethodProblem {
  field: string;
  rule: 'R-E4' | 'R-E6';
  message: string;
}

/**
 * R-E4 and R-E6.1: what stands in the way of this method for this enterprise:
 * legal person WeChat QR only for a credit code starting with 91 or 92, the
 * legal person for the legal-person methods, the remittance details for a
 * remittance. `creditCode` is null when the caller does not know it (a method
 * chosen again later; the workflow knows the code and checks it).
 */
export function enterpriseMethodProblems(
  creditCode: string | null,
  choice: { method: EnterpriseMethod; legalPerson?: unknown; remittance?: unknown },
): MethodProblem[] {
  const problems: MethodProblem[] = [];
  const { method } = choice;
  if (method === 'legal_person_wechat' && creditCode !== null && !isIndustrialCommercial(creditCode)) {
    problems.push({ field: 'method', rule: 'R-E4', message: 'legal person WeChat QR is only for industrial-and-commercial enterprises (credit code starting with 91 or 92)' });
  }
  if (needsLegalPerson(method) && !choice.legalPerson) {
    problems.push({ field: 'legalPerson', rule: 'R-E4', message: "the legal person's name and ID number are required for this method" });
  }
  if (method === 'remittance' && !choice.remittance) {
    problems.push({ field: 'remittance', rule: 'R-E6', message: 'bank account, legal person, both ID photos and the handler are required for remittance' });
  }
  return problems;
}
