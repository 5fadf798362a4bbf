import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { capabilityKey } from '../activities/capabilities';
import { createCompletionActivities } from '../activities/completion';
import { createProcessActivities } from '../activities/process';
import { createQrCodeActivities } from '../activities/qr-codes';
import type { CodeIssuer } from '../activities/providers/code-provider';
import type { CompleteIndividualInput, IssuedQrCode } from '../activities/types';
import type { DocumentType } from '../domain';
import { createDatabase, sqlPool, type Database } from '../prisma/client';
import { isSealed, sealedPlaces, unseal } from '../prisma/sealed';
import { inSqlTransaction } from '../prisma/sql-transaction';
import { testConfig } from './support/environment';
import { applicant } from './support/people';
import { uniqueId } from './support/system';

// The activities every individual verification runs, in plain SQL on the pool under Prisma, against the provisioned PostgreSQL.
describe('individual verification activities (PostgreSQL)', () => {
  let db: Database;
  const config = testConfig();
  const accountIds: string[] = [];
  const processIds: string[] = [];

  beforeAll(() => {
    db = createDatabase(config.databaseUrl!, config.database);
  });
  afterAll(async () => {
    await db.subjectHistory.deleteMany({ where: { accountId: { in: accountIds } } });
    await db.qrTicket.deleteMany({ where: { processId: { in: processIds } } });
    await db.processStep.deleteMany({ where: { processId: { in: processIds } } });
    await db.process.deleteMany({ where: { id: { in: processIds } } });
    await db.account.deleteMany({ where: { id: { in: accountIds } } });
    await db.$disconnect();
  });

  async function account(): Promise<string> {
    const id = uniqueId('acc_ind_act');
    accountIds.push(id);
    await db.account.create({ data: { id, displayName: id } });
    return id;
  }

  /** Opens a process as the workflow run `runId` would. */
  async function open(accountId: string, runId = 'run-1') {
    const processId = uniqueId('prc_ind_act');
    processIds.push(processId);
    const { openProcess } = createProcessActivities(db);
    const input = { processId, accountId, kind: 'individual_verification', method: 'wechat_qr', at: Date.UTC(2026, 0, 2), deadlines: { abandonAt: 1 } };
    const opened = await new MockActivityEnvironment({ workflowExecution: { workflowId: `wf_${accountId}`, runId } }).run(openProcess, input);
    return { processId, input, opened };
  }

  it('opening a process writes its row once and says whether the account may verify; a retry changes nothing', async () => {
    const accountId = await account();
    const { processId, input, opened } = await open(accountId);
    expect(opened).toEqual({ eligible: true });
    await new MockActivityEnvironment({ workflowExecution: { workflowId: `wf_${accountId}`, runId: 'run-2' } }).run(
      createProcessActivities(db).openProcess,
      input,
    );

    expect(await db.process.findUniqueOrThrow({ where: { id: processId } })).toMatchObject({
      accountId,
      workflowId: `wf_${accountId}`,
      runId: 'run-1',
      kind: 'individual_verification',
      method: 'wechat_qr',
      status: 'open',
      step: 'starting',
      deadlines: { abandonAt: 1 },
      action: null,
      createdAt: new Date(Date.UTC(2026, 0, 2)),
      completedAt: null,
    });
    await db.account.update({ where: { id: accountId }, data: { status: 'individual' } });
    expect((await open(accountId)).opened).toEqual({ eligible: false });
  });

  it('a step is recorded once and moves the process row; a closing step completes it', async () => {
    const { processId } = await open(await account());
    const { recordStep } = createProcessActivities(db);
    const step = { processId, seq: 1, step: 'awaiting_scan', status: 'open', at: Date.UTC(2026, 0, 2, 1), failureReason: null, action: { ticket: 't' }, detail: { provider: 'wechat' } };
    await recordStep(step);
    await recordStep(step);
    await recordStep({ processId, seq: 2, step: 'failed', status: 'failed', at: Date.UTC(2026, 0, 2, 2), failureReason: 'abandoned', action: null, method: 'qq_qr' });

    const steps = await db.processStep.findMany({ where: { processId }, orderBy: { seq: 'asc' } });
    expect(steps.map((s) => [s.seq, s.step, s.detail, s.at])).toEqual([
      [1, 'awaiting_scan', { provider: 'wechat' }, new Date(Date.UTC(2026, 0, 2, 1))],
      [2, 'failed', null, new Date(Date.UTC(2026, 0, 2, 2))],
    ]);
    expect(await db.process.findUniqueOrThrow({ where: { id: processId } })).toMatchObject({
      status: 'failed',
      step: 'failed',
      failureReason: 'abandoned',
      action: null,
      method: 'qq_qr',
      completedAt: new Date(Date.UTC(2026, 0, 2, 2)),
    });

    // R-G7: the outcome is final: a late step (a stray retry, a write racing the row's closing) neither reopens nor extends it.
    await recordStep({ processId, seq: 3, step: 'awaiting_scan', status: 'open', at: Date.UTC(2026, 0, 2, 3), failureReason: null, action: { ticket: 'late' } });
    expect(await db.processStep.count({ where: { processId } })).toBe(2);
    expect(await db.process.findUniqueOrThrow({ where: { id: processId } })).toMatchObject({ status: 'failed', step: 'failed', action: null });
  });

  it('a step\'s statement is prepared once per connection, and later steps reuse it', async () => {
    // One connection, so the session whose prepared statements are listed is the one that recorded the steps.
    const single = createDatabase(config.databaseUrl!, { ...config.database, poolSize: 1 });
    try {
      const { processId } = await open(await account());
      const { recordStep } = createProcessActivities(single);
      const step = { processId, seq: 1, step: 'awaiting_scan', status: 'open', at: Date.UTC(2026, 0, 2, 1), failureReason: null, action: null };
      await recordStep(step);
      await recordStep({ ...step, seq: 2, step: 'awaiting_authorization' });
      const { rows } = await sqlPool(single).query<{ name: string; statement: string }>('SELECT name, statement FROM pg_prepared_statements');
      expect(rows.filter((row) => row.name === 'record-step')).toHaveLength(1);
      expect(rows.find((row) => row.name === 'record-step')?.statement).toContain('INSERT INTO process_steps');
      expect(await db.processStep.count({ where: { processId } })).toBe(2);
    } finally {
      await single.$disconnect();
    }
  });

  it('R-P7, R-E6.4: a code issued again after a lost response makes the same unpredictable ticket and keeps its one row', async () => {
    const { processId } = await open(await account());
    const issuer: CodeIssuer = { createQrCode: async (ticket) => ({ qrUrl: `https://qr.example/${ticket}` }) };
    const { issueQrCode } = createQrCodeActivities(db, { wechat: issuer, qq: issuer, face: issuer }, capabilityKey('test-secret'));
    const code = { processId, provider: 'wechat' as const, expiresAt: Date.UTC(2026, 0, 3) };
    const run = { workflowId: `account-process-${processId}`, runId: randomUUID() };
    const attempt = (activityId: string, execution = run) =>
      new MockActivityEnvironment({ workflowExecution: execution, activityId }).run(issueQrCode, code) as Promise<IssuedQrCode>;

    const first = await attempt('1');
    expect(first.ticket).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.qrUrl).toBe(`https://qr.example/${first.ticket}`);
    // The retry of the same activity: the same ticket, no second row.
    expect(await attempt('1')).toEqual(first);
    // The next code of the process, and a code of another run with the same activity id: other tickets.
    const next = await attempt('2');
    const otherRun = await attempt('1', { ...run, runId: randomUUID() });
    expect(new Set([first.ticket, next.ticket, otherRun.ticket]).size).toBe(3);
    expect((await db.qrTicket.findMany({ where: { processId } })).map((row) => row.ticket).sort()).toEqual([first.ticket, next.ticket, otherRun.ticket].sort());

    // A process started before tickets came from the activity brings its own, kept as it is.
    const legacy = uniqueId('tkt');
    expect(await issueQrCode({ ...code, ticket: legacy })).toEqual({ qrUrl: `https://qr.example/${legacy}`, ticket: legacy });
    expect(await db.qrTicket.findUnique({ where: { ticket: legacy } })).toMatchObject({ provider: 'wechat', expiresAt: new Date(Date.UTC(2026, 0, 3)) });
  });

  function completion(accountId: string, processId: string, documentNumber?: string): CompleteIndividualInput {
    const person = applicant(documentNumber ? { documentNumber } : {});
    return { processId, accountId, applicant: { ...person, documentType: person.documentType as DocumentType, birthDate: '1990-01-01' }, method: 'wechat_qr', at: Date.UTC(2026, 0, 2, 3) };
  }

  it('R-P9, R-C9: completion seals the subject into the account and its history; a retry finds its own success', async () => {
    const accountId = await account();
    const { processId } = await open(accountId);
    const { completeIndividualVerification } = createCompletionActivities({ db, identityHashSecret: 'test-secret', accountsPerIndividualIdentity: 3, payloadKeys: config.payloadKeys });
    const input = completion(accountId, processId);

    expect(await completeIndividualVerification(input)).toEqual({ outcome: 'verified' });
    expect(await completeIndividualVerification(input)).toEqual({ outcome: 'verified' });

    const stored = await db.account.findUniqueOrThrow({ where: { id: accountId } });
    expect(stored).toMatchObject({ status: 'individual', verifiedAt: new Date(input.at) });
    expect(stored.identityKey).toMatch(/\S/);
    expect(isSealed(stored.subject)).toBe(true);
    const subject = { type: 'individual', ...input.applicant, method: 'wechat_qr', processId };
    expect(unseal(stored.subject, config.payloadKeys, sealedPlaces.accountSubject(accountId))).toEqual(subject);
    const history = await db.subjectHistory.findMany({ where: { accountId } });
    expect(history).toEqual([
      expect.objectContaining({ processId, kind: 'individual_verification', requestedBy: 'holder', before: null, outcome: 'verified', startedAt: new Date(input.at), endedAt: new Date(input.at) }),
    ]);
    // The same subject, sealed for the history row: each copy opens only at its own place.
    expect(unseal(history[0]!.after, config.payloadKeys, sealedPlaces.historyAfter(processId))).toEqual(subject);
    expect(() => unseal(history[0]!.after, config.payloadKeys, sealedPlaces.accountSubject(accountId))).toThrow(/failed authentication/);
  });

  it('R-P5: past the limit of accounts per identity, a completion changes nothing', async () => {
    const { completeIndividualVerification } = createCompletionActivities({ db, identityHashSecret: 'test-secret', accountsPerIndividualIdentity: 1, payloadKeys: config.payloadKeys });
    const first = await account();
    const firstInput = completion(first, (await open(first)).processId);
    expect(await completeIndividualVerification(firstInput)).toEqual({ outcome: 'verified' });

    const second = await account();
    const { processId } = await open(second);
    expect(await completeIndividualVerification(completion(second, processId, firstInput.applicant.documentNumber))).toEqual({ outcome: 'identity_limit_reached' });
    expect(await db.account.findUniqueOrThrow({ where: { id: second } })).toMatchObject({ status: 'unverified', subject: null, identityKey: null });
    expect(await db.subjectHistory.count({ where: { processId } })).toBe(0);
  });

  it('an idle connection PostgreSQL closes (a restart) is dropped by the pool and does not end a process that never used Prisma', async () => {
    const direct = createDatabase(config.databaseUrl!, config.database);
    try {
      const { rows } = await sqlPool(direct).query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(sqlPool(direct).idleCount).toBe(1);
      // Unheard, the pool's 'error' would be thrown from the socket's callback and fail this test as an uncaught exception.
      await sqlPool(db).query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      for (let waited = 0; sqlPool(direct).totalCount > 0 && waited < 5_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sqlPool(direct).totalCount).toBe(0);
      expect((await sqlPool(direct).query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await direct.$disconnect();
    }
  });

  it('a transaction on the pool rolls back what fails and gives its connection back', async () => {
    const accountId = await account();
    // More failures than the pool has connections: a connection kept by a failed transaction would starve the last one.
    for (let i = 0; i <= config.database.poolSize; i += 1) {
      await expect(
        inSqlTransaction(db, async (client) => {
          await client.query('UPDATE accounts SET display_name = $2 WHERE id = $1', [accountId, 'renamed']);
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
    }
    await inSqlTransaction(db, async (client) => {
      await client.query('SELECT 1');
    });
    expect((await db.account.findUniqueOrThrow({ where: { id: accountId } })).displayName).toBe(accountId);
    expect(sqlPool(db).totalCount).toBeLessThanOrEqual(config.database.poolSize);
    expect(sqlPool(db).waitingCount).toBe(0);
  });
});
