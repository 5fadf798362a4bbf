import { Prisma } from '../generated/prisma/client';
import type { Database } from '../prisma/client';
import type { CodeProvider } from '../workflows/individual/messages';
import type { CodeIssuer } from './providers/code-provider';
import type { IssueQrCodeInput } from './types';

/** R-P7: a code is registered with its provider and expiry so webhooks can find the process it belongs to. */
export function createQrCodeActivities(db: Database, providers: Record<CodeProvider, CodeIssuer>) {
  return {
    async issueQrCode(input: IssueQrCodeInput) {
      const { qrUrl } = await providers[input.provider].createQrCode(input.ticket, input.expiresAt);
      try {
        await db.qrTicket.create({
          data: { ticket: input.ticket, processId: input.processId, provider: input.provider, expiresAt: new Date(input.expiresAt) },
        });
      } catch (error) {
        // A retry after a lost response finds its own row.
        if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
      }
      return { qrUrl };
    },
  };
}
