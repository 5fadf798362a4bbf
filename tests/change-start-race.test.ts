import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { issueToken } from '../api/auth';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { createDatabase, type Database } from '../prisma/client';
import { seal, sealedPlaces } from '../prisma/sealed';
import { testConfig } from './support/environment';
import { applicant } from './support/people';
import { uniqueId } from './support/system';
import { noDeadlines } from './support/temporal-stand-in';

const DAY = 24 * 3600 * 1000;

/**
 * R-C1, R-C2: a change's start that waits for the account's previous process
 * to close (its outcome written, its notices going out) is judged again on
 * what that process left. The API on PostgreSQL; Temporal a stand-in that
 * answers the first start with the previous process still running, and lets
 * the test decide what that process did to the account before it closes.
 */
describe('a change started while the previous process finishes (R-C1, R-C2; PostgreSQL, Temporal stand-in)', () => {
  let db: Database;
  const config = testConfig();
  const apiConfig = loadConfig({});
  const logger = createLogger({ level: 'silent' });
  const accounts: string[] = [];

  beforeAll(() => {
    db = createDatabase(config.databaseUrl!, config.database);
  });
  afterAll(async () => {
    await db.process.deleteMany({ where: { accountId: { in: accounts } } });
    await db.account.deleteMany({ where: { id: { in: accounts } } });
    await db.$disconnect();
  });

  /** An account verified 40 days ago (past R-C1's 30) as `subject`, and its previous process, closed as `previousStatus` but still running. */
  async function accountWithFinishingProcess(status: 'individual' | 'enterprise', subject: Record<string, unknown>, previousStatus: string) {
    const accountId = uniqueId('acc_race');
    accounts.push(accountId);
    await db.account.create({
      data: { id: accountId, displayName: accountId, status, verifiedAt: new Date(Date.now() - 40 * DAY), subject: seal(subject, apiConfig.payloadKeys, sealedPlaces.accountSubject(accountId)) },
    });
    const previousId = uniqueId('prc_prev');
    await db.process.create({ data: { id: previousId, accountId, workflowId: `process-${accountId}`, runId: 'run', kind: 'change', method: 'x', status: previousStatus, step: previousStatus } });
    return { accountId, previousId };
  }

  /**
   * Temporal as the start meets it: the first update-with-start finds the
   * previous process's workflow; `closing` runs as that workflow closes (what
   * it wrote to the account); a later start succeeds.
   */
  function temporalWhere(previousId: string, closing: () => Promise<void>) {
    const starts: unknown[] = [];
    const temporal = {
      ...noDeadlines,
      workflow: {
        executeUpdateWithStart: async (_update: unknown, options: unknown) => {
          starts.push(options);
          if (starts.length === 1) throw new WorkflowExecutionAlreadyStartedError('running', 'process-x', 'subjectChange');
          return { status: 'open' };
        },
        getHandle: () => ({
          describe: async () => ({ runId: 'run', memo: { processId: previousId } }),
          result: closing,
        }),
      },
    } as unknown as Client;
    return { temporal, starts };
  }

  async function startChange(temporal: Client, accountId: string, body: unknown, api = apiConfig) {
    const app = createApp({ config: api, db, temporal, logger });
    const token = await issueToken(apiConfig.auth.jwtSecret, apiConfig.auth.issuer, { role: 'holder', subject: `holder-${accountId}`, accountId });
    const response = await app.request(`/v1/accounts/${accountId}/changes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  const enterprise = { type: 'enterprise', name: '福州旧名有限公司', creditCode: '91350100M000100Y43' };
  const rename = { kind: 'enterprise_name', agreement: true, newName: '福州新名有限公司' };

  it('R-C1: the previous process renamed the enterprise meanwhile: the second rename is refused by the cooldown it started, not run on the old subject', async () => {
    const { accountId, previousId } = await accountWithFinishingProcess('enterprise', enterprise, 'changed');
    const { temporal, starts } = temporalWhere(previousId, async () => {
      await db.account.update({ where: { id: accountId }, data: { verifiedAt: new Date() } });
    });
    const answer = await startChange(temporal, accountId, rename);
    expect(answer).toMatchObject({ status: 409, body: { type: expect.stringContaining('change-cooldown'), rule: 'R-C1' } });
    expect(starts).toHaveLength(1);
  });

  it('R-C2: the previous process made the individual an enterprise meanwhile: an individual change is refused for its direction', async () => {
    const person = applicant();
    const individual = { type: 'individual', name: person.name, documentType: person.documentType, documentNumber: person.documentNumber };
    const { accountId, previousId } = await accountWithFinishingProcess('individual', individual, 'changed');
    const { temporal, starts } = temporalWhere(previousId, async () => {
      await db.account.update({ where: { id: accountId }, data: { status: 'enterprise', verifiedAt: new Date() } });
    });
    const answer = await startChange(temporal, accountId, { kind: 'individual_to_individual', agreement: true, newIndividual: applicant() });
    expect(answer).toMatchObject({ status: 409, body: { type: expect.stringContaining('change-not-allowed'), rule: 'R-C2' } });
    expect(starts).toHaveLength(1);
  });

  it('R-C1: a change no rule refuses any more, but judged on the subject before the previous process replaced it, is to be sent again, not started on the old subject', async () => {
    // Without a cooldown, nothing refuses a second rename: only that the first one moved the subject.
    const noCooldown = loadConfig({ CHANGE_COOLDOWN_DAYS: '0' });
    const { accountId, previousId } = await accountWithFinishingProcess('enterprise', enterprise, 'changed');
    const { temporal, starts } = temporalWhere(previousId, async () => {
      await db.account.update({ where: { id: accountId }, data: { verifiedAt: new Date() } });
    });
    const answer = await startChange(temporal, accountId, rename, noCooldown);
    expect(answer).toMatchObject({ status: 409, body: { type: expect.stringContaining('subject-changed'), detail: expect.stringContaining('send the change again') } });
    expect(starts).toHaveLength(1);
  });

  it('R-G2: the previous process failed and left the account as it was: the start goes ahead once it closed', async () => {
    const { accountId, previousId } = await accountWithFinishingProcess('enterprise', enterprise, 'failed');
    const { temporal, starts } = temporalWhere(previousId, async () => undefined);
    const answer = await startChange(temporal, accountId, rename);
    expect(answer).toMatchObject({ status: 201, body: { status: 'open' } });
    expect(starts).toHaveLength(2);
  });

  it('R-G2: an open process with no row yet, a start refused before it opened (subject-changed) closing: the start goes ahead once it closed', async () => {
    const { accountId } = await accountWithFinishingProcess('enterprise', enterprise, 'failed');
    const { temporal, starts } = temporalWhere(uniqueId('prc_refused'), async () => undefined);
    const answer = await startChange(temporal, accountId, rename);
    expect(answer).toMatchObject({ status: 201, body: { status: 'open' } });
    expect(starts).toHaveLength(2);
  });

  it('R-G2: an open process with no row that does not close (one being opened) is still the open process: 409 naming it, after a short wait', async () => {
    const { accountId } = await accountWithFinishingProcess('enterprise', enterprise, 'failed');
    const opening = uniqueId('prc_opening');
    const starts: unknown[] = [];
    const temporal = {
      ...noDeadlines,
      workflow: {
        executeUpdateWithStart: async (_update: unknown, options: unknown) => {
          starts.push(options);
          throw new WorkflowExecutionAlreadyStartedError('running', 'process-x', 'subjectChange');
        },
        getHandle: () => ({ describe: async () => ({ runId: 'run', memo: { processId: opening } }), result: () => new Promise(() => undefined) }),
      },
    } as unknown as Client;
    const began = Date.now();
    const answer = await startChange(temporal, accountId, rename);
    expect(answer).toMatchObject({ status: 409, body: { type: expect.stringContaining('process-already-open'), rule: 'R-G2', openProcessId: opening } });
    expect(starts).toHaveLength(2);
    expect(Date.now() - began).toBeLessThan(5_000);
  });

  describe('R-C4 with FACE_PROVIDER=tencent, whose face check takes mainland ID cards only', () => {
    const tencent = loadConfig({
      FACE_PROVIDER: 'tencent',
      TENCENT_FACEID_RULE_ID: '7',
      TENCENTCLOUD_SECRET_ID: 'AKIDchangestandin000000',
      TENCENTCLOUD_SECRET_KEY: 'change-standin-secret-key-0000000000',
      TENCENT_FACEID_ENDPOINT: 'http://127.0.0.1:9',
    });
    /** An individual account past its cooldown, nothing open: Temporal is not reached unless the start is accepted. */
    async function individualAccount(documentType: string, documentNumber: string) {
      const accountId = uniqueId('acc_face');
      accounts.push(accountId);
      await db.account.create({
        data: { id: accountId, displayName: accountId, status: 'individual', verifiedAt: new Date(Date.now() - 40 * DAY), subject: seal({ type: 'individual', name: '陈大文', documentType, documentNumber }, apiConfig.payloadKeys, sealedPlaces.accountSubject(accountId)) },
      });
      return accountId;
    }
    const starts = () => {
      const started: unknown[] = [];
      const temporal = { ...noDeadlines, workflow: { executeUpdateWithStart: async (_u: unknown, options: unknown) => (started.push(options), { status: 'open' }) } } as unknown as Client;
      return { temporal, started };
    };

    it.each(['individual_to_enterprise', 'individual_to_individual'])('R-C4: %s of a travel-permit holder is refused at the start (409 naming R-C4), not failed in the middle as internal_error', async (kind) => {
      const accountId = await individualAccount('hk_macao_permit', 'H12345678');
      const { temporal, started } = starts();
      const body =
        kind === 'individual_to_individual'
          ? { kind, agreement: true, newIndividual: applicant() }
          : {
              kind,
              agreement: true,
              // Its document is not looked at: the refusal comes first.
              enterprise: { method: 'recharge', enterprise: { licenceType: 'business_licence', licenceDocumentId: `doc_${'0'.repeat(32)}`, name: '福州转企业有限公司', creditCode: '91350100M000100Y43', address: '福建省福州市', contact: { name: '王五', documentNumber: applicant().documentNumber, mobile: '13800138000' } } },
            };
      const answer = await startChange(temporal, accountId, body, tencent);
      expect(answer).toMatchObject({ status: 409, body: { type: expect.stringContaining('change-not-allowed'), rule: 'R-C4', detail: expect.stringContaining('hk_macao_permit') } });
      expect(started).toHaveLength(0);
    });

    it('R-C4: a new individual with a travel permit is a 400 naming newIndividual.documentType; with a mainland ID card the change starts', async () => {
      const person = applicant();
      const accountId = await individualAccount('mainland_id', person.documentNumber);
      const { temporal, started } = starts();
      const permit = { name: '陈小文', documentType: 'hk_macao_permit', documentNumber: 'H87654321', birthDate: '1990-01-01', industry: 'software', address: '香港' };
      const refused = await startChange(temporal, accountId, { kind: 'individual_to_individual', agreement: true, newIndividual: permit }, tencent);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'newIndividual.documentType', rule: 'R-C4' })]);
      expect(started).toHaveLength(0);
      // The sandbox's face check takes any document the rules allow.
      const inSandbox = await startChange(temporal, accountId, { kind: 'individual_to_individual', agreement: true, newIndividual: permit });
      expect(inSandbox.status).toBe(201);
      expect(started).toHaveLength(1);
    });
  });

  it('R-C5.2: where the account records its legal representative (R-C7), an entity change names that one as the pre-change legal person, or is a 400 naming the field', async () => {
    const representative = applicant({ name: '林代表' });
    const accountId = uniqueId('acc_entity');
    accounts.push(accountId);
    const recorded = { ...enterprise, legalPerson: { name: representative.name, documentNumber: representative.documentNumber } };
    await db.account.create({
      data: { id: accountId, displayName: accountId, status: 'enterprise', verifiedAt: new Date(Date.now() - 40 * DAY), subject: seal(recorded, apiConfig.payloadKeys, sealedPlaces.accountSubject(accountId)) },
    });
    const started: unknown[] = [];
    const temporal = { ...noDeadlines, workflow: { executeUpdateWithStart: async (_u: unknown, options: unknown) => (started.push(options), { status: 'open' }) } } as unknown as Client;
    const entityChange = (preChangeLegalPerson: { name: string; documentNumber: string }) => ({
      kind: 'enterprise_entity',
      agreement: true,
      preChangeLegalPerson,
      newEntity: { name: '福州乙有限公司', creditCode: '91350100M000100Y43', address: '福建省福州市' },
    });
    const someoneElse = applicant({ name: '王冒名' });
    const refused = await startChange(temporal, accountId, entityChange({ name: someoneElse.name, documentNumber: someoneElse.documentNumber }));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'preChangeLegalPerson', rule: 'R-C5' })]));
    expect(started).toHaveLength(0);
    // The recorded one passes this check (the materials it still lacks are another field's refusal).
    const named = await startChange(temporal, accountId, entityChange({ name: representative.name, documentNumber: representative.documentNumber }));
    expect((named.body.errors as Array<{ field: string }> | undefined)?.map((e) => e.field) ?? []).not.toContain('preChangeLegalPerson');

    // R-C7: the legal representative it already records is no update, and would restart the 30-day wait (R-C1).
    const same = await startChange(temporal, accountId, { kind: 'legal_representative', agreement: true, legalRepresentative: { name: representative.name, documentNumber: representative.documentNumber, method: 'face' } });
    expect(same.status).toBe(400);
    expect(same.body.errors).toEqual([expect.objectContaining({ field: 'legalRepresentative', rule: 'R-C7' })]);
    expect(started).toHaveLength(0);
  });
});
