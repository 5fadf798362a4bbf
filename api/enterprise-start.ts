import { z } from '@hono/zod-openapi';
import {
  ENTERPRISE_REGIONS,
  enterpriseRegionProblem,
  normaliseMobile,
  PLACEHOLDER_ORGANISATION_CODE,
  validateEnterpriseIdentifier,
  validateIndividualIdentity,
  type BusinessCalendar,
  type EnterpriseRegion,
} from '../domain';
import type { Config } from '../config';
import { calendarForStart } from '../config/business-calendar';
import type { Database } from '../prisma/client';
import type { EnterpriseVerificationInput } from '../workflows/enterprise/messages';
import { checkDocumentReferences, type DocumentReference } from './document-references';
import { checkMethodChoice, methodChoiceDocuments, MethodChoiceFields } from './enterprise-method-choice';
import type { FieldProblem } from './problem';
import { DocumentIdSchema } from './schemas';

/**
 * R-E2 and R-G3: the code an enterprise is identified by, where it is
 * registered. Also the new entity of an entity change (R-C5.2).
 */
export const EnterpriseCodeFields = {
  creditCode: z.string().trim().min(1).max(32).openapi({
    description: `R-E2: the 18-character unified social credit code or, lacking one, the 15-digit registration number or the 9-character organisation code; an individually-owned business without a credit code writes the placeholder ${PLACEHOLDER_ORGANISATION_CODE} and gives registrationNumber`,
    example: '91350100M000100Y43',
  }),
  registrationNumber: z.string().trim().min(1).max(32).optional().openapi({
    description: `R-E2, R-E7: an individually-owned business's 15-digit registration number (GS15-2006 check digit), only beside creditCode ${PLACEHOLDER_ORGANISATION_CODE}; it is then the business's code, and R-E7 counts the business by it`,
    example: '110108000000016',
  }),
  region: z.enum(ENTERPRISE_REGIONS).optional().openapi({
    description: 'R-G3: where the enterprise is registered; absent is the mainland. Any other region is refused (not served here; see the international site)',
  }),
};

/**
 * R-G3 before R-E2: an enterprise of another region is told the region is not
 * served, not that its code is malformed; a mainland one has its code checked
 * (R-E2: credit code, registration number or organisation code, or the
 * placeholder with a registration number). Adds every problem to `errors`
 * under `field`, and answers the identifying code, normalised, or null, and
 * whether the region is served.
 */
export function enterpriseCode(
  enterprise: { creditCode: string; registrationNumber?: string | undefined; region?: EnterpriseRegion | undefined; address: string },
  errors: FieldProblem[],
  field: string,
  rule = 'R-E2',
): { normalised: string | null; served: boolean } {
  const region = enterpriseRegionProblem(enterprise);
  if (region) {
    errors.push({ field: `${field}.${region.field}`, rule: region.rule, message: region.message });
    return { normalised: null, served: false };
  }
  const code = validateEnterpriseIdentifier(enterprise);
  if (!code.ok) {
    for (const p of code.problems) errors.push({ field: `${field}.${p.field}`, rule, message: p.message });
    return { normalised: null, served: true };
  }
  return { normalised: code.normalised, served: true };
}

/** R-E2 basic information, as the start of a verification or a change takes it. */
export const EnterpriseBasicsBody = z.object({
  licenceType: z.enum(['business_licence', 'other_registration_certificate']),
  licenceDocumentId: DocumentIdSchema.openapi({ description: 'From POST /v1/documents with purpose business_licence' }),
  name: z.string().trim().min(1).max(200).openapi({ description: 'Exactly as on the licence' }),
  ...EnterpriseCodeFields,
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
  const code = enterpriseCode(enterprise, errors, field);
  const contactId = validateIndividualIdentity({ documentType: 'mainland_id', documentNumber: enterprise.contact.documentNumber }, now);
  if (!contactId.ok) {
    for (const p of contactId.problems) errors.push({ field: `${field}.contact.documentNumber`, rule: 'R-E2', message: p.message });
  }
  const mobile = normaliseMobile(enterprise.contact.mobile);
  if (!mobile.ok) errors.push({ field: `${field}.contact.mobile`, rule: 'R-E2', message: mobile.message });
  // Findings 5 and 6: the licence and any remittance photos are this account's documents, in one check.
  await checkDocumentReferences({ db, config, now }, accountId, enterpriseDocumentReferences(body, field), errors);
  // R-G3: an enterprise not served is not told what its code allows.
  const choice = checkMethodChoice(code.served ? (code.normalised ?? enterprise.creditCode) : null, body, now, errors);
  return {
    processId,
    accountId,
    ...choice,
    enterprise: {
      name: enterprise.name,
      // An individually-owned business is identified by its registration number (R-E2, R-E7).
      creditCode: code.normalised ?? enterprise.creditCode,
      licenceType: enterprise.licenceType,
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
      amountWindowFromReportedArrival: true,
      qrValidity: config.durations.qrValidity,
      abandonment: config.durations.enterpriseAbandonment,
      abandonmentRenewedByReviewsOnly: true,
    },
    rechargeAttempts: config.limits.rechargeAttempts,
    // R-E5: the account the holder is told to pay into; without it the workflow shows the sandbox's.
    payeeAccount: config.rechargePayeeAccount,
    payerNameFormsAlike: true,
    payerNameSpacingAlike: true,
    remittanceAttempts: config.limits.remittanceAttempts,
    faceMaxTries: config.limits.faceMaxTries,
    maxCodes: config.limits.codesPerProcess,
    maxMethodChoices: config.limits.methodChoicesPerProcess,
    reviewSlaBusinessDays: config.review.slaBusinessDays,
    reviewExpiryBusinessDays: config.review.expiryBusinessDays,
    payoutOverdueBusinessDays: config.payouts.overdueBusinessDays,
    payoutDeliveryMarginBusinessDays: config.payouts.deliveryMarginBusinessDays,
    // R-G6: every new start carries the calendar its business-day deadlines are counted on.
    calendar: calendarForStart(config.calendar, now),
  };
}
