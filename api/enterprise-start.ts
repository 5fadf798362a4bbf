import { z } from '@hono/zod-openapi';
import { normaliseMobile, validateEnterpriseCode, validateIndividualIdentity, type BusinessCalendar } from '../domain';
import type { Config } from '../config';
import { calendarForStart } from '../config/business-calendar';
import type { Database } from '../prisma/client';
import type { EnterpriseVerificationInput } from '../workflows/enterprise/messages';
import { checkDocumentReferences, type DocumentReference } from './document-references';
import { checkMethodChoice, methodChoiceDocuments, MethodChoiceFields } from './enterprise-method-choice';
import type { FieldProblem } from './problem';
import { DocumentIdSchema } from './schemas';

/** R-E2 basic information, as the start of a verification or a change takes it. */
export const EnterpriseBasicsBody = z.object({
  licenceType: z.enum(['business_licence', 'other_registration_certificate']),
  licenceDocumentId: DocumentIdSchema.openapi({ description: 'From POST /v1/documents with purpose business_licence' }),
  name: z.string().trim().min(1).max(200).openapi({ description: 'Exactly as on the licence' }),
  creditCode: z.string().trim().min(1).max(32),
  address: z.string().trim().min(1).max(300),
  contact: z.object({ name: z.string().trim().min(1).max(100), documentNumber: z.string().trim().min(1), mobile: z.string().trim().min(1) }),
});

export const EnterpriseStartFields = { ...MethodChoiceFields, enterprise: EnterpriseBasicsBody };
const EnterpriseStart = z.object(EnterpriseStartFields);

/** The documents an enterprise start names, as the one document check takes them: the licence and any remittance photos. */
export function enterpriseDocumentReferences(body: z.infer<typeof EnterpriseStart>, field = 'enterprise'): DocumentReference[] {
  return [{ field: `${field}.licenceDocumentId`, id: body.enterprise.licenceDocumentId, purposes: ['business_licence'], rule: 'R-E2' }, ...methodChoiceDocuments(body)];
}

/**
 * R-E2 and R-E4: checks the basic information and the method choice, every
 * problem at once (added to `errors`), and builds the workflow's input. The
 * caller throws when `errors` is not empty.
 */
export async function enterpriseInput(
  deps: { db: Database; config: Config; now: number },
  accountId: string,
  processId: string,
  body: z.infer<typeof EnterpriseStart>,
  errors: FieldProblem[],
  field = 'enterprise',
): Promise<EnterpriseVerificationInput & { calendar: BusinessCalendar }> {
  const { db, config, now } = deps;
  const { enterprise } = body;
  const code = validateEnterpriseCode(enterprise.creditCode);
  if (!code.ok) errors.push({ field: `${field}.creditCode`, rule: 'R-E2', message: code.message });
  const contactId = validateIndividualIdentity({ documentType: 'mainland_id', documentNumber: enterprise.contact.documentNumber }, now);
  if (!contactId.ok) {
    for (const p of contactId.problems) errors.push({ field: `${field}.contact.documentNumber`, rule: 'R-E2', message: p.message });
  }
  const mobile = normaliseMobile(enterprise.contact.mobile);
  if (!mobile.ok) errors.push({ field: `${field}.contact.mobile`, rule: 'R-E2', message: mobile.message });
  // Findings 5 and 6: the licence and any remittance photos are this account's documents, in one check.
  await checkDocumentReferences({ db, config, now }, accountId, enterpriseDocumentReferences(body, field), errors);
  const choice = checkMethodChoice(code.ok ? code.normalised : enterprise.creditCode, body, now, errors);
  return {
    processId,
    accountId,
    ...choice,
    enterprise: {
      name: enterprise.name,
      creditCode: code.ok ? code.normalised : enterprise.creditCode,
      licenceDocumentId: enterprise.licenceDocumentId,
      address: enterprise.address,
      contact: {
        name: enterprise.contact.name,
        documentNumber: contactId.ok ? contactId.normalisedNumber : enterprise.contact.documentNumber,
        mobile: mobile.ok ? mobile.normalised : enterprise.contact.mobile,
      },
    },
    durations: {
      rechargeWindow: config.durations.rechargeWindow,
      remittanceAmountWindow: config.durations.remittanceAmountWindow,
      payoutDeliveryDeadline: config.durations.payoutDeliveryDeadline,
      qrValidity: config.durations.qrValidity,
      abandonment: config.durations.enterpriseAbandonment,
      abandonmentRenewedByReviewsOnly: true,
    },
    rechargeAttempts: config.limits.rechargeAttempts,
    remittanceAttempts: config.limits.remittanceAttempts,
    faceMaxTries: config.limits.faceMaxTries,
    maxCodes: config.limits.codesPerProcess,
    maxMethodChoices: config.limits.methodChoicesPerProcess,
    reviewSlaBusinessDays: config.review.slaBusinessDays,
    reviewExpiryBusinessDays: config.review.expiryBusinessDays,
    // R-G6: every new start carries the calendar its business-day deadlines are counted on.
    calendar: calendarForStart(config.calendar, now),
  };
}
