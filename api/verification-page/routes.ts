import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import QRCode from 'qrcode';
import { calendarBetween } from '../../config/business-calendar';
import { chinaDate } from '../../domain/china-time';
import { LANGUAGE_TAGS, type Language } from '../../domain/language';
import { PAGE_TEXTS } from '../../domain/verification-page-texts';
import { issueToken, type AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { requestLanguage } from '../holder-language';
import { ProblemError, problems } from '../problem';
import { pageHeaders, strictPolicy } from '../page-policy';
import { bodyTooLarge } from '../request-body';
import { SESSION_QUERY_PARAMETER, sessionPrincipal } from '../verification-session/auth';
import type { SessionGrant, VerificationSessions } from '../verification-session/store';
import { esc, renderPage, renderPanel, type PageView, type RenderContext } from './render';

// Issue 19: the hosted verification page. Outside /v1, so bearerAuth never runs here;
// every route takes the session token in its path and nothing else. What the page
// does goes through the /v1 operation that does it, called in this process with a
// holder token minted for the one call (`operate`): the same handler, rate limits,
// refusals and problem texts as the platform's own call, and no copy of any of them.

// The console's policy, unwidened. The token is in the page's URL: no referrer carries it away.
const HEADERS = pageHeaders(strictPolicy());
const NO_STORE = { ...HEADERS, 'cache-control': 'no-store' };

/** How long the token of one forwarded call lives: the call is made at once. */
const OPERATION_TOKEN_LIFETIME = '60s';

const asset = (name: string) => readFileSync(join(__dirname, 'assets', name), 'utf8');

const languageOf = requestLanguage;

/** 0.37 (yuan, as the bank statement shows it) → 37 fen; null unless 0.01..0.99 with at most two decimals. */
export function fenOfYuanText(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const match = /^\s*0?\.(\d{1,2})\s*$/.exec(text);
  if (!match) return null;
  const fen = Number(match[1]!.padEnd(2, '0'));
  return fen >= 1 && fen <= 99 ? fen : null;
}

export function registerVerificationPageRoutes(app: OpenAPIHono<AuthEnv>, { config, now = Date.now }: ApiDeps, sessions: VerificationSessions): void {
  const script = asset('verify.js');
  const style = asset('verify.css');
  app.get('/verify/assets/verify.js', (c) => c.body(script, 200, { ...HEADERS, 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/verify/assets/verify.css', (c) => c.body(style, 200, { ...HEADERS, 'content-type': 'text/css; charset=utf-8' }));

  /** The /v1 operation, as the session's holder, answered as the platform would have been answered. */
  async function operate(grant: SessionGrant, language: Language, method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string): Promise<Response> {
    const token = await issueToken(config.auth.jwtSecret, config.auth.issuer, sessionPrincipal(grant), OPERATION_TOKEN_LIFETIME);
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'accept-language': LANGUAGE_TAGS[language] };
    if (body !== undefined) headers['content-type'] = 'application/json';
    // The operation checks it as it checks the platform's own call's.
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    return app.request(`/v1/processes/${encodeURIComponent(grant.processId)}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  }

  async function viewOf(grant: SessionGrant, language: Language): Promise<PageView> {
    const answer = await operate(grant, language, 'GET', '');
    if (answer.status !== 200) throw problems.notFound(`process ${grant.processId}`);
    return (await answer.json()) as PageView;
  }

  const contextOf = (token: string, language: Language): RenderContext => ({
    language,
    now: now(),
    base: `/verify/${token}`,
    calendarThrough: (through) => calendarBetween(config.calendar, chinaDate(now()), through),
  });

  /** The session in the path, or a 401 problem. */
  const grantOf = (c: Context) => sessions.verify(c.req.param('token') ?? '');
  /** A forwarded answer, as it came (JSON or problem+json), never cached. */
  const relay = async (answer: Response) =>
    new Response(await answer.arrayBuffer(), { status: answer.status, headers: { ...NO_STORE, 'content-type': answer.headers.get('content-type') ?? 'application/json' } });

  app.get('/verify/:token', async (c) => {
    const language = languageOf(c);
    let grant: SessionGrant;
    try {
      grant = await grantOf(c);
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      const text = PAGE_TEXTS.linkExpired[language];
      return c.html(`<!doctype html><html lang="${LANGUAGE_TAGS[language]}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(PAGE_TEXTS.title[language])}</title><link rel="stylesheet" href="/verify/assets/verify.css"></head><body><main><p class="warn" id="link-invalid">${esc(text)}</p></main></body></html>`, 401, NO_STORE);
    }
    const token = c.req.param('token');
    const view = await viewOf(grant, language);
    const streamUrl = `/v1/processes/${encodeURIComponent(grant.processId)}/events?${SESSION_QUERY_PARAMETER}=${encodeURIComponent(token)}`;
    return c.html(renderPage(view, { ...contextOf(token, language), streamUrl }), 200, { ...NO_STORE, 'content-language': LANGUAGE_TAGS[language] });
  });

  // The panel alone: the page's script swaps it in on every event of the stream.
  app.get('/verify/:token/panel', async (c) => {
    const language = languageOf(c);
    const grant = await grantOf(c);
    return c.html(renderPanel(await viewOf(grant, language), contextOf(c.req.param('token'), language)), 200, { ...NO_STORE, 'content-language': LANGUAGE_TAGS[language] });
  });

  // R-P7: the code to scan, as a QR code drawn here (no third party sees the ticket).
  app.get('/verify/:token/qr.png', async (c) => {
    const grant = await grantOf(c);
    const view = await viewOf(grant, languageOf(c));
    if (!view.qrCode || view.status !== 'open') throw problems.notFound(`QR code of process ${grant.processId}`);
    const png = await QRCode.toBuffer(view.qrCode.qrUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 264 });
    return c.body(new Uint8Array(png), 200, { ...NO_STORE, 'content-type': 'image/png' });
  });

  // Security review (r19): the page's actions read no more body than their /v1 operations would (api/app.ts limits /v1 only).
  app.post('/verify/*', bodyLimit({ maxSize: config.maxJsonBodyBytes, onError: () => { throw bodyTooLarge(config.maxJsonBodyBytes); } }));

  // R-P7, R-P8: a fresh code (after a face failure, the next try's), as POST /v1/processes/{id}/qr-code.
  app.post('/verify/:token/qr-code', async (c) => relay(await operate(await grantOf(c), languageOf(c), 'POST', '/qr-code')));

  // R-E6.5: the amount in yuan as the statement shows it, entered as POST /v1/processes/{id}/remittance-amount takes it in fen,
  // under the page's Idempotency-Key for the entry, so a retried entry uses no second attempt.
  app.post('/verify/:token/remittance-amount', async (c) => {
    const grant = await grantOf(c);
    const body = (await c.req.json().catch(() => null)) as { amountYuan?: unknown } | null;
    const amountFen = fenOfYuanText(body?.amountYuan);
    if (amountFen === null) throw problems.validation([{ field: 'amountYuan', rule: 'R-E6.5', message: 'an amount of 0.01 to 0.99 yuan, such as 0.37' }]);
    return relay(await operate(grant, languageOf(c), 'POST', '/remittance-amount', { amountFen }, c.req.header('idempotency-key')));
  });
}
