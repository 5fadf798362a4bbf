import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '../prisma/client';
import { sqlPool } from '../prisma/client';
import { prepared } from '../prisma/prepared';
import type { CodeProvider } from '../workflows/individual/messages';
import { capabilityId } from './capabilities';
import type { CodeIssuer } from './providers/code-provider';
import type { IssueQrCodeInput } from './types';

/** A retry after a lost response finds its own row (the ticket is the key). */
const REGISTER_TICKET = `
  INSERT INTO qr_tickets (ticket, process_id, provider, expires_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (ticket) DO NOTHING`;
const registerTicket = prepared('register-ticket', REGISTER_TICKET);

/**
 * R-P7: a code is registered with its provider and expiry so webhooks can find
 * the process it belongs to. Plain SQL on the pool under Prisma: every
 * verification issues one or more codes (BENCHMARKS.md).
 */
export function createQrCodeActivities(db: Database, providers: Record<CodeProvider, CodeIssuer>, capabilityKey: Buffer) {
  return {
    async issueQrCode(input: IssueQrCodeInput) {
      if (input.issueBy !== undefined && Date.now() >= input.issueBy) {
        throw ApplicationFailure.create({ type: 'IssuingDeadlinePassed', message: `process ${input.processId} reached its deadline before a code could be issued`, nonRetryable: true });
      }
      // R-P7, R-E6.4: the ticket is a capability, made here; processes started before bring their own.
      const ticket = input.ticket ?? capabilityId(capabilityKey, 'code');
      const { qrUrl } = await providers[input.provider].createQrCode(ticket, input.expiresAt, input.person);
      await sqlPool(db).query(registerTicket([ticket, input.processId, input.provider, new Date(input.expiresAt)]));
      return { qrUrl, ticket };
    },
  };
}
