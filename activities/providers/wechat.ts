import { sandboxCodeIssuer, type CodeIssuer } from './code-provider';

/** The WeChat side as this system needs it: a QR code people scan for a ticket. */
export type WechatProvider = CodeIssuer;

/** Sandbox WeChat: scans and authorisations are driven through `/v1/sandbox/wechat/…`. */
export function sandboxWechat(publicUrl: string): WechatProvider {
  return sandboxCodeIssuer(publicUrl, 'wechat');
}
