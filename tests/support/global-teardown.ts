import { checkLedger, readBooks } from './ledger-books';
import { testEnvironment } from './environment';

/**
 * Issue 16 (R-E5, R-E6.6): once every test file has run, the whole database's
 * ledger and refunds are summed against the sandbox gateway's and bank's own
 * records (tests/support/ledger-books.ts), before PostgreSQL stops. An
 * imbalance fails the run (jest exits non-zero on a teardown error); the
 * servers are stopped either way. A few queries: no measurable cost to the run.
 */
export default async function globalTeardown(): Promise<void> {
  let imbalances: string[] = [];
  try {
    const check = checkLedger(await readBooks(testEnvironment().databaseUrl));
    imbalances = check.imbalances;
    const { totals } = check;
    process.stdout.write(
      `\nledger check over the whole run (R-E5, R-E6.6): paid in ${totals.paidInFen} fen = credited ${totals.creditedFen} + refunds decided ${totals.refundDecidedFen} ` +
        `(gateway returned ${totals.gatewayRefundedFen} of the ${totals.refundedFen} marked refunded) + ${check.undecided} payments undecided; ` +
        `payouts ${totals.payoutsFen} fen, bank transfers ${totals.transfersFen} fen: ${imbalances.length === 0 ? 'balanced' : `${imbalances.length} imbalances`}\n`,
    );
  } finally {
    for (const stop of globalThis.__testStops ?? []) await stop();
  }
  if (imbalances.length > 0) throw new Error(`the books do not balance after the run (R-E5, R-E6.6):\n- ${imbalances.join('\n- ')}`);
}
