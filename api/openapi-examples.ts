// Examples of the OpenAPI document (issue 22), keyed by operationId: every request body and the
// main responses. Values are the sandbox's (SANDBOX=true, the `npm start` defaults), so a request
// example runs as written there once its ids are the ones your own run answered with; the IDs
// and credit codes are valid (check characters included) and the names registered in the
// sandbox registry. `redocly lint` (npm test) checks every example against its schema.
import type { OperationId } from './openapi-contract';

type Example = { value: unknown } | { named: Record<string, { summary: string; value: unknown }> };

export interface OperationExamples {
  /** The request body's example (required for every operation that takes a body). */
  request?: Example;
  /** Response examples by status. */
  responses?: Partial<Record<200 | 201, Example>>;
}

const ACCOUNT_ID = 'acc_demo';
const PROCESS_ID = 'prc_5b0c6d1e2f3a4b5c6d7e8f9a0b1c2d3e';
const TICKET = '3d5f7a9b-1c2e-4f60-8a1b-2c3d4e5f6a7b';
const REVIEW_ID = '8c1d2e3f-4a5b-4c6d-9e7f-0a1b2c3d4e5f';
const LICENCE = 'doc_0f5c3a9e2b7d4c1e8a6f0b3d5e7c9a1b';
const EMBLEM_SIDE = 'doc_1a2b3c4d5e6f708192a3b4c5d6e7f809';
const PORTRAIT_SIDE = 'doc_2b3c4d5e6f708192a3b4c5d6e7f8091a';
// A mainland ID with a valid check character, born 1949 (R-P2: an adult in China time).
const APPLICANT = { name: '张三', documentType: 'mainland_id', documentNumber: '11010519491231002X', industry: 'software', address: '北京市海淀区中关村大街1号' };
const ENTERPRISE = {
  licenceType: 'business_licence',
  licenceDocumentId: LICENCE,
  name: '福州演示科技有限公司',
  // A valid 91 (company) code; the sandbox registry knows every code not ending in ten zeros (R-E3).
  creditCode: '91350100MA2Y3K4L5R',
  address: '福建省福州市鼓楼区五一北路1号',
  contact: { name: '王五', documentNumber: '110105198503071513', mobile: '13800138000' },
};
const LEGAL_PERSON = { name: '陈法人', documentNumber: '350102198001011233' };
const HANDLER = { name: '林经办', documentNumber: '35010219790615201X' };
const REMITTANCE = {
  // Any account number not ending in 0000: the sandbox bank credits it at once.
  bankAccount: { accountNumber: '622202020012345678', bank: '中国工商银行', location: '福建省福州市', branch: '五一支行' },
  legalPerson: LEGAL_PERSON,
  photos: { emblemSideDocumentId: EMBLEM_SIDE, portraitSideDocumentId: PORTRAIT_SIDE },
  handler: HANDLER,
};

// Answers as the sandbox gives them (captured from `npm run demo`, ids shortened to the ones above).
const CREATED_AT = '2026-01-05T09:00:00.000Z';
const QR_CODE = { ticket: TICKET, qrUrl: `http://localhost:3000/v1/sandbox/wechat/tickets/${TICKET}`, expiresAt: '2026-01-05T09:10:00.000Z', expired: false };
const ACCOUNT = {
  id: ACCOUNT_ID,
  displayName: '演示账号',
  status: 'unverified',
  subject: null,
  vatSpecialInvoice: { available: false, blockedFormerNames: [] },
  verifiedAt: null,
  openProcessId: null,
  createdAt: CREATED_AT,
};
const VERIFIED_ACCOUNT = {
  ...ACCOUNT,
  status: 'individual',
  subject: { type: 'individual', name: '张*', documentType: 'mainland_id', documentNumber: '110105********002X' },
  verifiedAt: '2026-01-05T09:01:30.000Z',
};
const REVIEW = {
  reviewId: REVIEW_ID,
  processId: PROCESS_ID,
  accountId: ACCOUNT_ID,
  kind: 'enterprise_remittance',
  status: 'pending',
  rules: ['R-E2', 'R-E6'],
  dueAt: '2026-01-07T16:00:00.000Z',
  expiresAt: '2026-01-21T16:00:00.000Z',
  escalated: false,
  overdue: false,
  claimedBy: null,
  claimExpiresAt: null,
  decidedBy: null,
  decisionReason: null,
  decidedAt: null,
  createdAt: CREATED_AT,
};
const WEBHOOK_ENDPOINT = {
  id: 'whe_4f1c2b3a5d6e7f8091a2b3c4d5e6f708',
  url: 'https://platform.example.com/hooks/realname',
  eventTypes: ['process.verified', 'process.failed', 'change.completed'],
  ordering: 'none',
  status: 'enabled',
  disabledAt: null,
  disabledReason: null,
  createdAt: CREATED_AT,
  secretRotatedAt: null,
};
const CLAIMED_REVIEW = { ...REVIEW, claimedBy: 'operator-1', claimExpiresAt: '2026-01-05T09:30:00.000Z' };
const PROCESS = {
  processId: PROCESS_ID,
  accountId: ACCOUNT_ID,
  kind: 'individual_verification',
  method: 'wechat_qr',
  status: 'open',
  step: 'awaiting_scan',
  failureReason: null,
  lastFaceFailure: null,
  deadlines: { abandonAt: '2026-01-06T09:00:00.000Z' },
  qrCode: QR_CODE,
  recharge: null,
  faceTriesLeft: null,
  allowedMethods: ['wechat_qr', 'qq_qr', 'face'],
  recommendedMethod: 'wechat_qr',
  remittance: null,
  history: [{ step: 'awaiting_scan', at: CREATED_AT, detail: { ticketExpiresAt: 1767604200000 } }],
  historyTruncated: false,
  payments: [],
  paymentsTruncated: false,
  createdAt: CREATED_AT,
  completedAt: null,
};
/** The individual verification of the examples, for the platform events' example bodies too (api/openapi-webhooks.ts). */
export const PROCESS_EXAMPLE = PROCESS;
const RECHARGE_PROCESS = {
  ...PROCESS,
  kind: 'enterprise_verification',
  method: 'recharge',
  step: 'awaiting_payment',
  deadlines: {},
  qrCode: null,
  recharge: { amountFen: 37, amountYuan: '0.37', payeeAccount: 'sandbox-payee-6222000000000000', reference: PROCESS_ID, deadline: '2026-01-12T09:00:05.000Z', attemptsLeft: 2 },
  history: [{ step: 'awaiting_payment', at: '2026-01-05T09:00:05.000Z', detail: { deadline: 1768208405000, amountFen: 37 } }],
};
const SANDBOX_ACK = { received: true, duplicate: false, eventId: 'sandbox-19706acf-94bd-4086-a34d-63e14d0c954e' };
const WEBHOOK_ACK = { received: true, duplicate: false };

const one = (value: unknown): Example => ({ value });
const named = (examples: Record<string, { summary: string; value: unknown }>): Example => ({ named: examples });

export const OPERATION_EXAMPLES: Partial<Record<OperationId, OperationExamples>> = {
  createAccount: { responses: { 201: one(ACCOUNT) }, request: one({ id: ACCOUNT_ID, displayName: '演示账号' }) },
  startVerification: { responses: {
      201: one({ processId: PROCESS_ID, status: 'open', step: 'awaiting_scan', qrCode: QR_CODE, allowedMethods: ['wechat_qr', 'qq_qr', 'face'], recommendedMethod: 'wechat_qr' }),
    }, request: one({ type: 'individual', method: 'wechat_qr', applicant: APPLICANT }) },
  switchMethod: { responses: { 200: one({ ...QR_CODE, qrUrl: `http://localhost:3000/v1/sandbox/face/tickets/${TICKET}` }) }, request: one({ method: 'face' }) },
  uploadDocument: { responses: {
      201: one({ id: LICENCE, accountId: ACCOUNT_ID, purpose: 'business_licence', contentType: 'image/png', size: 48213, sha256: '1b56b50ac4e976f488f128cabdcdffb2fc9331d6974bb9968131a415d14ade24' }),
    }, request: one({ purpose: 'business_licence', file: 'licence.png' }) },
  startEnterpriseVerification: { responses: { 201: one({ processId: PROCESS_ID, status: 'open' }) },
    request: named({
      recharge: { summary: 'By recharge (R-E5): pay the amount shown, quoting the process id', value: { method: 'recharge', enterprise: ENTERPRISE } },
      remittance: { summary: 'By corporate remittance (R-E6): reviewed, then a payout to enter', value: { method: 'remittance', enterprise: ENTERPRISE, remittance: REMITTANCE } },
      legalPersonFace: { summary: "By the legal person's face check (R-E4)", value: { method: 'legal_person_face', enterprise: ENTERPRISE, legalPerson: LEGAL_PERSON } },
    }),
  },
  chooseEnterpriseMethod: { request: one({ method: 'recharge' }) },
  submitRemittanceAmount: { responses: {
      200: named({
        correct: { summary: 'The amount the payout brought: the process verifies', value: { correct: true, attemptsLeft: 2 } },
        wrong: { summary: 'R-E6.5: a wrong amount; the last wrong one fails the process', value: { correct: false, attemptsLeft: 1 } },
      }),
    }, request: one({ amountFen: 54 }) },
  decideReview: { responses: {
      200: one({ ...REVIEW, status: 'approved', decidedBy: 'operator-1', decisionReason: 'licence, ID photos and bank details consistent', decidedAt: '2026-01-05T09:20:00.000Z' }),
    },
    request: named({
      approve: { summary: 'Approve', value: { decision: 'approve', reason: 'licence, ID photos and bank details consistent' } },
      reject: { summary: 'Reject, saying what to correct', value: { decision: 'reject', reason: 'the licence photo is unreadable' } },
    }),
  },
  startChange: { responses: { 201: one({ processId: PROCESS_ID, status: 'open' }) },
    request: named({
      individualToEnterprise: {
        summary: 'R-C4: the verified individual becomes an enterprise (here by recharge)',
        value: { kind: 'individual_to_enterprise', agreement: true, enterprise: { method: 'recharge', enterprise: ENTERPRISE } },
      },
      enterpriseName: { summary: 'R-C6: a complete 91 enterprise changes its name (automatic)', value: { kind: 'enterprise_name', agreement: true, newName: '福州演示新名有限公司' } },
    }),
  },
  resubmitMaterials: { request: one({ materials: { applicationForm: 'doc_3c4d5e6f708192a3b4c5d6e7f8091a2b', changeProof: 'doc_4d5e6f708192a3b4c5d6e7f8091a2b3c', licence: LICENCE } }) },
  submitNewEntity: { request: one({ method: 'recharge', enterprise: ENTERPRISE, agreement: true }) },
  receiveWechatEvent: { responses: { 200: one(WEBHOOK_ACK) },
    request: named({
      scanned: { summary: 'The code was scanned', value: { eventId: 'wx-evt-0001', ticket: TICKET, type: 'scanned' } },
      authorized: {
        summary: "Authorised with WeChat Pay's real name",
        value: { eventId: 'wx-evt-0002', ticket: TICKET, type: 'authorized', realName: { name: APPLICANT.name, documentNumber: APPLICANT.documentNumber } },
      },
      rejected: { summary: 'The person declined', value: { eventId: 'wx-evt-0003', ticket: TICKET, type: 'rejected' } },
    }),
  },
  receiveQqEvent: { responses: { 200: one(WEBHOOK_ACK) },
    request: named({
      scanned: { summary: 'The code was scanned', value: { eventId: 'qq-evt-0001', ticket: TICKET, type: 'scanned' } },
      bankCardRequired: { summary: 'R-P4: this QQ has no linked bank card', value: { eventId: 'qq-evt-0002', ticket: TICKET, type: 'bank_card_required' } },
      authorized: {
        summary: "Authorised with QQ's real name",
        value: { eventId: 'qq-evt-0003', ticket: TICKET, type: 'authorized', realName: { name: APPLICANT.name, documentNumber: APPLICANT.documentNumber } },
      },
    }),
  },
  receiveFaceEvent: { responses: { 200: one(WEBHOOK_ACK) },
    request: named({
      passed: {
        summary: 'R-P10: passed, naming whom it verified',
        value: { eventId: 'face-evt-0001', ticket: TICKET, type: 'passed', person: { name: APPLICANT.name, documentType: 'mainland_id', documentNumber: APPLICANT.documentNumber } },
      },
      failed: { summary: 'R-P8: failed, with the reason', value: { eventId: 'face-evt-0002', ticket: TICKET, type: 'failed', reason: 'face_covered' } },
    }),
  },
  receivePaymentEvent: { responses: { 200: one(WEBHOOK_ACK) },
    request: one({ eventId: 'pay-evt-0001', transactionId: 'tx-20260105-0001', reference: PROCESS_ID, payerName: ENTERPRISE.name, amountFen: 37 }),
  },
  receivePayoutDeliveredEvent: { responses: { 200: one(WEBHOOK_ACK) }, request: one({ eventId: 'bank-evt-0001', idempotencyKey: `payout:${PROCESS_ID}:1`, deliveredAt: '2026-01-05T10:15:00.000Z' }) },
  sandboxPay: { responses: { 200: one({ received: true, duplicate: false, transactionId: 'sandbox-tx-2e205c73-4af6-4387-9e4d-db37151fe79f' }) }, request: one({ reference: PROCESS_ID, payerName: ENTERPRISE.name, amountFen: 37 }) },
  sandboxWechatAuthorize: { responses: { 200: one(SANDBOX_ACK) },
    request: named({
      person: { summary: "The applicant's own real name: verifies", value: { name: APPLICANT.name, documentNumber: APPLICANT.documentNumber } },
      officialAccount: {
        summary: "R-E4: an official account's administrator, with the enterprise name verified on it",
        value: { name: '赵管理', documentNumber: '110105199202143717', officialAccountName: ENTERPRISE.name },
      },
    }),
  },
  sandboxQqAuthorize: { responses: { 200: one(SANDBOX_ACK) }, request: one({ name: APPLICANT.name, documentNumber: APPLICANT.documentNumber }) },
  sandboxFacePass: { responses: { 200: one(SANDBOX_ACK) },
    request: named({
      issuedFor: { summary: 'R-P10: the person the code was issued for passes', value: {} },
      coveredFace: { summary: 'R-P8: the magic name 人脸遮挡 reports a covered face instead', value: { name: '人脸遮挡' } },
      otherPerson: { summary: 'R-P10: a pass for someone else, a failed try', value: { name: '李四', documentNumber: '11010819900505401X' } },
    }),
  },
  sandboxFaceFail: { responses: { 200: one(SANDBOX_ACK) }, request: one({ reason: 'face_mismatch' }) },
  getAccount: { responses: { 200: one(VERIFIED_ACCOUNT) } },
  refreshQrCode: { responses: { 200: one(QR_CODE) } },
  createVerificationSession: {
    responses: { 201: one({ url: 'http://localhost:3000/verify/vsess_q3Zl8n0cXr2Vf5HkT1yWm7Ae9Bd4Gj6Ps0Lu8Nx2Cz4', expiresAt: '2026-12-02T11:00:00.000Z' }) },
  },
  listReviews: { responses: { 200: one({ reviews: [REVIEW] }) } },
  claimReview: { responses: { 200: one(CLAIMED_REVIEW) } },
  sandboxWechatScan: { responses: { 200: one(SANDBOX_ACK) } },
  sandboxWechatReject: { responses: { 200: one(SANDBOX_ACK) } },
  sandboxQqScan: { responses: { 200: one(SANDBOX_ACK) } },
  sandboxQqRequireBankCard: { responses: { 200: one(SANDBOX_ACK) } },
  sandboxQqLinkBankCard: { responses: { 200: one(SANDBOX_ACK) } },
  sandboxDeliverPayout: { responses: { 200: one(WEBHOOK_ACK) } },
  createWebhookEndpoint: {
    request: one({ url: 'https://platform.example.com/hooks/realname', eventTypes: ['process.verified', 'process.failed', 'change.completed'] }),
    responses: { 201: one({ ...WEBHOOK_ENDPOINT, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }) },
  },
  listWebhookEndpoints: { responses: { 200: one({ endpoints: [WEBHOOK_ENDPOINT] }) } },
  updateWebhookEndpoint: {
    request: one({ ordering: 'per_process' }),
    responses: { 200: one({ ...WEBHOOK_ENDPOINT, ordering: 'per_process' }) },
  },
  rotateWebhookSecret: { responses: { 200: one({ ...WEBHOOK_ENDPOINT, secretRotatedAt: '2026-01-06T08:00:00.000Z', secret: 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD' }) } },
  getProcess: {
    responses: {
      200: named({
        awaitingScan: { summary: 'An individual verification showing its WeChat QR code', value: PROCESS },
        awaitingPayment: { summary: 'R-E5: an enterprise verification by recharge, showing what to pay', value: RECHARGE_PROCESS },
      }),
    },
  },
};
