/** The WeChat side as this system needs it: a QR code people scan for a ticket. */
export interface WechatProvider {
  createQrCode(ticket: string, expiresAt: number): Promise<{ qrUrl: string }>;
}

/**
 * Sandbox WeChat: the "QR code" is a link to the sandbox page for the ticket;
 * scans and authorisations are driven through the sandbox endpoints instead of
 * a phone.
 */
export function sandboxWechat(publicUrl: string): WechatProvider {
  return {
    async createQrCode(ticket) {
      return { qrUrl: `${publicUrl}/v1/sandbox/wechat/tickets/${ticket}` };
    },
  };
}
