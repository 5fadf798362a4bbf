import { Prisma } from '../generated/prisma/client';
import type { Database } from '../prisma/client';
import type { WechatProvider } from './providers/wechat';

/** R-P7: a code is registered with its expiry so webhooks can find the process it belongs to. */
export function createQrCodeActivities(db: Database, wechat: WechatProvider) {
  return {
    async issueQrCode(input: { processId: string; provider: 'wechat'; ticket: string; expiresAt: number }) {
      const { qrUrl } = await wechat.createQrCode(input.ticket, input.expiresAt);
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
