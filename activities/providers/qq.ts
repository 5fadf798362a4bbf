import { sandboxCodeIssuer, type CodeIssuer } from './code-provider';

/** The QQ side as this system needs it: a QR code people scan with mobile QQ (R-P4). */
export type QqProvider = CodeIssuer;

/** Sandbox QQ: scans, bank-card linking and authorisations are driven through `/v1/sandbox/qq/…`. */
export function sandboxQq(publicUrl: string): QqProvider {
  return sandboxCodeIssuer(publicUrl, 'qq');
}
