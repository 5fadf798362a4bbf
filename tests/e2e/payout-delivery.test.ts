import { http, startSystem, uniqueId, type RunningSystem } from '../support/system';
import { approveRemittance, DELAYED_BANK_ACCOUNT, processWhen, reportDelivery, startEnterprise } from '../support/enterprise-flows';

const DAY = 24 * 3600_000;

// Over HTTP only: real API, worker, Temporal dev server and PostgreSQL; sandbox face check and bank.
describe("remittance payout delivery: the bank's reported arrival (R-E6.5) and no credit of the payout (R-E6.6), over HTTP", () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ LIMIT_ACCOUNTS_PER_ENTERPRISE: '1000' });
  });
  afterAll(async () => {
    await system.stop();
  });

  it('R-E6.5: a deliveredAt in the future or before the payout was sent is refused with 400 naming the field and rule; the first possible one opens the window from itself', async () => {
    const started = await startEnterprise(system, 'remittance', DELAYED_BANK_ACCOUNT);
    await approveRemittance(system, started);
    const payout = await system.db.payout.findFirstOrThrow({ where: { processId: started.processId } });
    const skewMs = system.config.webhookToleranceSeconds * 1000;
    const eventId = uniqueId('bank-evt');

    const future = await reportDelivery(system, { eventId, idempotencyKey: payout.idempotencyKey, deliveredAt: new Date(Date.now() + skewMs + 3600_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.headers.get('content-type')).toContain('application/problem+json');
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'deliveredAt', rule: 'R-E6.5', message: expect.stringMatching(/in the future/) })]);

    const beforeSent = await reportDelivery(system, { eventId, idempotencyKey: payout.idempotencyKey, deliveredAt: new Date(payout.createdAt.getTime() - skewMs - 3600_000).toISOString() });
    expect(beforeSent.status).toBe(400);
    expect(beforeSent.body.errors).toEqual([expect.objectContaining({ field: 'deliveredAt', rule: 'R-E6.5', message: expect.stringMatching(/before the payout was sent/) })]);

    // Neither moved anything: the payout is unreported and the process still waits for the bank.
    expect((await system.db.payout.findUniqueOrThrow({ where: { idempotencyKey: payout.idempotencyKey } })).deliveredAt).toBeNull();
    expect((await http(system, 'GET', `/v1/processes/${started.processId}`, { token: started.token })).body.step).toBe('awaiting_payout_delivery');

    // The same event with a time the money could have arrived at is taken (a refused report is not recorded as seen).
    await new Promise((resolve) => setTimeout(resolve, 50));
    const arrivedAt = new Date(payout.createdAt.getTime() + 10);
    const accepted = await reportDelivery(system, { eventId, idempotencyKey: payout.idempotencyKey, deliveredAt: arrivedAt.toISOString() });
    expect(accepted).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
    const awaiting = await processWhen(system, started, (p) => p.step === 'awaiting_amount');
    // The window runs from the reported arrival, not from when the report was handled.
    expect(awaiting.body.remittance).toMatchObject({ deliveredAt: arrivedAt.toISOString(), amountDeadline: new Date(arrivedAt.getTime() + 7 * DAY).toISOString(), payoutOverdue: false });

    // A later report of the same payout does not move its arrival.
    const again = await reportDelivery(system, { eventId: uniqueId('bank-evt'), idempotencyKey: payout.idempotencyKey, deliveredAt: new Date().toISOString() });
    expect(again.status).toBe(200);
    expect((await system.db.payout.findUniqueOrThrow({ where: { idempotencyKey: payout.idempotencyKey } })).deliveredAt).toEqual(arrivedAt);
  });

  it('R-E6.5: an arrival reported a little ahead of our clock (within the accepted skew) is taken, as now', async () => {
    const started = await startEnterprise(system, 'remittance', DELAYED_BANK_ACCOUNT);
    await approveRemittance(system, started);
    const payout = await system.db.payout.findFirstOrThrow({ where: { processId: started.processId } });
    const ahead = new Date(Date.now() + 60_000);
    expect((await reportDelivery(system, { eventId: uniqueId('bank-evt'), idempotencyKey: payout.idempotencyKey, deliveredAt: ahead.toISOString() })).status).toBe(200);
    const awaiting = await processWhen(system, started, (p) => p.step === 'awaiting_amount');
    // Never a window longer than from now.
    expect(Date.parse(awaiting.body.remittance.deliveredAt)).toBeLessThan(ahead.getTime());
    expect(Date.parse(awaiting.body.remittance.amountDeadline)).toBe(Date.parse(awaiting.body.remittance.deliveredAt) + 7 * DAY);
  });

  it('R-E6.6: a verified remittance books its payout in payouts (and at the bank), never as a credit to the account balance', async () => {
    for (const accountNumber of [DELAYED_BANK_ACCOUNT, '6222020200119876543']) {
      const started = await startEnterprise(system, 'remittance', accountNumber);
      await approveRemittance(system, started);
      const payout = await system.db.payout.findFirstOrThrow({ where: { processId: started.processId } });
      if (accountNumber === DELAYED_BANK_ACCOUNT) {
        expect((await http(system, 'POST', `/v1/sandbox/payouts/${started.processId}/delivered`)).status).toBe(200);
      }
      await processWhen(system, started, (p) => p.step === 'awaiting_amount');
      const entered = await http(system, 'POST', `/v1/processes/${started.processId}/remittance-amount`, { token: started.token, body: { amountFen: payout.amountFen } });
      expect(entered.body).toEqual({ correct: true, attemptsLeft: 2 });
      expect((await processWhen(system, started, () => false)).body.status).toBe('verified');
      expect((await http(system, 'GET', `/v1/accounts/${started.accountId}`, { token: started.token })).body.status).toBe('enterprise');

      expect(await system.db.ledgerEntry.count({ where: { accountId: started.accountId } })).toBe(0);
      const transfer = await system.db.sandboxBankTransfer.findUniqueOrThrow({ where: { idempotencyKey: payout.idempotencyKey } });
      expect(transfer.amountFen).toBe(payout.amountFen);
      expect(Number.isInteger(payout.amountFen) && payout.amountFen >= 1 && payout.amountFen <= 99).toBe(true);
    }
  });
});
