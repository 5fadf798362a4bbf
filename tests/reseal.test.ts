import { execFile } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { PayloadKey } from '../codec/key-ring';
import { Prisma } from '../generated/prisma/client';
import { createDatabase, type Database } from '../prisma/client';
import { resealColumns } from '../prisma/reseal';
import { seal, sealedPlaces, unseal, type SealedJson } from '../prisma/sealed';
import { testConfig } from './support/environment';
import { uniqueId } from './support/system';

const subject = { type: 'individual', name: '张三', documentNumber: '11010519491231002X' };
const materials = { documents: { licence: 'doc_1' }, fields: { bankAccount: { accountNumber: '6222020200112233' } } };

/** A value as the first release sealed it (v1): the raw payload key, no associated data. */
function sealV1(value: unknown, key: PayloadKey): SealedJson {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { v: 1, kid: key.id, iv: iv.toString('base64'), ct: ct.toString('base64') };
}

// `npm run reseal` against the provisioned PostgreSQL: plain rows (from before
// sealing, which reads now refuse) and v1 values become row-bound v2.
describe('reseal: plain and v1 columns become v2 (finding 10)', () => {
  let db: Database;
  const config = testConfig({ PAYLOAD_KEYS: `reseal:${randomBytes(32).toString('base64')}` });
  const keys = config.payloadKeys;
  const accountIds: string[] = [];
  const reviewIds: string[] = [];
  const processIds: string[] = [];

  beforeAll(() => {
    db = createDatabase(config.databaseUrl!, config.database);
  });
  afterAll(async () => {
    await db.subjectHistory.deleteMany({ where: { processId: { in: processIds } } });
    await db.review.deleteMany({ where: { id: { in: reviewIds } } });
    await db.account.deleteMany({ where: { id: { in: accountIds } } });
    await db.$disconnect();
  });

  async function account(stored: Prisma.InputJsonValue | typeof Prisma.DbNull): Promise<string> {
    const id = uniqueId('acc_reseal');
    accountIds.push(id);
    await db.account.create({ data: { id, displayName: id, subject: stored } });
    return id;
  }

  async function review(stored: Prisma.InputJsonValue): Promise<string> {
    const id = uniqueId('rev_reseal');
    reviewIds.push(id);
    await db.review.create({ data: { id, processId: uniqueId('prc_reseal'), accountId: 'acc_reseal', workflowId: `review-${id}`, kind: 'enterprise_remittance', status: 'pending', materials: stored, rules: [], dueAt: new Date() } });
    return id;
  }

  async function history(before: Prisma.InputJsonValue, after: Prisma.InputJsonValue): Promise<string> {
    const processId = uniqueId('prc_reseal');
    processIds.push(processId);
    await db.subjectHistory.create({ data: { processId, accountId: 'acc_reseal', kind: 'individual_to_individual', requestedBy: 'holder', before, after, outcome: 'changed', startedAt: new Date() } });
    return processId;
  }

  it('seals plain rows and upgrades v1 values, each bound to its own row; v2 and NULL are left alone', async () => {
    const plainAccount = await account(subject);
    const v1Account = await account(sealV1(subject, keys[0]!));
    const v2Account = await account(Prisma.DbNull);
    await db.account.update({ where: { id: v2Account }, data: { subject: seal(subject, keys, sealedPlaces.accountSubject(v2Account)) } });
    const v2Before = (await db.account.findUniqueOrThrow({ where: { id: v2Account } })).subject;
    const nullAccount = await account(Prisma.DbNull);
    const plainReview = await review(materials);
    const mixedHistory = await history(sealV1(subject, keys[0]!), { ...subject, name: '李四' });

    const report = await resealColumns(db, keys);
    expect(report['accounts.subject'].sealed).toBeGreaterThanOrEqual(1);
    expect(report['accounts.subject'].upgraded).toBeGreaterThanOrEqual(1);
    expect(report['reviews.materials'].sealed).toBeGreaterThanOrEqual(1);
    expect(report['subject_history.before'].upgraded).toBeGreaterThanOrEqual(1);
    expect(report['subject_history.after'].sealed).toBeGreaterThanOrEqual(1);

    const rows = await db.account.findMany({ where: { id: { in: [plainAccount, v1Account, nullAccount, v2Account] } } });
    const byId = new Map(rows.map((row) => [row.id, row.subject]));
    for (const id of [plainAccount, v1Account]) {
      expect(byId.get(id)).toMatchObject({ v: 2 });
      expect(JSON.stringify(byId.get(id))).not.toContain('张三');
      expect(unseal(byId.get(id), keys, sealedPlaces.accountSubject(id))).toEqual(subject);
      // Bound to its row: it opens nowhere else.
      expect(() => unseal(byId.get(id), keys, sealedPlaces.accountSubject(nullAccount))).toThrow(/failed authentication/);
    }
    expect(byId.get(nullAccount)).toBeNull();
    expect(byId.get(v2Account)).toEqual(v2Before);

    const resealedReview = await db.review.findUniqueOrThrow({ where: { id: plainReview } });
    expect(unseal(resealedReview.materials, keys, sealedPlaces.reviewMaterials(plainReview))).toEqual(materials);
    const resealedHistory = await db.subjectHistory.findUniqueOrThrow({ where: { processId: mixedHistory } });
    expect(unseal(resealedHistory.before, keys, sealedPlaces.historyBefore(mixedHistory))).toEqual(subject);
    expect(unseal(resealedHistory.after, keys, sealedPlaces.historyAfter(mixedHistory))).toEqual({ ...subject, name: '李四' });

    // A second pass finds nothing of ours left to do.
    await resealColumns(db, keys);
    expect((await db.account.findUniqueOrThrow({ where: { id: plainAccount } })).subject).toEqual(byId.get(plainAccount));
  });

  it('leaves a v1 value under a key no longer in the ring as it is, naming its place and key but never its content', async () => {
    const gone: PayloadKey = { id: 'gone', key: randomBytes(32) };
    const stranded = sealV1(subject, gone);
    const id = await account(stranded);
    const report = await resealColumns(db, keys);
    expect(report['accounts.subject'].failed).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`accounts\\.subject of row "${id}".*"gone"`))]));
    expect(report['accounts.subject'].failed.join('\n')).not.toContain('张三');
    expect((await db.account.findUniqueOrThrow({ where: { id } })).subject).toEqual(stranded);
    // Not left for the next pass (the CLI below exits 1 on a failure).
    await db.account.delete({ where: { id } });
  });

  it('npm run reseal -- --dry-run counts without writing, and prints places, never values', async () => {
    const id = await account(subject);
    const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
    const { stdout } = await promisify(execFile)(tsx, [join(__dirname, '..', 'scripts', 'reseal.ts'), '--dry-run'], {
      env: { ...process.env, DATABASE_URL: config.databaseUrl!, PAYLOAD_KEYS: `reseal:${keys[0]!.key.toString('base64')}`, LOG_LEVEL: 'silent' },
    });
    expect(stdout).toMatch(/^accounts\.subject: would seal [1-9]\d* plain, would upgrade \d+ v1, \d+ failed$/m);
    expect(stdout).toMatch(/^subject_history\.after: /m);
    expect(stdout).not.toContain('张三');
    expect((await db.account.findUniqueOrThrow({ where: { id } })).subject).toEqual(subject);
  });
});
