import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { createLogger } from '../../config/logger';
import { creditCodeCheckCharacter } from '../../domain';
import { sealedPlaces, unseal } from '../../prisma/sealed';
import { applicant, mainlandId } from '../support/people';
import { eventually, http, startSystem, uniqueId, uploadDocument, type RunningSystem } from '../support/system';

const DAY = 24 * 3600_000;

// Over HTTP only: real API, worker, Temporal dev server and PostgreSQL; sandbox providers.
describe('changing the verified subject (R-C1..R-C9), over HTTP', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ LIMIT_ACCOUNTS_PER_ENTERPRISE: '1000' });
  });
  afterAll(async () => {
    await system.stop();
  });

  const processWhen = (processId: string, token: string, check: (body: any) => boolean) =>
    eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.status === 200 && (check(r.body) || r.body.status !== 'open'));

  const upload = (token: string, purpose: string) => uploadDocument(system, token, purpose);

  async function account() {
    const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'change' } })).body.id as string;
    return { accountId, token: await system.holderToken(accountId) };
  }

  /** An individual account verified by WeChat, its verification moved `daysAgo` into the past. */
  async function individualAccount(daysAgo = 0) {
    const { accountId, token } = await account();
    const person = applicant({ name: '张三' });
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: person } });
    await http(system, 'POST', `/v1/sandbox/wechat/tickets/${started.body.qrCode.ticket}/authorize`, { body: { name: person.name, documentNumber: person.documentNumber } });
    await processWhen(started.body.processId, token, () => false);
    if (daysAgo) await system.db.account.update({ where: { id: accountId }, data: { verifiedAt: new Date(Date.now() - daysAgo * DAY) } });
    return { accountId, token, person };
  }

  function enterpriseBody(licenceDocumentId: string, name: string, creditCode: string, method: string) {
    return {
      method,
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

  /** An enterprise account verified through its official account, `daysAgo` in the past. */
  async function enterpriseAccount(daysAgo: number) {
    const { accountId, token } = await account();
    const first17 = `91350100MA${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const creditCode = first17 + creditCodeCheckCharacter(first17);
    const name = `福州变更测试有限公司${uniqueId('')}`;
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
      token,
      body: enterpriseBody(await upload(token, 'business_licence'), name, creditCode, 'wechat_official_account'),
    });
    const scan = await processWhen(started.body.processId, token, (p) => p.qrCode);
    await http(system, 'POST', `/v1/sandbox/wechat/tickets/${scan.body.qrCode.ticket}/authorize`, {
      body: { name: '管理员', documentNumber: mainlandId('350102', '1980-01-01', '111'), officialAccountName: name },
    });
    expect((await processWhen(started.body.processId, token, () => false)).body.status).toBe('verified');
    await system.db.account.update({ where: { id: accountId }, data: { verifiedAt: new Date(Date.now() - daysAgo * DAY) } });
    return { accountId, token, name, creditCode };
  }

  it('R-C4, R-C3, R-C9: an individual account changes to an enterprise by recharge, keeping its subject until the payment', async () => {
    const { accountId, token, person } = await individualAccount();
    // R-C1: to enterprise may start at any time, even right after the verification.
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, {
      token,
      body: { kind: 'individual_to_enterprise', agreement: true, enterprise: enterpriseBody(await upload(token, 'business_licence'), '福州转企业有限公司', '91350100M000100Y43', 'recharge') },
    });
    expect(started.status).toBe(201);
    const processId = started.body.processId as string;
    const face = await processWhen(processId, token, (p) => p.step === 'awaiting_current_face' && p.qrCode);
    const before = await system.db.account.findUniqueOrThrow({ where: { id: accountId } });
    await http(system, 'POST', `/v1/sandbox/face/tickets/${face.body.qrCode.ticket}/pass`);
    const paying = await processWhen(processId, token, (p) => p.recharge !== null && p.step === 'awaiting_payment');
    // R-C3: still the individual, untouched, while the change runs.
    expect(await system.db.account.findUniqueOrThrow({ where: { id: accountId } })).toEqual(before);
    await http(system, 'POST', '/v1/sandbox/payments', { body: { reference: processId, payerName: '福州转企业有限公司', amountFen: paying.body.recharge.amountFen } });
    const done = await processWhen(processId, token, () => false);
    expect(done.body.status).toBe('changed');
    const changed = await http(system, 'GET', `/v1/accounts/${accountId}`, { token });
    expect(changed.body).toMatchObject({ status: 'enterprise', subject: { type: 'enterprise' }, vatSpecialInvoice: { available: true } });
    expect(await system.db.ledgerEntry.count({ where: { processId } })).toBe(1);

    const history = await http(system, 'GET', `/v1/accounts/${accountId}/history`, { token });
    expect(history.body.history.map((h: { kind: string; outcome: string }) => [h.kind, h.outcome])).toEqual([
      ['individual_verification', 'verified'],
      ['individual_to_enterprise', 'changed'],
    ]);
    const change = history.body.history[1];
    expect(change).toMatchObject({ requestedBy: `holder-${accountId}`, before: { type: 'individual' }, after: { type: 'enterprise', name: '福州转企业有限公司' } });
    expect(JSON.stringify(history.body)).not.toContain(person.documentNumber);
    // Operators read any account's history.
    expect((await http(system, 'GET', `/v1/accounts/${accountId}/history`, { token: system.operatorToken })).status).toBe(200);
  });

  it('R-C6, R-C8: a complete 91 subject changes its name automatically; VAT special invoices under the former name end', async () => {
    const { accountId, token, name } = await enterpriseAccount(31);
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body: { kind: 'enterprise_name', agreement: true, newName: '福州新名有限公司' } });
    expect(started.status).toBe(201);
    const done = await processWhen(started.body.processId, token, () => false);
    expect(done.body).toMatchObject({ status: 'changed', kind: 'change', method: 'enterprise_name' });
    const account = await http(system, 'GET', `/v1/accounts/${accountId}`, { token });
    expect(account.body.vatSpecialInvoice).toEqual({ available: true, blockedFormerNames: [name] });
    const stored = unseal<{ name: string }>((await system.db.account.findUniqueOrThrow({ where: { id: accountId } })).subject, system.config.payloadKeys, sealedPlaces.accountSubject(accountId))!;
    expect(stored.name).toBe('福州新名有限公司');
    expect(await system.db.review.count({ where: { processId: started.body.processId } })).toBe(0);

    // Renamed back (past the cooldown): the name it takes again is no former name, and each former name is listed once.
    const renameTo = async (newName: string) => {
      await system.db.account.update({ where: { id: accountId }, data: { verifiedAt: new Date(Date.now() - 31 * DAY) } });
      const again = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body: { kind: 'enterprise_name', agreement: true, newName } });
      expect(again.status).toBe(201);
      expect((await processWhen(again.body.processId, token, () => false)).body.status).toBe('changed');
      return (await http(system, 'GET', `/v1/accounts/${accountId}`, { token })).body.vatSpecialInvoice;
    };
    expect(await renameTo(name)).toEqual({ available: true, blockedFormerNames: ['福州新名有限公司'] });
    expect(await renameTo('福州新名有限公司')).toEqual({ available: true, blockedFormerNames: [name] });
  });

  it('R-C4, R-C6, R-C1: a change to the subject the account already holds is refused (400 naming the field and rule), and starts nothing that would restart the 30-day wait', async () => {
    const individual = await individualAccount(31);
    const sameMe = await http(system, 'POST', `/v1/accounts/${individual.accountId}/changes`, {
      token: individual.token,
      body: { kind: 'individual_to_individual', agreement: true, newIndividual: { ...applicant(), name: individual.person.name, documentNumber: individual.person.documentNumber.toLowerCase() } },
    });
    expect(sameMe.status).toBe(400);
    expect(sameMe.body.errors).toEqual([expect.objectContaining({ field: 'newIndividual.documentNumber', rule: 'R-C4' })]);

    const enterprise = await enterpriseAccount(31);
    const sameName = await http(system, 'POST', `/v1/accounts/${enterprise.accountId}/changes`, { token: enterprise.token, body: { kind: 'enterprise_name', agreement: true, newName: ` ${enterprise.name} ` } });
    expect(sameName.status).toBe(400);
    expect(sameName.body.errors).toEqual([expect.objectContaining({ field: 'newName', rule: 'R-C6' })]);
    for (const { accountId } of [individual, enterprise]) expect(await system.db.process.count({ where: { accountId, kind: 'change' } })).toBe(0);
  });

  it('R-C2: an enterprise account can never become individual: 409 naming the rule', async () => {
    const { accountId, token } = await enterpriseAccount(31);
    const refused = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body: { kind: 'individual_to_individual', agreement: true, newIndividual: applicant() } });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ rule: 'R-C2' });
    expect(refused.body.detail).toMatch(/never become individual/);
    expect(await system.db.process.count({ where: { accountId, kind: 'change' } })).toBe(0);
  });

  /**
   * The API in this process on the system's database and Temporal, where `meanwhile` runs between the start's
   * read of the account and the workflow's start: a previous process that closed in that gap, writing the account.
   */
  async function startRacing(accountId: string, token: string, body: unknown, idempotencyKey: string, meanwhile: () => Promise<void>) {
    const workflow = system.temporal.workflow;
    const racing = {
      withDeadline: <T>(at: number | Date, call: () => Promise<T>) => system.temporal.withDeadline(at, call),
      workflow: new Proxy(workflow, {
        get(target, property) {
          if (property === 'executeUpdateWithStart') {
            return async (...args: Parameters<typeof workflow.executeUpdateWithStart>) => (await meanwhile(), target.executeUpdateWithStart(...args));
          }
          const value = Reflect.get(target, property);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }),
    } as unknown as Client;
    const app = createApp({ config: system.config, db: system.db, temporal: racing, logger: createLogger({ level: 'silent' }) });
    const response = await app.request(`/v1/accounts/${accountId}/changes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  it('R-C1, R-C2: a previous process that closed between the start\'s read and the workflow\'s start moved the subject: 409 subject-changed, nothing opened or recorded, and the same key is judged again on the account as it is', async () => {
    const { accountId, token } = await enterpriseAccount(31);
    const before = await system.db.account.findUniqueOrThrow({ where: { id: accountId } });
    const rename = { kind: 'enterprise_name', agreement: true, newName: '福州竞态新名有限公司' };
    const key = uniqueId('key');
    // What a rename completing in that gap writes: the subject's verifiedAt (and with it R-C1's cooldown).
    const renamedAt = new Date();
    const raced = await startRacing(accountId, token, rename, key, async () => {
      await system.db.account.update({ where: { id: accountId }, data: { verifiedAt: renamedAt } });
    });
    expect(raced).toMatchObject({ status: 409, body: { type: expect.stringContaining('subject-changed') } });
    expect(raced.body.detail).toMatch(/no longer as this change was judged on/);
    // Nothing of the refused start stays: no process row, no history, no notice; the account is as the other process left it.
    expect(await system.db.process.count({ where: { accountId, kind: 'change' } })).toBe(0);
    expect(await system.db.subjectHistory.count({ where: { accountId, kind: 'enterprise_name' } })).toBe(0);
    expect(await system.db.account.findUniqueOrThrow({ where: { id: accountId } })).toEqual({ ...before, verifiedAt: renamedAt, updatedAt: expect.any(Date) });
    // The same request again is judged on the account as it is now: inside the new cooldown (R-C1).
    const again = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body: rename, headers: { 'idempotency-key': key } });
    expect(again).toMatchObject({ status: 409, body: { rule: 'R-C1' } });
    // And the refused workflow holds nothing open (R-G2): once the cooldown is over, the key starts the change.
    await system.db.account.update({ where: { id: accountId }, data: { verifiedAt: new Date(Date.now() - 31 * DAY) } });
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body: rename, headers: { 'idempotency-key': key } });
    expect(started.status).toBe(201);
    expect((await processWhen(started.body.processId, token, () => false)).body.status).toBe('changed');
  });

  it('R-C2: an individual made an enterprise in that gap cannot start an individual change on the subject it had', async () => {
    const { accountId, token } = await individualAccount(31);
    const raced = await startRacing(accountId, token, { kind: 'individual_to_individual', agreement: true, newIndividual: applicant() }, uniqueId('key'), async () => {
      await system.db.account.update({ where: { id: accountId }, data: { status: 'enterprise', verifiedAt: new Date() } });
    });
    expect(raced).toMatchObject({ status: 409, body: { type: expect.stringContaining('subject-changed') } });
    expect(await system.db.process.count({ where: { accountId, kind: 'change' } })).toBe(0);
  });

  it('R-C1: within 30 days of the verification a change is refused, saying from when it is possible', async () => {
    const { accountId, token } = await individualAccount(29);
    const verifiedAt = (await system.db.account.findUniqueOrThrow({ where: { id: accountId } })).verifiedAt!;
    const refused = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body: { kind: 'individual_to_individual', agreement: true, newIndividual: applicant() } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ rule: 'R-C1', allowedFrom: new Date(verifiedAt.getTime() + 30 * DAY).toISOString() });
  });

  it("R-P8: a change's failed face check shows its reason and the tries left in the view, as a verification's does", async () => {
    const { token, accountId } = await individualAccount(31);
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body: { kind: 'individual_to_individual', agreement: true, newIndividual: applicant({ name: '李四' }) } });
    expect(started.status).toBe(201);
    const face = await processWhen(started.body.processId, token, (p) => p.step === 'awaiting_current_face' && p.qrCode);
    expect(face.body).toMatchObject({ lastFaceFailure: null, faceTriesLeft: system.config.limits.faceMaxTries });
    await http(system, 'POST', `/v1/sandbox/face/tickets/${face.body.qrCode.ticket}/pass`, { body: { name: '人脸遮挡' } });
    const failed = await processWhen(started.body.processId, token, (p) => p.step === 'face_failed');
    expect(failed.body).toMatchObject({ status: 'open', lastFaceFailure: 'face_covered', faceTriesLeft: system.config.limits.faceMaxTries - 1 });
    // The current holder tries again and passes; the new individual's check starts with no failure of theirs,
    // where the view showed the current holder's, and with the tries the process has left (R-P8: per process).
    const refreshed = await http(system, 'POST', `/v1/processes/${started.body.processId}/qr-code`, { token });
    expect(refreshed.status).toBe(200);
    const retry = await processWhen(started.body.processId, token, (p) => p.step === 'awaiting_current_face' && p.qrCode && p.qrCode.ticket !== face.body.qrCode.ticket);
    expect(retry.body).toMatchObject({ lastFaceFailure: 'face_covered' });
    await http(system, 'POST', `/v1/sandbox/face/tickets/${retry.body.qrCode.ticket}/pass`);
    const newFace = await processWhen(started.body.processId, token, (p) => p.step === 'awaiting_new_face' && p.qrCode);
    expect(newFace.body).toMatchObject({ status: 'open', lastFaceFailure: null, faceTriesLeft: system.config.limits.faceMaxTries - 1 });
    expect((await http(system, 'POST', `/v1/processes/${started.body.processId}/revoke`, { token })).status).toBe(200);
  });

  it('R-C5.5, R-C5.4, R-C6: a change to another individual is told a new entity or corrected materials are for entity and name changes, not to wait for a step it never reaches; the change goes on', async () => {
    const { accountId, token } = await individualAccount(31);
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body: { kind: 'individual_to_individual', agreement: true, newIndividual: applicant({ name: '李四' }) } });
    expect(started.status).toBe(201);
    const processId = started.body.processId as string;
    await processWhen(processId, token, (p) => p.step === 'awaiting_current_face' && p.qrCode);
    const licence = await upload(token, 'business_licence');
    const entity = await http(system, 'POST', `/v1/processes/${processId}/new-entity`, { token, body: { ...enterpriseBody(licence, '福州乙有限公司', '91350100M000100Y43', 'recharge'), agreement: true } });
    expect(entity).toMatchObject({ status: 409, body: { type: expect.stringMatching(/wrong-process-kind$/), rule: 'R-C5.5' } });
    expect(entity.body.detail).toContain('individual_to_individual');
    expect(entity.body.detail).toContain('enterprise_entity');
    expect(entity.body.detail).not.toContain('awaiting_current_face');
    const form = await upload(token, 'change_application_form');
    const materials = await http(system, 'POST', `/v1/processes/${processId}/materials`, { token, body: { materials: { applicationForm: form } } });
    expect(materials).toMatchObject({ status: 409, body: { type: expect.stringMatching(/wrong-process-kind$/), rule: 'R-C5.4, R-C6' } });
    expect(materials.body.detail).toContain('enterprise_name');
    // Nothing reached the workflow: the change still waits for the current face.
    expect((await processWhen(processId, token, (p) => p.step === 'awaiting_current_face')).body.status).toBe('open');
  });

  it('R-C3: revoking a change leaves the account row exactly as before; revoking again is refused', async () => {
    const { accountId, token } = await individualAccount(31);
    const before = await system.db.account.findUniqueOrThrow({ where: { id: accountId } });
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body: { kind: 'individual_to_individual', agreement: true, newIndividual: applicant({ name: '李四' }) } });
    expect(started.status).toBe(201);
    const face = await processWhen(started.body.processId, token, (p) => p.step === 'awaiting_current_face' && p.qrCode);
    await http(system, 'POST', `/v1/sandbox/face/tickets/${face.body.qrCode.ticket}/pass`);
    await processWhen(started.body.processId, token, (p) => p.step === 'awaiting_new_face' && p.qrCode);
    const revoked = await http(system, 'POST', `/v1/processes/${started.body.processId}/revoke`, { token });
    expect(revoked).toMatchObject({ status: 200, body: { status: 'revoked' } });
    const ended = await processWhen(started.body.processId, token, () => false);
    expect(ended.body.status).toBe('revoked');
    expect(await system.db.account.findUniqueOrThrow({ where: { id: accountId } })).toEqual(before);
    expect((await http(system, 'POST', `/v1/processes/${started.body.processId}/revoke`, { token })).status).toBe(409);
    const history = await http(system, 'GET', `/v1/accounts/${accountId}/history`, { token });
    expect(history.body.history.at(-1)).toMatchObject({ kind: 'individual_to_individual', outcome: 'revoked', after: null });
  });

  it('R-C4, R-E6.3, R-E6.5: a change to an enterprise by remittance takes the amount the payout brought, and only in its amount step', async () => {
    const { accountId, token } = await individualAccount();
    const handler = { name: '林经办', documentNumber: mainlandId('350102', '1990-07-21', '135') };
    const remittance = {
      bankAccount: { accountNumber: '6222020200112233445', bank: '中国工商银行', location: '福建省福州市', branch: '五一支行' },
      legalPerson: { name: '陈法人', documentNumber: mainlandId('350102', '1970-03-01', '117') },
      handler,
      photos: { emblemSideDocumentId: await upload(token, 'legal_person_id_emblem'), portraitSideDocumentId: await upload(token, 'legal_person_id_portrait') },
    };
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, {
      token,
      body: {
        kind: 'individual_to_enterprise',
        agreement: true,
        enterprise: { ...enterpriseBody(await upload(token, 'business_licence'), '福州汇款转企业有限公司', '91350100M000100Y43', 'remittance'), remittance },
      },
    });
    expect(started.status).toBe(201);
    const processId = started.body.processId as string;
    const amountAt = (amountFen: number) => http(system, 'POST', `/v1/processes/${processId}/remittance-amount`, { token, body: { amountFen } });

    const currentFace = await processWhen(processId, token, (p) => p.step === 'awaiting_current_face' && p.qrCode);
    // Before its enterprise verification awaits a payout, a change takes no amount.
    const early = await amountAt(1);
    expect(early).toMatchObject({ status: 409, body: { type: expect.stringContaining('no-amount-awaited'), detail: expect.stringContaining('awaiting_current_face') } });
    await http(system, 'POST', `/v1/sandbox/face/tickets/${currentFace.body.qrCode.ticket}/pass`);
    const handlerFace = await processWhen(processId, token, (p) => p.step === 'awaiting_handler_face' && p.qrCode);
    await http(system, 'POST', `/v1/sandbox/face/tickets/${handlerFace.body.qrCode.ticket}/pass`);
    const inReview = await processWhen(processId, token, (p) => p.step === 'in_review' && p.remittance?.reviewId);
    // The part takes the enterprise verification's moves, and refuses them as it would: no other method while in review.
    const otherMethod = await http(system, 'POST', `/v1/processes/${processId}/enterprise-method`, { token, body: { method: 'recharge' } });
    expect(otherMethod).toMatchObject({ status: 409, body: { detail: expect.stringContaining('in_review') } });
    const reviewId = inReview.body.remittance.reviewId as string;
    await eventually(() => http(system, 'GET', `/v1/reviews/${reviewId}`, { token: system.operatorToken }), (r) => r.status === 200);
    await http(system, 'POST', `/v1/reviews/${reviewId}/decision`, { token: system.operatorToken, body: { decision: 'approve', reason: 'consistent' } });

    await processWhen(processId, token, (p) => p.step === 'awaiting_amount');
    const payout = await system.db.payout.findFirstOrThrow({ where: { processId } });
    expect(await amountAt(payout.amountFen === 99 ? 98 : payout.amountFen + 1)).toMatchObject({ status: 200, body: { correct: false, attemptsLeft: 1 } });
    expect(await amountAt(payout.amountFen)).toMatchObject({ status: 200, body: { correct: true, attemptsLeft: 1 } });
    const done = await processWhen(processId, token, () => false);
    expect(done.body).toMatchObject({ status: 'changed', kind: 'change', method: 'individual_to_enterprise' });
    expect((await http(system, 'GET', `/v1/accounts/${accountId}`, { token })).body).toMatchObject({ status: 'enterprise', subject: { type: 'enterprise' } });
    // Ended: the amount is refused as for any ended process.
    expect(await amountAt(payout.amountFen)).toMatchObject({ status: 409, body: { type: expect.stringContaining('process-closed') } });
  });

  it('R-E5: a payment naming a change that verifies no enterprise is recorded and refunded as unknown_reference, not answered 404 and kept', async () => {
    const { accountId, token } = await enterpriseAccount(31);
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body: { kind: 'enterprise_name', agreement: true, newName: '福州付款新名有限公司' } });
    await processWhen(started.body.processId, token, () => false);
    const payment = await http(system, 'POST', '/v1/sandbox/payments', { body: { reference: started.body.processId, payerName: '福州付款新名有限公司', amountFen: 50 } });
    expect(payment).toMatchObject({ status: 200, body: { received: true, refund: { reason: 'unknown_reference' } } });
    expect(await system.db.refund.findUnique({ where: { transactionId: payment.body.transactionId } })).toMatchObject({ processId: started.body.processId, amountFen: 50, reason: 'unknown_reference' });
  });
});
