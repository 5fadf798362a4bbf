import { z } from '@hono/zod-openapi';

// The zod schemas here both validate requests and generate /openapi.json.

export const AccountIdParam = z.object({
  accountId: z.string().min(1).max(64).openapi({ param: { name: 'accountId', in: 'path' }, example: 'acc_demo' }),
});

export const ProcessIdParam = z.object({
  processId: z.string().min(1).max(80).openapi({ param: { name: 'processId', in: 'path' }, example: 'prc_3f2a…' }),
});

export const CreateAccountBody = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{3,64}$/).optional().openapi({ description: 'Chosen id; generated when absent' }),
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

export const StartVerificationBody = z
  .object({
    type: z.literal('individual'),
    method: z.enum(['wechat_qr']).openapi({ description: 'R-P4 method' }),
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

export const ProcessSchema = z
  .object({
    processId: z.string(),
    accountId: z.string(),
    kind: z.string(),
    method: z.string().nullable(),
    status: z.enum(['open', 'verified', 'failed']),
    step: z.string(),
    failureReason: z.string().nullable(),
    deadlines: z.record(z.string(), z.string()),
    qrCode: QrCodeSchema.nullable(),
    history: z.array(z.object({ step: z.string(), at: z.string(), detail: z.record(z.string(), z.unknown()).nullable() })),
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
    recommendedMethod: z.string(),
  })
  .openapi('StartedProcess');

export const WechatWebhookBody = z
  .discriminatedUnion('type', [
    z.object({ eventId: z.string().min(1).max(128), ticket: z.string().min(1), type: z.literal('scanned') }),
    z.object({
      eventId: z.string().min(1).max(128),
      ticket: z.string().min(1),
      type: z.literal('authorized'),
      realName: z.object({ name: z.string().min(1), documentNumber: z.string().min(1) }),
    }),
    z.object({ eventId: z.string().min(1).max(128), ticket: z.string().min(1), type: z.literal('rejected') }),
  ])
  .openapi('WechatWebhookEvent');

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string(), rule: z.string().optional() })).optional(),
  })
  .openapi('Problem');

export const problemContent = { 'application/problem+json': { schema: ProblemSchema } };
