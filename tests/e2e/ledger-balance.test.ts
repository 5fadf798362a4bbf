import { eventually, http, startSystem, type RunningSystem } from '../support/system';
import { approveRemittance, DELAYED_BANK_ACCOUNT, processWhen, startEnterprise, type StartedEnterprise } from '../support/enterprise-flows';

/** A payment into the payee account as the sandbox gateway took it: its own statement of what came in. */
interface GatewayPayment {
  transactionId: string;
  processId: string;
  accountId: string;
  amountFen: number;
}

const isFen = (amount: unknown) => Number.isSafeInteger(amount);
const sum = (amounts: number[]) => amounts.reduce((total, amount) => total + amount, 0);

// Over HTTP only, then the books: ours (ledger_entries, refunds, payouts) against the sandbox
// gateway's (what it took in, sandbox_gateway_refunds) and the sandbox bank's (sandbox_bank_transfers).
describe('the ledger balances (R-E5, R-E6.6): every fen paid in is credited or refunded, every payout is the bank\'s and no one\'s balance', () => {
  let system: RunningSystem;
  const payments: GatewayPayment[] = [];
  const accounts: StartedEnterprise[] = [];
  beforeAll(async () => {
    system = await startSystem({ LIMIT_ACCOUNTS_PER_ENTERPRISE: '1000' });
  });
  afterAll(async () => {
    await system.stop();
  });

  /** Pays into the sandbox payee account quoting the process, as the gateway's payer would; the gateway's record of it is kept here. */
  async function pay(started: StartedEnterprise, payerName: string, amountFen: number): Promise<string> {
    const paid = await http(system, 'POST', '/v1/sandbox/payments', { body: { reference: started.processId, payerName, amountFen } });
    expect(paid.status).toBe(200);
    payments.push({ transactionId: paid.body.transactionId, processId: started.processId, accountId: started.accountId, amountFen });
    return paid.body.transactionId as string;
  }

  it('R-E5, R-E6: a run of recharge (a wrong payment refunded, the right one credited, a second one refunded) and remittance (a payment quoting it refunded, verified) ends with the books balanced, in integer fen', async () => {
    // Recharge: a wrong payment first (refunded, one attempt spent), then the drawn amount (credited, verified).
    const recharge = await startEnterprise(system, 'recharge');
    accounts.push(recharge);
    const { amountFen } = (await processWhen(system, recharge, (p) => p.step === 'awaiting_payment' && p.recharge)).body.recharge as { amountFen: number };
    const wrong = await pay(recharge, recharge.name, amountFen === 99 ? 98 : amountFen + 1);
    await processWhen(system, recharge, (p) => p.recharge?.attemptsLeft === 1);
    const right = await pay(recharge, recharge.name, amountFen);
    expect((await processWhen(system, recharge, () => false)).body.status).toBe('verified');
    // A second payment quoting the verified process completes nothing: refunded.
    const stray = await pay(recharge, recharge.name, amountFen);

    // Remittance, delivered later by the bank, the amount entered: verified.
    const remittance = await startEnterprise(system, 'remittance', DELAYED_BANK_ACCOUNT);
    accounts.push(remittance);
    // A payment quoting a process that verifies by remittance completes nothing: refunded.
    const elsewhere = await pay(remittance, remittance.name, 50);
    await approveRemittance(system, remittance);
    expect((await http(system, 'POST', `/v1/sandbox/payouts/${remittance.processId}/delivered`)).status).toBe(200);
    await processWhen(system, remittance, (p) => p.step === 'awaiting_amount');
    const payout = await system.db.payout.findFirstOrThrow({ where: { processId: remittance.processId } });
    await http(system, 'POST', `/v1/processes/${remittance.processId}/remittance-amount`, { token: remittance.token, body: { amountFen: payout.amountFen } });
    expect((await processWhen(system, remittance, () => false)).body.status).toBe('verified');

    const accountIds = accounts.map((a) => a.accountId);
    const processIds = accounts.map((a) => a.processId);
    // Refunds are asked of the gateway apart from the process: wait until each refund we decided is in its books.
    const refunds = await eventually(() => system.db.refund.findMany({ where: { processId: { in: processIds } } }), (rows) => rows.length === 3);
    const gatewayRefunds = await eventually(
      () => system.db.sandboxGatewayRefund.findMany({ where: { transactionId: { in: refunds.map((r) => r.transactionId) } } }),
      (rows) => rows.length === refunds.length,
    );
    const ledger = await system.db.ledgerEntry.findMany({ where: { accountId: { in: accountIds } } });
    const payouts = await system.db.payout.findMany({ where: { processId: { in: processIds } } });
    const transfers = await system.db.sandboxBankTransfer.findMany({ where: { idempotencyKey: { in: payouts.map((p) => p.idempotencyKey) } } });

    // Integer fen, positive, everywhere money is written.
    for (const amount of [...payments, ...ledger, ...refunds, ...gatewayRefunds, ...payouts, ...transfers].map((row) => row.amountFen)) {
      expect(isFen(amount) && amount > 0).toBe(true);
    }

    // Every payment the gateway took in is either credited (one ledger entry) or refunded (one refund), never both, never neither, for its whole amount.
    for (const payment of payments) {
      const credited = ledger.filter((entry) => entry.transactionId === payment.transactionId);
      const refunded = refunds.filter((refund) => refund.transactionId === payment.transactionId);
      expect({ transactionId: payment.transactionId, outcomes: credited.length + refunded.length }).toEqual({ transactionId: payment.transactionId, outcomes: 1 });
      for (const row of [...credited, ...refunded]) expect(row.amountFen).toBe(payment.amountFen);
      for (const entry of credited) expect([entry.accountId, entry.kind]).toEqual([payment.accountId, 'recharge_verification']);
    }
    expect(ledger.map((entry) => entry.transactionId).sort()).toEqual([right]);
    expect(refunds.map((refund) => refund.transactionId).sort()).toEqual([wrong, stray, elsewhere].sort());
    // What we refunded is what the gateway returned, transaction by transaction.
    expect(gatewayRefunds.map((r) => [r.transactionId, r.amountFen]).sort()).toEqual(refunds.map((r) => [r.transactionId, r.amountFen]).sort());
    expect(sum(payments.map((p) => p.amountFen))).toBe(sum(ledger.map((e) => e.amountFen)) + sum(gatewayRefunds.map((r) => r.amountFen)));

    // Each account's balance is exactly the recharges it was credited: the payout is not among them (R-E6.6).
    for (const { accountId } of accounts) {
      const credits = sum(payments.filter((p) => p.accountId === accountId && p.transactionId === right).map((p) => p.amountFen));
      expect({ accountId, balanceFen: sum(ledger.filter((e) => e.accountId === accountId).map((e) => e.amountFen)) }).toEqual({ accountId, balanceFen: credits });
    }

    // Every payout is one transfer at the bank of the same amount, and in no ledger.
    expect(payouts).toHaveLength(1);
    expect(transfers.map((t) => [t.idempotencyKey, t.amountFen])).toEqual(payouts.map((p) => [p.idempotencyKey, p.amountFen]));
    expect(ledger.filter((entry) => payouts.some((p) => p.idempotencyKey === entry.transactionId))).toEqual([]);
  });

  it('R-E6.6: across the whole database no account holds a payout credit that is not reversed', async () => {
    const byAccount = await system.db.ledgerEntry.groupBy({ by: ['accountId', 'kind'], _sum: { amountFen: true } });
    const kinds = new Set(byAccount.map((row) => row.kind));
    for (const kind of kinds) expect(['recharge_verification', 'remittance_payout', 'remittance_payout_reversal']).toContain(kind);
    const payoutBalances = new Map<string, number>();
    for (const row of byAccount.filter((r) => r.kind !== 'recharge_verification')) {
      payoutBalances.set(row.accountId, (payoutBalances.get(row.accountId) ?? 0) + (row._sum.amountFen ?? 0));
    }
    expect([...payoutBalances].filter(([, fen]) => fen !== 0)).toEqual([]);
  });
});
