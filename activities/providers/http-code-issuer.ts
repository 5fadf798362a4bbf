import { rejected, type SignedHttpClient } from './signed-http';

/**
 * Issuing a real-name QR code over a signed HTTP contract, as WeChat's
 * (docs/provider-contracts/wechat.md) and QQ's (qq.md) both define it: our
 * ticket and its expiry go out (R-P7), nothing about the person, and the
 * ticket is the idempotency key, so a retried issue returns the first code.
 * The answer must name that ticket and a link in one of the app's schemes.
 */
export interface HttpCodeIssuerDeps {
  client: SignedHttpClient;
  logger: { info(object: object, message: string): void };
}

export interface CodeApp {
  /** The provider's name in logs (`wechat`, `qq`). */
  provider: string;
  /** Its name in messages (`WeChat`, `QQ`). */
  label: string;
  /** The app's own link scheme a code may use besides https (`weixin`, `mqqapi`). */
  scheme: string;
}

export function httpCodeIssuer({ client, logger }: HttpCodeIssuerDeps, app: CodeApp) {
  const codeUrl = new RegExp(`^(https|${app.scheme}):\\/\\/[^\\s]{1,2000}$`);
  return {
    async createQrCode(ticket: string, expiresAt: number): Promise<{ qrUrl: string }> {
      const what = `${app.label} code for ticket ${ticket}`;
      const { body, requestId } = await client.call({
        method: 'POST',
        path: '/v1/real-name/qr-codes',
        idempotencyKey: ticket,
        what,
        body: { ticket, expiresAt: new Date(expiresAt).toISOString() },
      });
      const answer = (body ?? {}) as { ticket?: unknown; qrUrl?: unknown };
      if (answer.ticket !== ticket) throw rejected(`${what}: the answer names another ticket`);
      if (typeof answer.qrUrl !== 'string' || !codeUrl.test(answer.qrUrl)) throw rejected(`${what}: the answer has no https or ${app.scheme} qrUrl`);
      logger.info({ provider: app.provider, adapter: 'http', ticket, requestId }, `${app.label} code issued`);
      return { qrUrl: answer.qrUrl };
    },
  };
}
