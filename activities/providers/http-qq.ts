import { httpCodeIssuer, type HttpCodeIssuerDeps } from './http-code-issuer';
import type { QqProvider } from './qq';

/**
 * QQ's real-name check over the signed HTTP contract
 * (docs/provider-contracts/qq.md), selected by QQ_PROVIDER=http.
 *
 * QQ reports the scan, the bank-card detour (a QQ without a linked card is
 * asked to link one) and the authorisation with the real name it holds on the
 * signed `/v1/webhooks/qq`; the workflow compares that name with the submitted
 * one (R-P4). Issuing the code is http-code-issuer.ts, as for WeChat; the code
 * is an https link or the mobile QQ scheme the page renders.
 */
export type HttpQqDeps = HttpCodeIssuerDeps;

export function httpQq(deps: HttpQqDeps): QqProvider {
  return httpCodeIssuer(deps, { provider: 'qq', label: 'QQ', scheme: 'mqqapi' });
}
