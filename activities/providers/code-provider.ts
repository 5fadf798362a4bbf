import type { CheckedPerson, CodeProvider } from '../../workflows/individual/messages';

/**
 * A provider as this system needs it: a code people scan for a ticket (a QR
 * code, or a mini-program code for face checks). A face check's code is
 * issued for `person` (R-P10), and the provider reports whom it verified.
 */
export interface CodeIssuer {
  createQrCode(ticket: string, expiresAt: number, person?: CheckedPerson): Promise<{ qrUrl: string }>;
}

/**
 * Sandbox provider: the "code" is a link to the sandbox page for the ticket;
 * what the person does is driven through the sandbox endpoints instead of a phone.
 */
export function sandboxCodeIssuer(publicUrl: string, provider: CodeProvider): CodeIssuer {
  return {
    async createQrCode(ticket) {
      return { qrUrl: `${publicUrl}/v1/sandbox/${provider}/tickets/${ticket}` };
    },
  };
}
