import { checkLedger, type Books } from '../support/ledger-books';

// The whole-run ledger check (tests/support/global-teardown.ts) must fail on a
// real imbalance: fed books that balance, then each way they can fail to.
const balanced = (): Books => ({
  payments: [
    { transactionId: 'tx_credited', processId: 'prc_a', amountFen: 37 },
    { transactionId: 'tx_refunded', processId: 'prc_a', amountFen: 38 },
    { transactionId: 'tx_pending_refund', processId: 'prc_b', amountFen: 50 },
    { transactionId: 'tx_undecided', processId: 'prc_c', amountFen: 12 },
  ],
  ledger: [
    { transactionId: 'tx_credited', accountId: 'acc_a', processId: 'prc_a', kind: 'recharge_verification', amountFen: 37 },
    // A payout credit booked before R-E6.6, and its reversal.
    { transactionId: 'prc_b_payout', accountId: 'acc_b', processId: 'prc_b', kind: 'remittance_payout', amountFen: 23 },
    { transactionId: 'prc_b_payout_reversal', accountId: 'acc_b', processId: 'prc_b', kind: 'remittance_payout_reversal', amountFen: -23 },
  ],
  refunds: [
    { transactionId: 'tx_refunded', amountFen: 38, refundedAt: new Date('2026-12-01T00:00:00Z') },
    { transactionId: 'tx_pending_refund', amountFen: 50, refundedAt: null },
  ],
  gatewayRefunds: [{ transactionId: 'tx_refunded', amountFen: 38 }],
  payouts: [
    { idempotencyKey: 'prc_b_payout', bankReference: 'bank-1', amountFen: 23, refused: false },
    { idempotencyKey: 'prc_d_payout', bankReference: null, amountFen: 41, refused: false },
    // R-E6.4: refused by the bank: drawn, never sent, not counted.
    { idempotencyKey: 'prc_e_payout', bankReference: null, amountFen: 17, refused: true },
  ],
  transfers: [{ idempotencyKey: 'prc_b_payout', amountFen: 23 }],
});

describe('the ledger check after the whole run (R-E5, R-E6.6)', () => {
  it('R-E5, R-E6.6: balanced books pass, a payment still undecided and a refund the gateway has not confirmed yet included', () => {
    const check = checkLedger(balanced());
    expect(check.imbalances).toEqual([]);
    expect(check.undecided).toBe(1);
    expect(check.totals).toMatchObject({ paidInFen: 137, creditedFen: 37, refundDecidedFen: 88, refundedFen: 38, gatewayRefundedFen: 38, payoutsFen: 64, transfersFen: 23 });
  });

  const broken: Array<[string, (books: Books) => void, RegExp]> = [
    ['a credit with no payment behind it', (b) => void b.ledger.push({ transactionId: 'tx_ghost', accountId: 'acc_a', processId: 'prc_a', kind: 'recharge_verification', amountFen: 5 }), /credit tx_ghost .* no payment/],
    ['a credit short of its payment', (b) => void (b.ledger[0]!.amountFen = 36), /credit tx_credited is 36 fen, its payment 37/],
    ['a credit to another process', (b) => void (b.ledger[0]!.processId = 'prc_z'), /booked to process prc_z/],
    ['a payment both credited and refunded', (b) => void b.refunds.push({ transactionId: 'tx_credited', amountFen: 37, refundedAt: null }), /both credited and refunded/],
    ['a refund of another amount', (b) => void (b.refunds[1]!.amountFen = 49), /refund tx_pending_refund is 49 fen, its payment 50/],
    ['a refund marked done the gateway never made', (b) => void (b.refunds[1]!.refundedAt = new Date()), /marked refunded but the gateway returned nothing/],
    ['the gateway returning another amount', (b) => void (b.gatewayRefunds[0]!.amountFen = 39), /gateway returned 39 fen for tx_refunded, we decided 38/],
    ['the gateway returning money no refund decided', (b) => void b.gatewayRefunds.push({ transactionId: 'tx_credited', amountFen: 37 }), /which no refund decided/],
    ['a payout left in a balance (R-E6.6)', (b) => void b.ledger.pop(), /account acc_b holds 23 fen of payouts/],
    ['a payout the bank never transferred', (b) => void b.transfers.pop(), /bank reference but the bank transferred nothing/],
    ['a transfer of another amount', (b) => void (b.transfers[0]!.amountFen = 24), /transferred 24 fen for payout prc_b_payout, we drew 23/],
    ['a transfer no payout drew', (b) => void b.transfers.push({ idempotencyKey: 'prc_x_payout', amountFen: 10 }), /under prc_x_payout, which no payout drew/],
    ['a refused payout the bank transferred (R-E6.4)', (b) => void b.transfers.push({ idempotencyKey: 'prc_e_payout', amountFen: 17 }), /prc_e_payout was refused by the bank but has a transfer/],
    ['an amount in yuan, not integer fen', (b) => void (b.payments[3]!.amountFen = 0.12), /not a positive integer of fen/],
  ];
  it.each(broken)('R-E5, R-E6.6: fails on %s', (_, breakIt, expected) => {
    const books = balanced();
    breakIt(books);
    const { imbalances } = checkLedger(books);
    expect(imbalances.length).toBeGreaterThan(0);
    expect(imbalances.join('\n')).toMatch(expected);
  });
});
