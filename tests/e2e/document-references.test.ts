import { creditCodeCheckCharacter } from '../../domain';
import { mainlandId } from '../support/people';
import { eventually, http, startSystem, uniqueId, uploadDocument, type RunningSystem } from '../support/system';

const DAY = 24 * 3600_000;

// Finding 5 over HTTP: every document id a process takes is a document of the account, in the store's
// format, under a role its kind takes; nothing else can reach a review, and so the operator console.
describe('document ids in process inputs (finding 5), over HTTP', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ LIMIT_ACCOUNTS_PER_ENTERPRISE: '1000' });
  });
  afterAll(async () => {
    await system.stop();
  });

  const traversal = (accountId: string) => `../accounts/${accountId}/subject/unmasked?reason=forged`;
  const processWhen = (processId: string, token: string, check: (body: any) => boolean) =>
    eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.status === 200 && (check(r.body) || r.body.status !== 'open'));

  async function account() {
    const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'documents' } })).body.id as string;
    return { accountId, token: await system.holderToken(accountId) };
  }

  function enterpriseBody(licenceDocumentId: string, name: string, creditCode: string) {
    return {
      method: 'wechat_official_account',
      enterprise: {
        licenceType: 'business_licence',
        licenceDocumentId,
        name,
        creditCode,
        address: '福建省福州市',
        contact: { name: '王五', documentNumber: mainlandId('350102', '1985-06-15', '123'), mobile: '13800138000' },
      },
    };
  }

  /**
   * An enterprise account verified 31 days ago through its official account. A 12… code (a public
   * institution) makes its name change go to review (R-C6); a 91… code makes it automatic.
   */
  async function enterpriseAccount(prefix: '12' | '91') {
    const { accountId, token } = await account();
    const first17 = `${prefix}350100MA${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const name = `福州材料测试单位${uniqueId('')}`;
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
      token,
      body: enterpriseBody(await uploadDocument(system, token, 'business_licence'), name, first17 + creditCodeCheckCharacter(first17)),
    });
    expect(started.status).toBe(201);
    const scan = await processWhen(started.body.processId, token, (p) => p.qrCode);
    await http(system, 'POST', `/v1/sandbox/wechat/tickets/${scan.body.qrCode.ticket}/authorize`, {
      body: { name: '管理员', documentNumber: mainlandId('350102', '1980-01-01', '111'), officialAccountName: name },
    });
    expect((await processWhen(started.body.processId, token, () => false)).body.status).toBe('verified');
    await system.db.account.update({ where: { id: accountId }, data: { verifiedAt: new Date(Date.now() - 31 * DAY) } });
    return { accountId, token };
  }

  async function nameChangeMaterials(token: string) {
    return {
      applicationForm: await uploadDocument(system, token, 'change_application_form'),
      changeProof: await uploadDocument(system, token, 'registry_change_proof'),
      licence: await uploadDocument(system, token, 'business_licence'),
    };
  }

  const startNameChange = (accountId: string, token: string, materials: unknown) =>
    http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body: { kind: 'enterprise_name', agreement: true, newName: '福州新名单位', materials } });

  const nothingStarted = async (accountId: string) => {
    expect(await system.db.process.count({ where: { accountId, kind: 'change' } })).toBe(0);
    expect(await system.db.review.count({ where: { accountId } })).toBe(0);
  };

  it('finding 5, R-C6: a path in place of a document id gets 400 naming the field, starts nothing, and no unmasked read is audited', async () => {
    const { accountId, token } = await enterpriseAccount('12');
    const materials = await nameChangeMaterials(token);

    // Before finding 5 the three required ids were checked and anything else went through to the review.
    const asOtherRole = await startNameChange(accountId, token, { ...materials, originalLicence: traversal(accountId) });
    expect(asOtherRole.status).toBe(400);
    expect(asOtherRole.headers.get('content-type')).toContain('application/problem+json');
    expect(asOtherRole.body.errors).toEqual([expect.objectContaining({ field: 'materials.originalLicence' })]);

    const asRequiredRole = await startNameChange(accountId, token, { ...materials, licence: traversal(accountId) });
    expect(asRequiredRole.status).toBe(400);
    expect(asRequiredRole.body.errors).toEqual([expect.objectContaining({ field: 'materials.licence', message: expect.stringContaining('doc_ and 32 hex digits') })]);

    await nothingStarted(accountId);
    expect(await system.db.subjectAccessAudit.count({ where: { accountId } })).toBe(0);
  });

  it('finding 5, R-C6: a key no change kind takes is refused (strict), even holding a good document id', async () => {
    const { accountId, token } = await enterpriseAccount('12');
    const materials = await nameChangeMaterials(token);
    const extra = await uploadDocument(system, token, 'business_licence');
    for (const body of [{ ...materials, evil: traversal(accountId) }, { ...materials, extraLicence: extra }]) {
      const refused = await startNameChange(accountId, token, body);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'materials', message: expect.stringMatching(/evil|extraLicence/) })]);
    }
    await nothingStarted(accountId);
  });

  it("finding 5, R-C6, R-E2, R-E6: another account's document is refused naming the field, as an unknown one is", async () => {
    const { accountId, token } = await enterpriseAccount('12');
    const other = await account();
    const foreign = await uploadDocument(system, other.token, 'business_licence');
    const unknown = `doc_${'0'.repeat(32)}`;
    const materials = await nameChangeMaterials(token);
    for (const id of [foreign, unknown]) {
      const refused = await startNameChange(accountId, token, { ...materials, licence: id });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([{ field: 'materials.licence', rule: 'R-C6', message: expect.stringContaining('no such document of this account') }]);
    }
    await nothingStarted(accountId);

    // Automatic name changes (a 91 code) take no documents, but any sent are checked all the same.
    const automatic = await enterpriseAccount('91');
    const ignoredBefore = await startNameChange(automatic.accountId, automatic.token, { licence: foreign });
    expect(ignoredBefore.status).toBe(400);
    expect(ignoredBefore.body.errors).toEqual([expect.objectContaining({ field: 'materials.licence', rule: 'R-C6' })]);
    await nothingStarted(automatic.accountId);

    // The enterprise start's licence and remittance photos go through the same check.
    const fresh = await account();
    const start = await http(system, 'POST', `/v1/accounts/${fresh.accountId}/enterprise-verifications`, {
      token: fresh.token,
      body: {
        ...enterpriseBody(foreign, '福州外来文件有限公司', '91350100M000100Y43'),
        method: 'remittance',
        remittance: {
          bankAccount: { accountNumber: '6222020200112233445', bank: '工商银行', location: '福州', branch: '鼓楼支行' },
          legalPerson: { name: '陈法人', documentNumber: mainlandId('350102', '1970-03-01', '117') },
          handler: { name: '林经办', documentNumber: mainlandId('350102', '1990-07-21', '135') },
          photos: { emblemSideDocumentId: await uploadDocument(system, other.token, 'legal_person_id_emblem'), portraitSideDocumentId: unknown },
        },
      },
    });
    expect(start.status).toBe(400);
    expect(start.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule]).sort()).toEqual([
      ['enterprise.licenceDocumentId', 'R-E2'],
      ['remittance.photos.emblemSideDocumentId', 'R-E6'],
      ['remittance.photos.portraitSideDocumentId', 'R-E6'],
    ]);
    const traversed = await http(system, 'POST', `/v1/accounts/${fresh.accountId}/enterprise-verifications`, {
      token: fresh.token,
      body: enterpriseBody(traversal(fresh.accountId), '福州外来文件有限公司', '91350100M000100Y43'),
    });
    expect(traversed.status).toBe(400);
    expect(traversed.body.errors).toEqual([expect.objectContaining({ field: 'enterprise.licenceDocumentId' })]);
    expect(await system.db.process.count({ where: { accountId: fresh.accountId } })).toBe(0);
  });

  it('finding 5, R-C6: a resubmission after a rejection takes only the kind’s roles, each a document of the account, and records what it took', async () => {
    const { accountId, token } = await enterpriseAccount('12');
    const first = await nameChangeMaterials(token);
    const started = await startNameChange(accountId, token, first);
    expect(started.status).toBe(201);
    const processId = started.body.processId as string;
    const review = await eventually(() => system.db.review.findFirst({ where: { processId, status: 'pending' } }), (row) => row !== null);
    await processWhen(processId, token, (p) => p.step === 'in_review');
    // R-C6: before a rejection nothing is resubmitted, whatever the materials (here a document that is no one's): a 409, not a 400.
    const early = await http(system, 'POST', `/v1/processes/${processId}/materials`, { token, body: { materials: { licence: 'doc_no_such_document' } } });
    expect(early).toMatchObject({ status: 409, body: { type: expect.stringContaining('nothing-to-resubmit') } });
    expect(early.body.detail).toContain('in_review');
    const rejected = await http(system, 'POST', `/v1/reviews/${review!.id}/decision`, { token: system.operatorToken, body: { decision: 'reject', reason: 'the change proof is unreadable' } });
    expect(rejected.status).toBe(200);
    await processWhen(processId, token, (p) => p.step === 'review_rejected');

    const corrected = await nameChangeMaterials(token);
    const other = await account();
    const foreign = await uploadDocument(system, other.token, 'business_licence');
    const resubmit = (materials: unknown) => http(system, 'POST', `/v1/processes/${processId}/materials`, { token, body: { materials } });

    const unknownKey = await resubmit({ ...corrected, evil: traversal(accountId) });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.body.errors).toEqual([expect.objectContaining({ field: 'materials' })]);
    const otherKind = await resubmit({ ...corrected, originalLicence: traversal(accountId) });
    expect(otherKind.status).toBe(400);
    expect(otherKind.body.errors).toEqual([expect.objectContaining({ field: 'materials.originalLicence' })]);
    const notOurs = await resubmit({ ...corrected, licence: foreign });
    expect(notOurs.status).toBe(400);
    expect(notOurs.body.errors).toEqual([{ field: 'materials.licence', rule: 'R-C6', message: expect.stringContaining('no such document of this account') }]);
    expect((await http(system, 'GET', `/v1/processes/${processId}`, { token })).body.step).toBe('review_rejected');

    const accepted = await resubmit(corrected);
    expect(accepted.status).toBe(200);
    const next = await eventually(() => system.db.review.findFirst({ where: { processId, status: 'pending' } }), (row) => row !== null);
    const detail = await http(system, 'GET', `/v1/reviews/${next!.id}`, { token: system.operatorToken });
    expect(detail.body.materials.documents).toEqual({
      applicationForm: { documentId: corrected.applicationForm, url: `/v1/documents/${corrected.applicationForm}`, refused: null },
      changeProof: { documentId: corrected.changeProof, url: `/v1/documents/${corrected.changeProof}`, refused: null },
      licence: { documentId: corrected.licence, url: `/v1/documents/${corrected.licence}`, refused: null },
    });
    // Finding 6: the start and the resubmission recorded the documents they took.
    const taken = await system.db.document.findMany({ where: { id: { in: [...Object.values(first), ...Object.values(corrected)] } } });
    expect(taken.map((document) => document.processId)).toEqual(Array(6).fill(processId));
    expect(await system.db.document.findUniqueOrThrow({ where: { id: foreign } })).toMatchObject({ processId: null, attachedAt: null });
  });
});
