import { httpCodeIssuer, type HttpCodeIssuerDeps } from './http-code-issuer';
import type { WechatProvider } from './wechat';

/**
 * WeChat Pay's real-name check over the signed HTTP contract
 * (docs/provider-contracts/wechat.md), selected by WECHAT_PROVIDER=http.
 *
 * WeChat reports the real name it holds with the authorisation, on the signed
 * `/v1/webhooks/wechat`, and the workflow compares it with the submitted one
 * (R-P4); issuing the code is http-code-issuer.ts.
 */
export type HttpWechatDeps = HttpCodeIssuerDeps;

export function httpWechat(deps: HttpWechatDeps): WechatProvider {
  return httpCodeIssuer(deps, { provider: 'wechat', label: 'WeChat', scheme: 'weixin' });
}
