import { z } from '@hono/zod-openapi';
import { DOCUMENT_ID_PATTERN, DOCUMENT_TYPES, INDIVIDUAL_METHODS, PAYOUT_REFUSALS, REFUND_REASONS } from '../domain';
import { FACE_FAILURE_REASONS } from '../workflows/individual/messages';
import { EMBEDDED_PAYMENTS, EMBEDDED_STEPS } from '../read-model/process-read';

// The zod schemas here both validate requests and generate /openapi.json.

export const AccountIdParam = z.object({
  accountId: z.string().min(1).max(64).openapi({ param: { name: 'accountId', in: 'path' }, example: 'acc_demo' }),
});

export const ProcessIdParam = z.object({
  processId: z.string().min(1).max(80).openapi({ param: { name: 'processId', in: 'path' }, example: 'prc_3f2a…' }),
});

/**
 * A client's key for one request, so a retry of it (a lost response, a double
 * click) is the same request: a start returns the same process, a holder's
 * update the same answer. The route's description says what it keys.
 */
export const IdempotencyKeyHeader = z.object({ 'idempotency-key': z.string().min(8).max(128).optional() });

/**
 * Finding 5: a document id is the store's format and nothing else, so none can
 * become a path where it is used. The format is checked with ownership and
 * purpose in the one check (api/document-references.ts), after authorisation
 * and beside the rule checks of the other fields, not here.
 */
export const DocumentIdSchema = z
  .string()
  .min(1)
  .max(80)
  .openapi({ pattern: DOCUMENT_ID_PATTERN.source, example: 'doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b' });

/** The ids an account can have (POST /v1/accounts takes them, and generates `acc_` and 20 hex digits): any other names none. */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9_-]{3,64}$/;

export const CreateAccountBody = z
  .object({
    id: z.string().regex(ACCOUNT_ID_PATTERN).optional().openapi({ description: 'Chosen id; generated when absent' }),
    displayName: z.string().trim().min(1).max(200),
  })
  .openapi('CreateAccount');

export const MaskedSubject = z
  .object({
    type: z.enum(['individual', 'enterprise']),
    name: z.string().openapi({ example: '张**' }),
    documentType: z.string().optional(),
    documentNumber: z.string().optional().openapi({ example: '110105********002X' }),
  })
  .openapi('MaskedSubject');

export const Account = z
  .object({
    id: z.string(),
    displayName: z.string(),
    status: z.enum(['unverified', 'individual', 'enterprise']),
    subject: MaskedSubject.nullable(),
    vatSpecialInvoice: z
      .object({ available: z.boolean(), blockedFormerNames: z.array(z.string()) })
      .openapi({ description: 'R-G1: enterprise accounts only; R-C8: never under a former name' }),
    verifiedAt: z.string().nullable(),
    openProcessId: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Account');

export const DocumentTypeSchema = z.string().min(1).openapi({
  description: 'mainland_id, hk_macao_permit or taiwan_permit (R-P1); anything else is refused (R-G3)',
  example: 'mainland_id',
});

export const Applicant = z
  .object({
    name: z.string().trim().min(1).max(100).openapi({ example: '张三' }),
    documentType: DocumentTypeSchema,
    documentNumber: z.string().trim().min(1).max(32).openapi({ example: '11010519491231002X' }),
    birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().openapi({ description: 'Required for travel permits (R-P3)' }),
    industry: z.string().trim().min(1).max(100).openapi({ example: 'software' }),
    address: z.string().trim().min(1).max(300).openapi({ example: '北京市海淀区…' }),
  })
  .openapi('Applicant');

export const IndividualMethodSchema = z
  .enum(INDIVIDUAL_METHODS)
  .openapi({ description: 'R-P4 method; QQ QR and face are for mainland ID cards only (R-P6)', example: 'wechat_qr' });

export const SwitchMethodBody = z.object({ method: IndividualMethodSchema }).openapi('SwitchMethod');

export const StartVerificationBody = z
  .object({
    type: z.literal('individual'),
    method: IndividualMethodSchema,
    applicant: Applicant,
  })
  .openapi('StartVerification');

export const QrCodeSchema = z
  .object({
    ticket: z.string(),
    qrUrl: z.string(),
    expiresAt: z.string(),
    expired: z.boolean(),
  })
  .openapi('QrCode');

export const ProcessStepSchema = z
  .object({ step: z.string(), at: z.string(), detail: z.record(z.string(), z.unknown()).nullable() })
  .openapi('ProcessStep');

/** R-E5, domain/process-requests.ts REFUND_REASONS. */
const REFUND_REASON_DESCRIPTION =
  'wrong_amount, wrong_payer, wrong_amount_and_payer (the recharge judged it and it cost an attempt); enterprise_limit_reached (R-E7: it matched, but nothing could be credited); ' +
  'process_ended (the process had reached its outcome); other_method (the process verifies by another method); not_awaiting_payment (no amount was shown to pay yet); ' +
  'payment_mismatch (recorded before reasons were); unknown_reference (the reference names no process that takes payments)';

export const RefundSchema = z
  .object({
    reason: z.enum(REFUND_REASONS).openapi({ description: REFUND_REASON_DESCRIPTION }),
    amountFen: z.number().int(),
    amountYuan: z.string(),
    decidedAt: z.string(),
    refundedAt: z.string().nullable().openapi({ description: 'When the gateway confirmed the refund; null while it is still being asked' }),
  })
  .openapi('Refund');

export const PaymentSchema = z
  .object({
    transactionId: z.string().openapi({ description: "The payment gateway's transaction id" }),
    amountFen: z.number().int(),
    amountYuan: z.string(),
    receivedAt: z.string(),
    outcome: z.enum(['pending', 'credited', 'refund_pending', 'refunded']).openapi({
      description: 'credited to the balance (it verified the account); refunded to its payer (refund_pending until the gateway confirms); pending while the recharge judges it',
    }),
    refund: RefundSchema.nullable(),
  })
  .openapi('Payment', { description: 'R-E5: a payment quoting the process; every payment that does not complete a verification is refunded, once' });

export const ProcessSchema = z
  .object({
    processId: z.string(),
    accountId: z.string(),
    kind: z.string(),
    method: z.string().nullable(),
    status: z.enum(['open', 'verified', 'failed', 'changed', 'revoked']),
    step: z.string(),
    failureReason: z.string().nullable(),
    lastFaceFailure: z.string().nullable().openapi({ description: 'R-P8: why the latest face check failed' }),
    deadlines: z.record(z.string(), z.string()),
    qrCode: QrCodeSchema.nullable(),
    recharge: z
      .object({ amountFen: z.number().int(), amountYuan: z.string(), payeeAccount: z.string(), reference: z.string(), deadline: z.string(), attemptsLeft: z.number().int() })
      .nullable()
      .openapi({ description: 'R-E5: pay exactly this amount from the enterprise account, quoting the reference' }),
    faceTriesLeft: z.number().int().nullable().openapi({ description: 'Face checks left in this process' }),
    allowedMethods: z.array(z.string()).nullable().openapi({
      description: "R-P6: an individual verification's methods its document allows (switch with POST /v1/processes/{processId}/method); null for other kinds and for processes opened before the process row kept the document",
    }),
    recommendedMethod: z.string().nullable().openapi({
      description:
        'R-P6: one of allowedMethods, recommended as the process goes: the method the fewest setbacks in this process speak against (a declined WeChat authorisation against WeChat QR, failed face checks against face, a QQ bank-card deadline passed against QQ QR; once failed, a real-name record that did not match against its method), WeChat QR first on a tie; null where allowedMethods is',
    }),
    remittance: z
      .object({
        reviewId: z.string().nullable(),
        reviewDueAt: z.string().nullable(),
        reviewReason: z.string().nullable().openapi({ description: 'Why the last review rejected the materials' }),
        payoutSentAt: z.string().nullable(),
        deliveredAt: z.string().nullable(),
        amountDeadline: z.string().nullable().openapi({ description: 'R-E6.5: enter the amount received before this' }),
        attemptsLeft: z.number().int(),
        deliveryDueAt: z.string().nullable().openapi({ description: 'R-E6.4: the bank should report the payout delivered by this (business days); null before the payout or in older processes' }),
        deliveryDeadline: z.string().nullable().openapi({ description: 'R-G7: a payout still unreported then fails the process (payout_not_delivered)' }),
        payoutOverdue: z.boolean().openapi({ description: 'R-E6.4: the bank has not reported the payout delivered in time; check the bank details' }),
        payoutOverdueSince: z.string().nullable(),
        payoutOverdueDetail: z.string().nullable().openapi({ description: "What to check while the payout is overdue, in the request's language (Accept-Language, Chinese by default; in event webhooks NOTICE_LANGUAGE)" }),
        payoutRefusal: z.enum(PAYOUT_REFUSALS).nullable().openapi({
          description:
            'R-E6.4: the bank refused the payout to the account submitted (nothing was sent): no such account, a closed one, or one not held in the enterprise name. The process went back to method choice: submit the remittance again with corrected bank details (a new review), or choose another method',
        }),
        payoutRefusalDetail: z.string().nullable().openapi({ description: "What the holder reads about the refusal and what to correct, in the request's language (Accept-Language, Chinese by default; in event webhooks NOTICE_LANGUAGE)" }),
      })
      .nullable()
      .openapi({ description: 'R-E6: review, payout and amount entry; the amount itself is never shown' }),
    history: z
      .array(ProcessStepSchema)
      .openapi({ description: `The latest ${EMBEDDED_STEPS} steps, oldest first; GET /v1/processes/{id}/steps pages through all of them` }),
    historyTruncated: z.boolean().openapi({ description: 'Whether older steps are left out of history' }),
    payments: z.array(PaymentSchema).openapi({
      description: `R-E5: the latest ${EMBEDDED_PAYMENTS} payments quoting the process, oldest first, each with its outcome and refund; operators list all of them at GET /v1/operator/payments?processId=`,
    }),
    paymentsTruncated: z.boolean().openapi({ description: 'Whether older payments are left out of payments' }),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
  })
  .openapi('Process');

export const StartedProcess = z
  .object({
    processId: z.string(),
    status: z.string(),
    step: z.string(),
    qrCode: QrCodeSchema,
    allowedMethods: z.array(z.string()),
    recommendedMethod: z.string().openapi({
      description:
        "R-P6: one of allowedMethods, recommended from the account's situation: the method the fewest setbacks speak against (failed face checks against face, a real-name record that did not match against its method), WeChat QR first on a tie",
    }),
  })
  .openapi('StartedProcess');

// Provider events: the provider is named by the webhook's path, not the body.
// Bounded as the workflow takes them (workflows/signal-shapes.ts), so what the webhook accepts and marks seen reaches the process.
const eventFields = { eventId: z.string().min(1).max(128), ticket: z.string().min(1).max(200) };
// R-P4: the provider's real-name record, compared with the applicant's; bounded as the applicant's own fields are.
const RealNameSchema = z.object({ name: z.string().min(1).max(100), documentNumber: z.string().min(1).max(32) });
const simpleEvent = <T extends string>(type: T) => z.object({ ...eventFields, type: z.literal(type) });
const authorizedEvent = z.object({ ...eventFields, type: z.literal('authorized'), realName: RealNameSchema });

const wechatAuthorizedEvent = authorizedEvent.extend({
  officialAccountName: z.string().min(1).max(200).optional().openapi({
    description: "R-E4: for an official account's administrator, the enterprise name verified on that official account",
  }),
});

export const WechatWebhookBody = z
  .discriminatedUnion('type', [simpleEvent('scanned'), wechatAuthorizedEvent, simpleEvent('rejected')])
  .openapi('WechatWebhookEvent');

export const QqWebhookBody = z
  .discriminatedUnion('type', [simpleEvent('scanned'), authorizedEvent, simpleEvent('bank_card_required'), simpleEvent('bank_card_linked')])
  .openapi('QqWebhookEvent');

export const FaceFailureReasonSchema = z.enum(FACE_FAILURE_REASONS).openapi({ description: 'R-P8 reason' });

export const CheckedPersonSchema = z
  .object({
    name: z.string().min(1).max(100).openapi({ example: '张三' }),
    documentType: z.enum(DOCUMENT_TYPES),
    documentNumber: z.string().min(1).max(32).openapi({ example: '11010519491231002X' }),
  })
  .openapi('CheckedPerson', { description: 'R-P10: whom a face check verified; a pass counts only for the person the code was issued for' });

const facePassedEvent = simpleEvent('passed').extend({ person: CheckedPersonSchema.optional() });

export const FaceWebhookBody = z
  .discriminatedUnion('type', [facePassedEvent, z.object({ ...eventFields, type: z.literal('failed'), reason: FaceFailureReasonSchema })])
  .openapi('FaceWebhookEvent');

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string(), rule: z.string().optional() })).optional(),
    rule: z.string().optional().openapi({ description: 'The rule a refusal enforces (R-C1, R-P6, …)' }),
    field: z.string().optional().openapi({ description: "The request's field a refusal is about, where it is about one (a method the document does not allow, say)" }),
  })
  // RFC 9457 extension members: a refusal may name its rule, the open process, the limit, …
  .catchall(z.unknown())
  .openapi('Problem');

export const problemContent = { 'application/problem+json': { schema: ProblemSchema } };
