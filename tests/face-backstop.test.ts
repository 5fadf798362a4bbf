import { ApplicationFailure } from '@temporalio/common';
import { faceCheckBook, LAST_READ_BEFORE_EXPIRY_SECONDS, pollFaceChecks, type FaceBackstopDeps } from '../activities/face-backstop';
import type { FaceIdOutcome } from '../activities/providers/tencent-faceid';
import { createLogger } from '../config/logger';
import { createDatabase, sqlPool, type Database } from '../prisma/client';
import type { ProviderEvent } from '../workflows/individual/messages';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';

/**
 * Issue 20, the FaceID backstop's pass against PostgreSQL, with the adapter's
 * reads and the delivery stubbed: what each answer settles, what is read
 * again, and what needs no read. (tests/e2e/tencent-faceid-backstop.test.ts
 * runs it whole, against the FaceID stand-in.)
 */
describe('FaceID backstop pass (R-P7, R-P8)', () => {
  const POLL_SECONDS = 5;
  let db: Database;
  /** What the stub adapter answers per BizToken (pending for any other). */
  const answers = new Map<string, FaceIdOutcome | Error>();
  const reads: string[] = [];
  const delivered: ProviderEvent[] = [];
  let failDelivery = false;

  const deps = (now: number): FaceBackstopDeps => ({
    db,
    face: {
      async readResult(_ticket, bizToken) {
        reads.push(bizToken);
        const answer = answers.get(bizToken) ?? { status: 'pending' };
        if (answer instanceof Error) throw answer;
        return answer;
      },
    },
    async deliver(event) {
      if (failDelivery) throw new Error('temporal away');
      delivered.push(event);
    },
    logger: createLogger({ level: 'silent' }),
    pollSeconds: POLL_SECONDS,
    batch: 1000,
    now: () => now,
  });

  async function started(options: { expiresInMs?: number } = {}) {
    const ticket = uniqueId('tkt');
    const bizToken = uniqueId('BIZ');
    await faceCheckBook(db, POLL_SECONDS).started(ticket, bizToken, Date.now() + (options.expiresInMs ?? 600_000));
    return { ticket, bizToken };
  }

  async function row(bizToken: string) {
    const { rows } = await sqlPool(db).query<{ settlement: string | null; polls: number; settled: boolean }>(
      'SELECT settlement, polls, settled_at IS NOT NULL AS settled FROM tencent_face_checks WHERE biz_token = $1',
      [bizToken],
    );
    return rows[0];
  }

  /** A pass at a time when every check recorded now is due. */
  const due = () => Date.now() + (POLL_SECONDS + 1) * 1000;

  beforeAll(() => {
    db = createDatabase(testConfig().databaseUrl!, testConfig().database);
  });
  afterAll(async () => {
    await db.$disconnect();
  });
  beforeEach(() => {
    reads.length = 0;
    delivered.length = 0;
    failDelivery = false;
  });

  it('a check is not read before its first interval, and a pending one is read again one interval later', async () => {
    const { bizToken } = await started();
    await pollFaceChecks(deps(Date.now()));
    expect(reads).not.toContain(bizToken);
    const at = due();
    await pollFaceChecks(deps(at));
    expect(reads.filter((read) => read === bizToken)).toHaveLength(1);
    // Claimed with its next read moved ahead: a second pass at the same moment does not read it again.
    await pollFaceChecks(deps(at));
    expect(reads.filter((read) => read === bizToken)).toHaveLength(1);
    await pollFaceChecks(deps(at + POLL_SECONDS * 1000));
    expect(reads.filter((read) => read === bizToken)).toHaveLength(2);
    expect(await row(bizToken)).toEqual({ settlement: null, polls: 2, settled: false });
  });

  it('R-P8: a result is delivered once, as the event the return would make, and settles the check', async () => {
    const { ticket, bizToken } = await started();
    answers.set(bizToken, { status: 'failed', reason: 'face_mismatch', errCode: 2016 });
    await pollFaceChecks(deps(due()));
    expect(delivered.filter((event) => event.ticket === ticket)).toEqual([{ provider: 'face', eventId: `tencent-faceid:${bizToken}`, ticket, type: 'failed', reason: 'face_mismatch' }]);
    expect(await row(bizToken)).toMatchObject({ settlement: 'delivered', settled: true });
    await pollFaceChecks(deps(due() + 60_000));
    expect(reads.filter((read) => read === bizToken)).toHaveLength(1);
  });

  it('a delivery that fails (Temporal away, the ticket not registered yet) is read and delivered again at the next interval', async () => {
    const { ticket, bizToken } = await started();
    answers.set(bizToken, { status: 'passed', person: { name: '张三', documentType: 'mainland_id', documentNumber: '110101199003071234' } });
    failDelivery = true;
    await pollFaceChecks(deps(due()));
    expect(await row(bizToken)).toMatchObject({ settlement: null, settled: false });
    failDelivery = false;
    await pollFaceChecks(deps(due() + POLL_SECONDS * 1000));
    expect(delivered.filter((event) => event.ticket === ticket).map((event) => event.type)).toEqual(['passed']);
    expect(await row(bizToken)).toMatchObject({ settlement: 'delivered' });
  });

  it('a check whose event the browser\'s return delivered is settled without a read', async () => {
    const { bizToken } = await started();
    await sqlPool(db).query('INSERT INTO webhook_events (provider, event_id) VALUES ($1, $2)', ['face', `tencent-faceid:${bizToken}`]);
    await pollFaceChecks(deps(due()));
    expect(reads).not.toContain(bizToken);
    expect(await row(bizToken)).toMatchObject({ settlement: 'returned', settled: true });
  });

  it('R-P7: past its code\'s expiry a check is settled without a read; Tencent\'s expiry, void and a refusal end it too; throttling does not', async () => {
    const expiring = await started({ expiresInMs: 2000 });
    const tencentExpired = await started();
    const voided = await started();
    const refused = await started();
    const throttled = await started();
    answers.set(tencentExpired.bizToken, { status: 'expired' });
    answers.set(voided.bizToken, { status: 'void', errCode: 9999 });
    answers.set(refused.bizToken, ApplicationFailure.create({ type: 'ProviderRejected', message: 'FaceID GetDetectInfoEnhanced: AuthFailure', nonRetryable: true }));
    answers.set(throttled.bizToken, ApplicationFailure.create({ type: 'DependencyUnavailable', message: 'FaceID GetDetectInfoEnhanced: RequestLimitExceeded', nonRetryable: false }));
    await pollFaceChecks(deps(due()));
    expect(reads).not.toContain(expiring.bizToken);
    expect(await row(expiring.bizToken)).toMatchObject({ settlement: 'expired', polls: 0 });
    expect(await row(tencentExpired.bizToken)).toMatchObject({ settlement: 'expired', polls: 1 });
    expect(await row(voided.bizToken)).toMatchObject({ settlement: 'void' });
    expect(await row(refused.bizToken)).toMatchObject({ settlement: 'refused' });
    expect(await row(throttled.bizToken)).toMatchObject({ settlement: null, settled: false });
    expect(delivered).toEqual([]);
  });

  it('R-P7: a check is read once more just before its code expires, where the next interval would pass the expiry, so a pass finished in time is delivered in time', async () => {
    // Reads every 5 s, expires 14 s after it starts: one interval after the first read passes the last read, 6 s before the expiry.
    const startedAt = Date.now();
    const check = await started({ expiresInMs: 14_000 });
    const expiresAt = startedAt + 14_000;
    const lastRead = expiresAt - LAST_READ_BEFORE_EXPIRY_SECONDS * 1000;
    await pollFaceChecks(deps(startedAt + POLL_SECONDS * 1000 + 100));
    expect(reads.filter((b) => b === check.bizToken)).toHaveLength(1);
    // Not due again before the last read (one interval on would be past the expiry)...
    await pollFaceChecks(deps(lastRead - 300));
    expect(reads.filter((b) => b === check.bizToken)).toHaveLength(1);
    // ...and read at it, while the code is valid: the pass is delivered.
    answers.set(check.bizToken, { status: 'passed', person: { name: '张三', documentType: 'mainland_id', documentNumber: '11010519491231002X' } } as FaceIdOutcome);
    await pollFaceChecks(deps(lastRead + 300));
    expect(reads.filter((b) => b === check.bizToken)).toHaveLength(2);
    expect(delivered.map((e) => e.ticket)).toEqual([check.ticket]);
    expect(await row(check.bizToken)).toMatchObject({ settlement: 'delivered', polls: 2 });
  });

  it('R-P7: a code valid for less than one interval is read once, just before it expires', async () => {
    const startedAt = Date.now();
    const validMs = (LAST_READ_BEFORE_EXPIRY_SECONDS + 2) * 1000;
    const check = await started({ expiresInMs: validMs });
    await pollFaceChecks(deps(startedAt + 500));
    expect(reads).not.toContain(check.bizToken);
    await pollFaceChecks(deps(startedAt + validMs - LAST_READ_BEFORE_EXPIRY_SECONDS * 1000 + 300));
    expect(reads.filter((b) => b === check.bizToken)).toHaveLength(1);
    expect(await row(check.bizToken)).toMatchObject({ settlement: null, polls: 1 });
  });
});
