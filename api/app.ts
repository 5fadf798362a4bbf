import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { bearerAuth, type AuthEnv } from './auth';
import type { ApiDeps } from './deps';
import { problemResponse, ProblemError, problems } from './problem';
import { PROBLEM_DETAILS, PROBLEM_TITLES, shapeIssueText } from '../domain/texts';
import { registerAccountRoutes } from './routes/accounts';
import { registerSubjectAccessRoutes } from './routes/subject-access';
import { registerCodecRoutes } from './routes/codec';
import { postgresDocumentStore } from '../activities/document-store';
import { registerDocsRoutes } from './routes/docs';
import { registerConsoleRoutes } from './console/routes';
import { registerDocumentRoutes } from './routes/documents';
import { registerHealthRoutes } from './routes/health';
import { registerEnterpriseVerificationRoutes } from './routes/enterprise-verifications';
import { registerEnterpriseProcessRoutes } from './routes/enterprise-process';
import { registerReviewRoutes } from './routes/reviews';
import { registerChangeRoutes } from './routes/changes';
import { registerBankRoutes } from './routes/bank';
import { registerMessageRoutes } from './routes/messages';
import { registerNoticeRoutes } from './routes/notices';
import { registerWebhookEndpointRoutes } from './routes/webhook-endpoints';
import { registerOperatorRoutes } from './routes/operator';
import { registerOperatorCalendarRoutes } from './routes/operator-calendar';
import { registerPaymentRoutes } from './routes/payments';
import { registerProcessRoutes } from './routes/processes';
import { registerProcessEventRoutes } from './routes/process-events';
import { registerSandboxRoutes } from './routes/sandbox';
import { registerVerificationRoutes } from './routes/verifications';
import { deliverProviderEvent, registerWebhookRoutes } from './routes/webhooks';
import { faceCheckStarted, registerTencentFaceReturn, TENCENT_FACE_RETURN_PATH } from './routes/tencent-face-return';
import { tencentFaceProvider } from '../activities/providers/tencent-faceid';
import { rateLimit } from './rate-limit';
import { postgresWindows } from './rate-windows';
import { rejectNul } from './reject-nul';
import { ruleOfField } from './field-rules';
import { PAYMENT_FREE_TEXT } from './routes/payments';
import { rejectDeepJson } from './json-depth';
import { bodyTooLarge, multipartOnly } from './request-body';
import { isUnavailable } from './unavailable';
import { createApiMetrics, registerMetricsRoute } from './metrics';
import { verificationSessions } from './verification-session/store';
import { sessionStreamAuth } from './verification-session/auth';
import { registerVerificationSessionRoutes } from './routes/verification-sessions';
import { registerVerificationPageRoutes } from './verification-page/routes';

export function createApp(deps: ApiDeps): OpenAPIHono<AuthEnv> {
  const metrics = createApiMetrics(deps);
  deps = { ...deps, metrics };
  const app = new OpenAPIHono<AuthEnv>({
    // Shape errors from zod become one problem+json naming every bad field.
    defaultHook: (result) => {
      if (!result.success) {
        throw problems.validation(
          result.error.issues.map((issue) => {
            const field = issue.path.map(String).join('.') || '(body)';
            const rule = ruleOfField(field);
            return { field, message: issue.message, text: shapeIssueText(issue), ...(rule ? { rule } : {}) };
          }),
        );
      }
    },
  });

  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(c, error.problem, error.headers, error.detail);
    if (error instanceof HTTPException) {
      const detail = PROBLEM_DETAILS.httpRefused(error.message);
      return problemResponse(c, { status: error.status, type: 'http', title: PROBLEM_TITLES.http.en, detail: detail.en }, {}, detail);
    }
    if (isUnavailable(error)) {
      const problem = problems.unavailable(PROBLEM_DETAILS.dependencyUnavailable());
      return problemResponse(c, problem.problem, problem.headers, problem.detail);
    }
    deps.logger.error({ err: { message: (error as Error).message, name: (error as Error).name } }, 'unhandled error');
    return problemResponse(c, { status: 500, type: 'internal', title: PROBLEM_TITLES.internal.en });
  });
  app.notFound((c) => {
    const problem = problems.notFound(`route ${c.req.method} ${c.req.path}`);
    return problemResponse(c, problem.problem, problem.headers, problem.detail);
  });

  // First, so it times every request and sees the status the error handler chose.
  app.use('*', metrics.middleware);
  registerMetricsRoute(app, deps, metrics);
  registerHealthRoutes(app, deps);
  registerDocsRoutes(app, { publicUrl: deps.config.api.publicUrl, sandbox: deps.config.sandbox });
  registerConsoleRoutes(app, deps);
  // Issue 19: the hosted verification page, outside /v1; its token opens the process's own event stream only.
  const sessions = verificationSessions(deps.db, deps.now);
  registerVerificationPageRoutes(app, deps, sessions);
  const authenticate = bearerAuth(deps.config.auth);
  // FACE_PROVIDER=tencent: the person's browser comes back from Tencent's page with no token of ours.
  const tencentFaceReturn = deps.config.providers.face === 'tencent';
  app.use('/v1/*', async (c, next) => {
    // Webhooks carry a provider signature instead; sandbox stand-ins exist only in sandbox mode.
    if (c.req.path.startsWith('/v1/webhooks/') || c.req.path.startsWith('/v1/sandbox/')) return next();
    // The return carries capabilities only (ticket, BizToken); the result is read from Tencent with our credentials.
    if (tencentFaceReturn && c.req.path === TENCENT_FACE_RETURN_PATH) return next();
    const bySession = sessionStreamAuth(sessions, c);
    if (bySession) return bySession(c, next);
    return authenticate(c, next);
  });
  // Finding 6 and security finding 2: before anything reads the body, so a refused upload costs nothing;
  // an upload is multipart or a 415, since its route skips the JSON limit below for its own 5 MB one.
  // Issue 17: counted in PostgreSQL, so a limit holds across every API replica.
  const windows = postgresWindows(deps.db);
  app.post('/v1/documents', rateLimit('uploads', deps.config.rateLimits.uploadsPerMinute, windows), multipartOnly);
  const tooLarge = (): never => {
    throw bodyTooLarge(deps.config.maxJsonBodyBytes);
  };
  const limitBody = bodyLimit({ maxSize: deps.config.maxJsonBodyBytes, onError: tooLarge });
  app.use('/v1/*', async (c, next) => {
    // A GET's body is never read. A declared length is checked as declared:
    // Hono's limit asks for the body stream first, which makes the server
    // build a whole Request per call; a chunked body still goes through it.
    if (c.req.method === 'GET' || c.req.path === '/v1/documents') return next();
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return limitBody(c, next);
    if (Number(declared) > deps.config.maxJsonBodyBytes) return tooLarge();
    return next();
  });
  app.use('/v1/*', rejectDeepJson(deps.config.maxJsonBodyBytes));
  app.use('/v1/*', rejectNul(deps.config.maxJsonBodyBytes, { '/v1/webhooks/payment': PAYMENT_FREE_TEXT }));
  app.post('/v1/accounts/:accountId/verifications', rateLimit('process starts', deps.config.rateLimits.processStartsPerMinute, windows));
  app.post('/v1/accounts/:accountId/enterprise-verifications', rateLimit('process starts', deps.config.rateLimits.processStartsPerMinute, windows));
  app.post('/v1/accounts/:accountId/changes', rateLimit('process starts', deps.config.rateLimits.processStartsPerMinute, windows));
  // The payout amount is 1..99 fen: without a limit it could be found by trying them all.
  app.post('/v1/processes/:processId/remittance-amount', rateLimit('amount entries', deps.config.rateLimits.amountEntriesPerMinute, windows));
  registerAccountRoutes(app, deps);
  registerSubjectAccessRoutes(app, deps);
  registerVerificationRoutes(app, deps);
  registerProcessRoutes(app, deps);
  registerProcessEventRoutes(app, deps);
  registerVerificationSessionRoutes(app, deps, sessions);
  registerMessageRoutes(app, deps);
  registerDocumentRoutes(app, deps, postgresDocumentStore(deps.db));
  registerEnterpriseVerificationRoutes(app, deps);
  registerEnterpriseProcessRoutes(app, deps);
  registerReviewRoutes(app, deps);
  registerOperatorRoutes(app, deps);
  registerOperatorCalendarRoutes(app, deps);
  registerNoticeRoutes(app, deps);
  registerWebhookEndpointRoutes(app, deps);
  registerChangeRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  if (tencentFaceReturn) {
    const settings = deps.config.tencentFaceId;
    if (!settings) throw new Error('FACE_PROVIDER=tencent without TENCENT_FACEID_RULE_ID (loadConfig refuses it)');
    registerTencentFaceReturn(app, { face: tencentFaceProvider({ config: settings, logger: deps.logger }), deliver: (event) => deliverProviderEvent(deps, event), started: faceCheckStarted(deps.db), logger: deps.logger });
  }
  // After the webhook routes: their signature check must run first.
  registerPaymentRoutes(app, deps);
  registerBankRoutes(app, deps);
  registerSandboxRoutes(app, deps);
  registerCodecRoutes(app, deps);
  return app;
}
