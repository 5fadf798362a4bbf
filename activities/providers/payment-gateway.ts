import type { Database } from '../../prisma/client';

/** The bank-side gateway that receives recharges (R-E5) and returns wrong payments. */
export interface PaymentGateway {
  /** Returns the payment to its payer. Must be idempotent by transaction id. */
  refund(request: { transactionId: string; amountFen: number }): Promise<{ refundId: string }>;
}

/** How the sandbox gateway's payments (POST /v1/sandbox/payments) are named, so their refunds can be told from another gateway's. */
export const SANDBOX_TRANSACTION_PREFIX = 'sandbox-tx-';

/**
 * Sandbox gateway: one refund per transaction id however often it is asked.
 * Given the database it keeps its own books there (sandbox_gateway_refunds,
 * as a real gateway would on its side), so a worker started again refunds
 * nothing twice and the books can be checked against ours; without, in memory.
 */
export function sandboxPaymentGateway(db?: Database): PaymentGateway & { refunds: ReadonlyMap<string, number> } {
  const refunds = new Map<string, number>();
  return {
    refunds,
    async refund({ transactionId, amountFen }) {
      if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw new RangeError(`a refund is a positive integer of fen, got ${amountFen}`);
      const refundId = `sandbox-refund-${transactionId}`;
      if (db) await db.sandboxGatewayRefund.createMany({ data: [{ transactionId, refundId, amountFen }], skipDuplicates: true });
      if (!refunds.has(transactionId)) refunds.set(transactionId, amountFen);
      return { refundId };
    },
  };
}
