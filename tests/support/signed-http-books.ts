import { createHash, randomBytes } from 'node:crypto';
import { contractError as error, type StandinReply, type StandinRequest } from './signed-http-standin';

/**
 * What the providers of qq.md, payment-gateway.md, wechat-notices.md and
 * operator-alerts.md answer to a verified request (handlers for
 * startSignedStandin), written from the documents: each keeps its own books,
 * acts once per Idempotency-Key and answers a repeat with the same body with
 * the first answer, one with another body 409 idempotency_conflict.
 */
function oncePerKey(act: (request: StandinRequest) => StandinReply) {
  const seen = new Map<string, { bodyHash: string; reply: StandinReply }>();
  return (request: StandinRequest): StandinReply => {
    const key = request.idempotencyKey;
    if (!key) return error(400, 'invalid_request');
    const bodyHash = createHash('sha256').update(request.body).digest('hex');
    const previous = seen.get(key);
    if (previous) return previous.bodyHash === bodyHash ? { ...previous.reply, status: 200 } : error(409, 'idempotency_conflict');
    const reply = act(request);
    if (reply.status < 300) seen.set(key, { bodyHash, reply });
    return reply;
  };
}

/** QQ's gateway of qq.md: one code per ticket (the Idempotency-Key). */
export function qqCodes() {
  const codes = new Map<string, string>();
  const issue = oncePerKey((request) => {
    const { ticket, expiresAt } = (request.json ?? {}) as { ticket?: unknown; expiresAt?: unknown };
    if (typeof ticket !== 'string' || ticket !== request.idempotencyKey || typeof expiresAt !== 'string') return error(400, 'invalid_request');
    if (Date.parse(expiresAt) <= Date.now()) return error(422, 'expires_in_past');
    const qrUrl = `https://qq.example.com/realname/q/${randomBytes(6).toString('hex')}`;
    codes.set(ticket, qrUrl);
    return { status: 201, body: { ticket, qrUrl } };
  });
  const handle = (request: StandinRequest) => (request.method === 'POST' && request.path.endsWith('/v1/real-name/qr-codes') ? issue(request) : error(404, 'not_found'));
  return { codes, handle };
}

/**
 * The payment gateway of payment-gateway.md: the payments it holds (by
 * transaction id, their amounts), one refund per transaction whatever the key,
 * a refund of another amount 422 amount_mismatch.
 */
export function gatewayRefunds(payments: Record<string, number> = {}) {
  const held = new Map(Object.entries(payments));
  const refunds = new Map<string, { refundId: string; amountFen: number }>();
  const refund = oncePerKey((request) => {
    const { transactionId, amountFen, currency } = (request.json ?? {}) as { transactionId?: unknown; amountFen?: unknown; currency?: unknown };
    if (typeof transactionId !== 'string' || !Number.isSafeInteger(amountFen) || currency !== 'CNY') return error(400, 'invalid_request');
    const paid = held.get(transactionId);
    if (paid === undefined) return error(422, 'transaction_unknown');
    if (paid !== amountFen) return error(422, 'amount_mismatch');
    const existing = refunds.get(transactionId);
    const made = existing ?? { refundId: `R${refunds.size + 1}`, amountFen: amountFen as number };
    refunds.set(transactionId, made);
    return { status: existing ? 200 : 201, body: { transactionId, refundId: made.refundId, amountFen, status: 'accepted' } };
  });
  const handle = (request: StandinRequest) => (request.method === 'POST' && request.path.endsWith('/v1/refunds') ? refund(request) : error(404, 'not_found'));
  return { held, refunds, handle };
}

/** The platform's notice gateway of wechat-notices.md: the accounts that follow the official account, and what each was sent. */
export function wechatNoticeGateway(followers: string[] = []) {
  const following = new Set(followers);
  const sent: Array<{ noticeId: string; accountId: string; title: string; body: string }> = [];
  const send = oncePerKey((request) => {
    const notice = (request.json ?? {}) as { noticeId?: unknown; accountId?: unknown; title?: unknown; body?: unknown };
    if (typeof notice.noticeId !== 'string' || typeof notice.accountId !== 'string' || typeof notice.title !== 'string' || typeof notice.body !== 'string') return error(400, 'invalid_request');
    if (!following.has(notice.accountId)) return error(422, 'no_recipient');
    sent.push({ noticeId: notice.noticeId, accountId: notice.accountId, title: notice.title, body: notice.body });
    return { status: 201, body: { noticeId: notice.noticeId, status: 'sent', messageId: `wxmsg-${sent.length}` } };
  });
  const handle = (request: StandinRequest) => (request.method === 'POST' && request.path.endsWith('/v1/wechat-notices') ? send(request) : error(404, 'not_found'));
  return { following, sent, handle };
}

/** The platform's alerting service of operator-alerts.md: one incident per alert id. */
export function alertingService() {
  const incidents: Array<{ alertId: string; title: string; body: string }> = [];
  const open = oncePerKey((request) => {
    const alert = (request.json ?? {}) as { alertId?: unknown; title?: unknown; body?: unknown };
    if (typeof alert.alertId !== 'string' || typeof alert.title !== 'string' || typeof alert.body !== 'string') return error(400, 'invalid_request');
    incidents.push({ alertId: alert.alertId, title: alert.title, body: alert.body });
    return { status: 202, body: { alertId: alert.alertId, status: 'accepted', incidentId: `INC-${incidents.length}` } };
  });
  const handle = (request: StandinRequest) => (request.method === 'POST' && request.path.endsWith('/v1/alerts') ? open(request) : error(404, 'not_found'));
  return { incidents, handle };
}
