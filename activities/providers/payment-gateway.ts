/** The bank-side gateway that receives recharges (R-E5) and returns wrong payments. */
export interface PaymentGateway {
  /** Returns the payment to its payer. Must be idempotent by transaction id. */
  refund(request: { transactionId: string; amountFen: number }): Promise<{ refundId: string }>;
}

/** Sandbox gateway: records refunds in memory, one per transaction id however often it is asked. */
export function sandboxPaymentGateway(): PaymentGateway & { refunds: ReadonlyMap<string, number> } {
  const refunds = new Map<string, number>();
  return {
    refunds,
    async refund({ transactionId, amountFen }) {
      if (!refunds.has(transactionId)) refunds.set(transactionId, amountFen);
      return { refundId: `sandbox-refund-${transactionId}` };
    },
  };
}
