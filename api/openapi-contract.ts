// The OpenAPI document as a contract integrators generate clients from (issue 22). The routes
// describe their own shapes (zod, createRoute); this module adds what a generated client and a
// reader need on top, in one place: a stable operationId per operation, its security, the
// servers, the licence and examples. A route that is not listed here fails the document (and
// tests/unit/openapi-contract.test.ts), so no operation ships with a name a generator invents.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { OPERATION_EXAMPLES, type OperationExamples } from './openapi-examples';
import { platformWebhooks } from './openapi-webhooks';

export type OpenApiDocument = ReturnType<OpenAPIHono['getOpenAPI31Document']>;

/**
 * Every operation's id, keyed by `METHOD path` as the document spells them. Ids are part of the
 * contract: a generated client's method names come from them, so never rename one.
 */
export const OPERATION_IDS = {
  'POST /v1/accounts': 'createAccount',
  'GET /v1/accounts/{accountId}': 'getAccount',
  'GET /v1/accounts/{accountId}/subject/unmasked': 'getUnmaskedSubject',
  'GET /v1/accounts/{accountId}/history': 'listSubjectHistory',
  'GET /v1/accounts/{accountId}/messages': 'listMessages',
  'POST /v1/accounts/{accountId}/messages/{messageId}/read': 'markMessageRead',
  'POST /v1/accounts/{accountId}/verifications': 'startVerification',
  'POST /v1/accounts/{accountId}/enterprise-verifications': 'startEnterpriseVerification',
  'POST /v1/accounts/{accountId}/changes': 'startChange',
  'POST /v1/documents': 'uploadDocument',
  'GET /v1/processes/{processId}': 'getProcess',
  'GET /v1/processes/{processId}/steps': 'listProcessSteps',
  'GET /v1/processes/{processId}/events': 'streamProcessEvents',
  'POST /v1/processes/{processId}/session': 'createVerificationSession',
  'POST /v1/processes/{processId}/qr-code': 'refreshQrCode',
  'POST /v1/processes/{processId}/method': 'switchMethod',
  'POST /v1/processes/{processId}/enterprise-method': 'chooseEnterpriseMethod',
  'POST /v1/processes/{processId}/review-withdrawal': 'withdrawReview',
  'POST /v1/processes/{processId}/remittance-amount': 'submitRemittanceAmount',
  'POST /v1/processes/{processId}/revoke': 'revokeChange',
  'POST /v1/processes/{processId}/materials': 'resubmitMaterials',
  'POST /v1/processes/{processId}/new-entity': 'submitNewEntity',
  'GET /v1/reviews': 'listReviews',
  'GET /v1/reviews/{reviewId}': 'getReview',
  'POST /v1/reviews/{reviewId}/claim': 'claimReview',
  'POST /v1/reviews/{reviewId}/release': 'releaseReview',
  'POST /v1/reviews/{reviewId}/decision': 'decideReview',
  'GET /v1/operator/activity-failures': 'listActivityFailures',
  'GET /v1/operator/notices': 'listUndeliveredNotices',
  'POST /v1/webhook-endpoints': 'createWebhookEndpoint',
  'GET /v1/webhook-endpoints': 'listWebhookEndpoints',
  'POST /v1/webhook-endpoints/{endpointId}/secret': 'rotateWebhookSecret',
  'PATCH /v1/webhook-endpoints/{endpointId}': 'updateWebhookEndpoint',
  'DELETE /v1/webhook-endpoints/{endpointId}': 'deleteWebhookEndpoint',
  'GET /v1/webhook-endpoints/{endpointId}/deliveries': 'listWebhookDeliveries',
  'POST /v1/webhook-deliveries/{deliveryId}/resend': 'resendWebhookDelivery',
  'GET /v1/operator/payments': 'listPayments',
  'GET /v1/operator/calendar': 'getBusinessCalendar',
  'GET /v1/operator/calendar/business-days': 'countBusinessDays',
  'POST /v1/webhooks/wechat': 'receiveWechatEvent',
  'POST /v1/webhooks/qq': 'receiveQqEvent',
  'POST /v1/webhooks/face': 'receiveFaceEvent',
  'POST /v1/webhooks/payment': 'receivePaymentEvent',
  'POST /v1/webhooks/bank': 'receivePayoutDeliveredEvent',
  'POST /v1/sandbox/payments': 'sandboxPay',
  'POST /v1/sandbox/payouts/{processId}/delivered': 'sandboxDeliverPayout',
  'POST /v1/sandbox/wechat/tickets/{ticket}/scan': 'sandboxWechatScan',
  'POST /v1/sandbox/wechat/tickets/{ticket}/authorize': 'sandboxWechatAuthorize',
  'POST /v1/sandbox/wechat/tickets/{ticket}/reject': 'sandboxWechatReject',
  'POST /v1/sandbox/qq/tickets/{ticket}/scan': 'sandboxQqScan',
  'POST /v1/sandbox/qq/tickets/{ticket}/authorize': 'sandboxQqAuthorize',
  'POST /v1/sandbox/qq/tickets/{ticket}/require-bank-card': 'sandboxQqRequireBankCard',
  'POST /v1/sandbox/qq/tickets/{ticket}/link-bank-card': 'sandboxQqLinkBankCard',
  'POST /v1/sandbox/face/tickets/{ticket}/pass': 'sandboxFacePass',
  'POST /v1/sandbox/face/tickets/{ticket}/fail': 'sandboxFaceFail',
} as const satisfies Record<string, string>;

export type OperationId = (typeof OPERATION_IDS)[keyof typeof OPERATION_IDS];

/** How an operation is authenticated: the same split api/app.ts makes on /v1/*. */
export type OperationSecurity = 'bearer' | 'bearer-or-session' | 'webhook-signature' | 'none';

/** Issue 19: the one /v1 operation a verification session's token opens (api/verification-session/auth.ts). */
const SESSION_STREAM_PATH = '/v1/processes/{processId}/events';

export function operationSecurity(path: string): OperationSecurity {
  if (path === SESSION_STREAM_PATH) return 'bearer-or-session';
  // app.ts: webhooks carry a provider signature instead of a token; sandbox stand-ins take neither.
  if (path.startsWith('/v1/webhooks/')) return 'webhook-signature';
  if (path.startsWith('/v1/sandbox/')) return 'none';
  if (path.startsWith('/v1/')) return 'bearer';
  throw new Error(`OpenAPI contract: ${path} is outside /v1, where api/app.ts authenticates nothing; say in api/openapi-contract.ts how it is secured`);
}

const SECURITY: Record<OperationSecurity, Array<Record<string, string[]>>> = {
  bearer: [{ bearer: [] }],
  // Either one: the platform's bearer token, or the hosted page's session token (EventSource sends no headers).
  'bearer-or-session': [{ bearer: [] }, { sessionToken: [] }],
  // Both headers together: one requirement naming the two schemes.
  'webhook-signature': [{ webhookSignature: [], webhookTimestamp: [] }],
  none: [],
};

const SIGNATURE_SCHEME =
  "HMAC-SHA256 of `<timestamp>.<raw body>` with the provider's shared secret (WEBHOOK_SECRET_WECHAT, _QQ, _FACE, _PAYMENT, _BANK), hex encoded";

const SECURITY_SCHEMES = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "HS256 token with role holder (its own accountId) or operator; `npm start` prints one of each",
  },
  sessionToken: {
    type: 'apiKey',
    in: 'query',
    name: 'session_token',
    description: "Issue 19: the token in a verification session's URL (POST /v1/processes/{processId}/session), for that process's event stream only; every other /v1 operation refuses it",
  },
  webhookSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Signature',
    description: `Provider webhooks: ${SIGNATURE_SCHEME}, optionally prefixed \`sha256=\`. Sent with X-Signature-Timestamp; \`npm run sign-webhook\` signs one.`,
  },
  webhookTimestamp: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Signature-Timestamp',
    description: 'Provider webhooks: the Unix time (seconds) the signature was made; refused when further from now than WEBHOOK_TOLERANCE_SECONDS.',
  },
} as const;

const SANDBOX_NOTE =
  'No security: a sandbox stand-in for a provider (a phone, the payment gateway, the bank), served only in sandbox mode (SANDBOX=true) and absent outside it.';

const INFO = {
  title: 'Real-name verification API',
  version: '1.0.0',
  description:
    'Starts and drives account verification processes. Rule ids (R-P5, …) refer to the rule book. ' +
    'Generate a client from this document (the README\'s "Integrating" section shows how); every operation has a stable operationId.',
  // The project is not published under an open licence: integrators use the API under their agreement.
  license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
};

export interface ContractOptions {
  /** Where this deployment answers (PUBLIC_URL). */
  publicUrl: string;
  sandbox: boolean;
}

type Operation = {
  operationId?: string;
  description?: string;
  security?: unknown[];
  requestBody?: { content?: Record<string, { example?: unknown; examples?: unknown }> };
  responses?: Record<string, { content?: Record<string, { example?: unknown; examples?: unknown }> }>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Every operation of the document with its `METHOD path` key. */
export function operationsOf(document: OpenApiDocument): Array<{ key: string; method: string; path: string; operation: Operation }> {
  const found: Array<{ key: string; method: string; path: string; operation: Operation }> = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (operation) found.push({ key: `${method.toUpperCase()} ${path}`, method, path, operation });
    }
  }
  return found;
}

/** OPERATION_IDS entries no operation of the document has (in sandbox mode there should be none). */
export function unusedOperationIds(document: OpenApiDocument): string[] {
  const keys = new Set(operationsOf(document).map(({ key }) => key));
  return Object.keys(OPERATION_IDS).filter((key) => !keys.has(key));
}

function attachExamples(key: string, operation: Operation, examples: OperationExamples | undefined): void {
  const body = operation.requestBody?.content;
  if (body) {
    if (!examples?.request) throw new Error(`OpenAPI contract: ${key} (${operation.operationId}) takes a body but has no example in api/openapi-examples.ts`);
    for (const media of Object.values(body)) setExample(media, examples.request);
  } else if (examples?.request) {
    throw new Error(`OpenAPI contract: ${key} (${operation.operationId}) takes no body, yet api/openapi-examples.ts has a request example for it`);
  }
  for (const [status, example] of Object.entries(examples?.responses ?? {})) {
    const content = operation.responses?.[status]?.content;
    if (!content) throw new Error(`OpenAPI contract: ${key} (${operation.operationId}) has no ${status} response with a body for its example`);
    for (const media of Object.values(content)) setExample(media, example);
  }
}

function setExample(media: { example?: unknown; examples?: unknown }, example: NonNullable<OperationExamples['request']>): void {
  if ('named' in example) media.examples = example.named;
  else media.example = example.value;
}

/**
 * zod-to-openapi renders `Registered.nullable()` as `allOf: [{ $ref }, { type: [..., 'null'] }]`, which
 * no value matches when it is null (the $ref's type has no null): a client generated from it
 * refuses the null the API sends (Process.qrCode). Spelled the way OpenAPI 3.1 means it instead:
 * `anyOf: [{ $ref }, { type: 'null' }]`.
 */
function fixNullableRefs(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) fixNullableRefs(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  const allOf = schema.allOf;
  if (Array.isArray(allOf) && allOf.length === 2) {
    const [ref, nullable] = allOf as [Record<string, unknown>, Record<string, unknown>];
    const { type, ...annotations } = nullable;
    if (typeof ref.$ref === 'string' && Array.isArray(type) && type.includes('null') && Object.keys(annotations).every((key) => ANNOTATIONS.has(key))) {
      delete schema.allOf;
      Object.assign(schema, annotations, { anyOf: [ref, { type: 'null' }] });
    }
  }
  for (const value of Object.values(schema)) fixNullableRefs(value);
}

const ANNOTATIONS = new Set(['description', 'title', 'example', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);

/**
 * The document /openapi.json serves: generated from the routes, then completed here. Throws when an
 * operation has no operationId in OPERATION_IDS, or a body no example.
 */
export function applyContract(document: OpenApiDocument, options: ContractOptions): OpenApiDocument {
  for (const { key, path, operation } of operationsOf(document)) {
    const operationId = (OPERATION_IDS as Record<string, OperationId | undefined>)[key];
    if (!operationId) throw new Error(`OpenAPI contract: ${key} has no operationId: add one to OPERATION_IDS in api/openapi-contract.ts`);
    operation.operationId = operationId;
    const security = operationSecurity(path);
    const declared = JSON.stringify(operation.security ?? null);
    if (operation.security !== undefined && declared !== JSON.stringify(SECURITY[security])) {
      throw new Error(`OpenAPI contract: ${key} declares security ${declared}, but api/app.ts applies ${security} to it`);
    }
    operation.security = SECURITY[security];
    if (security === 'none') operation.description = operation.description ? `${operation.description}\n\n${SANDBOX_NOTE}` : SANDBOX_NOTE;
    attachExamples(key, operation, OPERATION_EXAMPLES[operationId]);
  }
  fixNullableRefs(document.paths);
  fixNullableRefs(document.components?.schemas);
  const components = (document.components ??= {});
  components.securitySchemes = { ...components.securitySchemes, ...SECURITY_SCHEMES };
  const server = options.publicUrl.replace(/\/+$/, '');
  return {
    ...document,
    info: INFO,
    webhooks: platformWebhooks() as OpenApiDocument['webhooks'],
    servers: [{ url: server, description: options.sandbox ? 'This deployment (PUBLIC_URL), in sandbox mode: the sandbox stand-ins drive the providers' : 'This deployment (PUBLIC_URL)' }],
  };
}

/** Generates the app's document and completes it: what /openapi.json serves. */
export function contractDocument(app: OpenAPIHono<any>, options: ContractOptions): OpenApiDocument {
  return applyContract(app.getOpenAPI31Document({ openapi: '3.1.0', info: INFO }), options);
}
