import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { creditCodeCheckCharacter } from '../../domain';
import { PROBLEM_DETAILS, PROBLEM_TITLES } from '../../domain/texts';
import { processIdFor, requestHash } from '../../api/start-process';
import { applicant, mainlandId, randomMainlandId } from '../support/people';
import { eventually, http, startSystem, uniqueId, uploadDocument, type RunningSystem } from '../support/system';

const DAY = 24 * 3600_000;

// Security finding 5 over HTTP: a retried start (same Idempotency-Key, the
// process exists) attached whatever document ids its own body named, before
// any check: a holder could take any upload out of the quota and past the
// sweep by "retrying" an old start. Now a retry records only the documents its
// original start carried, and the same key with another body is 422.
describe('idempotent retries of starts (security finding 5), over HTTP', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ LIMIT_ACCOUNTS_PER_ENTERPRISE: '1000', RATE_LIMIT_STARTS_PER_MINUTE: '1000', RATE_LIMIT_UPLOADS_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await system.stop();
  });

  const processWhen = (processId: string, token: string, check: (body: any) => boolean) =>
    eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.status === 200 && (check(r.body) || r.body.status !== 'open'));
  const attachment = async (id: string) => system.db.document.findUniqueOrThrow({ where: { id }, select: { attachedAt: true, processId: true } });
  // What a crash between the start and the API's record of its documents leaves.
  const forgetReferences = (ids: string[]) => system.db.document.updateMany({ where: { id: { in: ids } }, data: { attachedAt: null, processId: null } });

  async function account() {
    const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'retries' } })).body.id as string;
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

  const creditCode = (prefix: '12' | '91') => {
    const first17 = `${prefix}350100MA${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    return first17 + creditCodeCheckCharacter(first17);
  };

  it('security finding 5: a retried enterprise start with another licence is 422 idempotency-key-reused and attaches nothing; the same body records only the original licence', async () => {
    const { accountId, token } = await account();
    const key = `retry-${uniqueId('k')}`;
    const original = await uploadDocument(system, token, 'business_licence');
    const body = enterpriseBody(original, `福州重试测试有限公司${uniqueId('')}`, creditCode('91'));
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, { token, body, headers: { 'idempotency-key': key } });
    expect(started.status).toBe(201);
    const processId = started.body.processId as string;
    expect(await attachment(original)).toMatchObject({ processId });
    await forgetReferences([original]);

    const other = await uploadDocument(system, token, 'business_licence');
    const reused = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
      token,
      body: { ...body, enterprise: { ...body.enterprise, licenceDocumentId: other } },
      headers: { 'idempotency-key': key },
    });
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toContain('application/problem+json');
    expect(reused.body).toMatchObject({ type: 'https://realname.example/problems/idempotency-key-reused', processId });
    expect(await attachment(other)).toEqual({ attachedAt: null, processId: null });
    expect(await attachment(original)).toEqual({ attachedAt: null, processId: null });

    // The same request, its fields in another order: the same process, and the original licence recorded again.
    const { enterprise, method } = body;
    const retried = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, { token, body: { enterprise, method }, headers: { 'idempotency-key': key } });
    expect(retried.status).toBe(200);
    expect(retried.body.processId).toBe(processId);
    expect(await attachment(original)).toMatchObject({ processId });
    expect(await attachment(other)).toEqual({ attachedAt: null, processId: null });
  });

  it('security finding 5, R-C6: a retried change naming other materials is 422 and attaches none of them; the same body records only the original ones; another kind of start under the key is 422', async () => {
    // An enterprise verified 31 days ago whose 12… code sends a name change to review (R-C6).
    const { accountId, token } = await account();
    const name = `福州重试测试单位${uniqueId('')}`;
    const verificationKey = `verify-${uniqueId('k')}`;
    const verification = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
      token,
      body: enterpriseBody(await uploadDocument(system, token, 'business_licence'), name, creditCode('12')),
      headers: { 'idempotency-key': verificationKey },
    });
    expect(verification.status).toBe(201);
    const scan = await processWhen(verification.body.processId, token, (p) => p.qrCode);
    await http(system, 'POST', `/v1/sandbox/wechat/tickets/${scan.body.qrCode.ticket}/authorize`, {
      body: { name: '管理员', documentNumber: mainlandId('350102', '1980-01-01', '111'), officialAccountName: name },
    });
    expect((await processWhen(verification.body.processId, token, () => false)).body.status).toBe('verified');
    await system.db.account.update({ where: { id: accountId }, data: { verifiedAt: new Date(Date.now() - 31 * DAY) } });

    const materials = async () => ({
      applicationForm: await uploadDocument(system, token, 'change_application_form'),
      changeProof: await uploadDocument(system, token, 'registry_change_proof'),
      licence: await uploadDocument(system, token, 'business_licence'),
    });
    const originals = await materials();
    const key = `change-${uniqueId('k')}`;
    const body = { kind: 'enterprise_name', agreement: true, newName: `${name}（新）`, materials: originals };
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body, headers: { 'idempotency-key': key } });
    expect(started.status).toBe(201);
    const processId = started.body.processId as string;
    await forgetReferences(Object.values(originals));

    const others = await materials();
    const reused = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body: { ...body, materials: others }, headers: { 'idempotency-key': key } });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ type: 'https://realname.example/problems/idempotency-key-reused', processId });
    for (const id of [...Object.values(others), ...Object.values(originals)]) expect(await attachment(id)).toEqual({ attachedAt: null, processId: null });

    const retried = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body, headers: { 'idempotency-key': key } });
    expect(retried.status).toBe(200);
    expect(retried.body.processId).toBe(processId);
    for (const id of Object.values(originals)) expect(await attachment(id)).toMatchObject({ processId });
    for (const id of Object.values(others)) expect(await attachment(id)).toEqual({ attachedAt: null, processId: null });

    // The verification's key names an enterprise verification, not a change.
    const otherKind = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, { token, body: { ...body, materials: others }, headers: { 'idempotency-key': verificationKey } });
    expect(otherKind.status).toBe(422);
    expect(otherKind.body).toMatchObject({ type: 'https://realname.example/problems/idempotency-key-reused', processId: verification.body.processId });
    for (const id of Object.values(others)) expect(await attachment(id)).toEqual({ attachedAt: null, processId: null });
  });

  // The individual start (POST /v1/accounts/{accountId}/verifications) derives its process id from the key
  // as the others do (R-G2: one process per account); a retry was answered with the process's QR code
  // whatever its body said, and a key that started another kind of process had that process asked for one.
  const verificationsOf = (accountId: string) => `/v1/accounts/${accountId}/verifications`;
  const individualBody = () => ({ type: 'individual', method: 'wechat_qr', applicant: applicant() });
  const startIndividual = (accountId: string, token: string, body: unknown, key: string, language = 'en') =>
    http(system, 'POST', verificationsOf(accountId), { token, body, headers: { 'idempotency-key': key, 'accept-language': language } });
  /** Everything stored of a process: its row, its steps, its QR tickets, its memo and its view. */
  async function storedProcess(processId: string, token: string) {
    const row = await system.db.process.findUniqueOrThrow({ where: { id: processId } });
    const description = await system.temporal.workflow.getHandle(row.workflowId, row.runId).describe();
    return {
      row,
      steps: await system.db.processStep.findMany({ where: { processId }, orderBy: { seq: 'asc' } }),
      tickets: await system.db.qrTicket.findMany({ where: { processId }, orderBy: { createdAt: 'asc' } }),
      memo: await description.memo,
      view: (await http(system, 'GET', `/v1/processes/${processId}`, { token })).body,
    };
  }
  const expectKeyReused = (answer: Awaited<ReturnType<typeof http>>, processId: string) => {
    expect(answer.status).toBe(422);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toEqual({
      status: 422,
      type: 'https://realname.example/problems/idempotency-key-reused',
      title: PROBLEM_TITLES['idempotency-key-reused'].en,
      detail: PROBLEM_DETAILS.idempotencyKeyReused(processId).en,
      processId,
    });
  };

  /** A fresh account's individual start under a fresh Idempotency-Key, answered 201: what each retry test retries. */
  async function startedUnderKey() {
    const { accountId, token } = await account();
    const key = `individual-${uniqueId('k')}`;
    const body = individualBody();
    const started = await startIndividual(accountId, token, body, key);
    expect(started.status).toBe(201);
    return { accountId, token, key, body, started };
  }

  /** A retry answered as such: 200, the started process and its QR ticket, and still the account's only process. */
  async function expectAnsweredAsRetry(
    retried: { status: number; body: any },
    started: { body: { processId: string; qrCode: { ticket: string } } },
    accountId: string,
  ) {
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ processId: started.body.processId, qrCode: { ticket: started.body.qrCode.ticket } });
    expect(await system.db.process.count({ where: { accountId } })).toBe(1);
  }

  it('security finding 5, R-G2: a retried individual start with the same body answers 200 with the same process and QR ticket; the start recorded its hash in the memo', async () => {
    const { accountId, token, key, body, started } = await startedUnderKey();
    const { processId } = started.body;

    const retried = await startIndividual(accountId, token, body, key);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ processId, status: 'open', qrCode: { ticket: started.body.qrCode.ticket } });
    expect((await storedProcess(processId, token)).memo).toMatchObject({
      processId,
      requestHash: requestHash(system.config.identityHashSecret, 'individual_verification', body),
      documentIds: [],
    });
    expect(await system.db.process.count({ where: { accountId } })).toBe(1);
  });

  it('security finding 5, R-G2: a retried individual start with the same fields in another key order is the same request: 200, the same process', async () => {
    const { accountId, token, key, body, started } = await startedUnderKey();

    const { name, documentType, documentNumber, industry, address } = body.applicant;
    const reordered = { applicant: { address, industry, documentNumber, documentType, name }, method: body.method, type: body.type };
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(body));
    const retried = await startIndividual(accountId, token, reordered, key);
    await expectAnsweredAsRetry(retried, started, accountId);
  });

  it('security finding 5, R-P2: a retry writing the ID number\'s check character x as X is the same request (the hash is of the number as normalised): 200, the same process', async () => {
    const { accountId, token } = await account();
    const key = `individual-${uniqueId('k')}`;
    let number = randomMainlandId();
    while (!number.endsWith('X')) number = randomMainlandId();
    const lower = { ...individualBody(), applicant: applicant({ documentNumber: `${number.slice(0, -1)}x` }) };
    const started = await startIndividual(accountId, token, lower, key);
    expect(started.status).toBe(201);
    const upper = { ...lower, applicant: { ...lower.applicant, documentNumber: number } };
    const retried = await startIndividual(accountId, token, upper, key);
    await expectAnsweredAsRetry(retried, started, accountId);
  });

  it('security finding 5, R-P1: a retry writing the document type in capitals is the same request (the hash is of the type as validation takes it): 200, the same process', async () => {
    const { accountId, token } = await account();
    const key = `individual-${uniqueId('k')}`;
    const capitals = { ...individualBody(), applicant: { ...applicant(), documentType: 'MAINLAND_ID' } };
    const started = await startIndividual(accountId, token, capitals, key);
    expect(started.status).toBe(201);
    const retried = await startIndividual(accountId, token, { ...capitals, applicant: { ...capitals.applicant, documentType: 'mainland_id' } }, key);
    await expectAnsweredAsRetry(retried, started, accountId);
  });

  it('security finding 5, R-G2: a retried individual start naming another applicant, document number or method is 422 idempotency-key-reused naming the process, and the process, its steps and its QR code stay as they were', async () => {
    const { accountId, token, key, body, started } = await startedUnderKey();
    const { processId } = started.body;
    await processWhen(processId, token, (p) => p.step === 'awaiting_scan' && p.qrCode?.ticket === started.body.qrCode.ticket);
    const before = await storedProcess(processId, token);

    const others = [
      { ...body, applicant: { ...body.applicant, name: '李四' } },
      { ...body, applicant: { ...body.applicant, documentNumber: randomMainlandId() } },
      { ...body, method: 'qq_qr' },
    ];
    for (const other of others) expectKeyReused(await startIndividual(accountId, token, other, key), processId);
    // The catalogue's Chinese texts for a holder asking in Chinese.
    const inChinese = await startIndividual(accountId, token, others[0], key, 'zh-CN');
    expect(inChinese.status).toBe(422);
    expect(inChinese.body).toMatchObject({ title: PROBLEM_TITLES['idempotency-key-reused'].zh, detail: PROBLEM_DETAILS.idempotencyKeyReused(processId).zh, processId });

    expect(await storedProcess(processId, token)).toEqual(before);
    expect(before.view).toMatchObject({ kind: 'individual_verification', method: 'wechat_qr', step: 'awaiting_scan', qrCode: { ticket: started.body.qrCode.ticket } });
    expect(await system.db.process.count({ where: { accountId } })).toBe(1);
    // The original request is still the one the key stands for.
    expect((await startIndividual(accountId, token, body, key)).status).toBe(200);
  });

  /**
   * Watches update-with-start, which a start makes only when the route's read found no process row under
   * its key; with `together`, holds each call until that many have been made (or two seconds have passed),
   * so that many starts are all past that read before any process exists. `stop()` restores it and tells
   * how many calls were made and how many Temporal refused as already started: the concurrent branch of
   * startProcessWithUpdate, where the memo's hash, not retriedStart, judges the loser.
   */
  function watchUpdateWithStart(together = 1) {
    const workflow = system.temporal.workflow;
    const original = workflow.executeUpdateWithStart.bind(workflow) as (...args: unknown[]) => Promise<unknown>;
    const waiting: Array<() => void> = [];
    const made: Array<Promise<unknown>> = [];
    const spy = jest.spyOn(workflow, 'executeUpdateWithStart').mockImplementation(((...args: unknown[]) => {
      const released = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2_000);
        waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
        if (waiting.length >= together) for (const release of waiting.splice(0)) release();
      });
      const outcome = released.then(() => original(...args));
      made.push(outcome);
      return outcome;
    }) as never);
    return {
      async stop() {
        spy.mockRestore();
        const settled = await Promise.allSettled(made);
        const alreadyStarted = settled.filter((s) => s.status === 'rejected' && s.reason instanceof WorkflowExecutionAlreadyStartedError).length;
        return { made: settled.length, alreadyStarted };
      },
    };
  }
  const raceStarts = async (accountId: string, token: string, bodies: unknown[], key: string, together: number) => {
    const watch = watchUpdateWithStart(together);
    const answers = await Promise.all(bodies.map((body) => startIndividual(accountId, token, body, key))).catch(async (error: unknown) => {
      await watch.stop();
      throw error;
    });
    return { answers, ...(await watch.stop()) };
  };

  it("security finding 5, R-G2: two individual starts sent at once under one key, naming different applicants: one is 201, the other 422 idempotency-key-reused naming that process, the account's only one, which stays the winner's", async () => {
    // Three races left to their timing, then one held until both starts are past the route's read of the
    // process row, so the concurrent branch of startProcessWithUpdate (Temporal refuses the second start,
    // the memo's hash judges it) is taken at least once whatever the timing.
    let concurrent = 0;
    for (const together of [1, 1, 1, 2]) {
      const { accountId, token } = await account();
      const key = `race-${uniqueId('k')}`;
      const body = individualBody();
      const bodies = [body, { ...body, applicant: { ...body.applicant, name: '李四' } }];
      const { answers, made, alreadyStarted } = await raceStarts(accountId, token, bodies, key, together);

      const winner = answers.findIndex((answer) => answer.status === 201);
      expect(winner).toBeGreaterThanOrEqual(0);
      const won = answers[winner]!.body;
      const processId = processIdFor(accountId, key);
      expect(won.processId).toBe(processId);
      expectKeyReused(answers[1 - winner]!, processId);
      // Both reached Temporal and it refused one (the concurrent branch), or the loser found the winner's row (retriedStart).
      expect([
        { made: 2, alreadyStarted: 1 },
        { made: 1, alreadyStarted: 0 },
      ]).toContainEqual({ made, alreadyStarted });
      if (together === 2) expect({ made, alreadyStarted }).toEqual({ made: 2, alreadyStarted: 1 });
      concurrent += alreadyStarted;

      // The winner's process, as its start made it: its hash in the memo, its first step and QR ticket.
      await processWhen(processId, token, (p) => p.step === 'awaiting_scan' && p.qrCode?.ticket === won.qrCode.ticket);
      const after = await storedProcess(processId, token);
      expect(after.memo).toMatchObject({ processId, requestHash: requestHash(system.config.identityHashSecret, 'individual_verification', bodies[winner]), documentIds: [] });
      expect(after.view).toMatchObject({
        kind: 'individual_verification',
        status: 'open',
        method: 'wechat_qr',
        step: 'awaiting_scan',
        qrCode: { ticket: won.qrCode.ticket },
        allowedMethods: ['wechat_qr', 'qq_qr', 'face'],
        recommendedMethod: 'wechat_qr',
      });
      expect(after.tickets.map((t) => t.ticket)).toEqual([won.qrCode.ticket]);
      expect(await system.db.process.count({ where: { accountId } })).toBe(1);
      // The loser's body is still refused, and changes nothing.
      expectKeyReused(await startIndividual(accountId, token, bodies[1 - winner], key), processId);
      expect(await storedProcess(processId, token)).toEqual(after);

      if (together === 2) {
        // The process checks the winner's applicant: WeChat's record of that name verifies it.
        const { name, documentNumber } = bodies[winner]!.applicant;
        await http(system, 'POST', `/v1/sandbox/wechat/tickets/${won.qrCode.ticket}/authorize`, { body: { name, documentNumber } });
        expect((await processWhen(processId, token, () => false)).body).toMatchObject({ status: 'verified' });
      }
    }
    expect(concurrent).toBeGreaterThanOrEqual(1);
  });

  it('security finding 5, R-G2: two individual starts sent at once under one key with the same body: one process, one answer 201 and the other 200 (a retry), the same QR ticket in both', async () => {
    // One race left to its timing, one held so that Temporal refuses the second start and it joins the first.
    for (const together of [1, 2]) {
      const { accountId, token } = await account();
      const key = `race-${uniqueId('k')}`;
      const body = individualBody();
      const { answers, made, alreadyStarted } = await raceStarts(accountId, token, [body, body], key, together);

      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 201]);
      const processId = processIdFor(accountId, key);
      const [first, second] = answers.map((answer) => answer.body);
      expect(first).toMatchObject({ processId, status: 'open', step: 'awaiting_scan' });
      expect(second).toMatchObject({ processId, status: 'open', step: 'awaiting_scan', qrCode: { ticket: first.qrCode.ticket } });
      if (together === 2) expect({ made, alreadyStarted }).toEqual({ made: 2, alreadyStarted: 1 });
      expect(await system.db.process.count({ where: { accountId } })).toBe(1);
      expect((await system.db.qrTicket.findMany({ where: { processId } })).map((t) => t.ticket)).toEqual([first.qrCode.ticket]);
    }
  });

  it('security finding 5, R-G2: after the process ended, a retry under its key with another body is still 422 idempotency-key-reused; with the same body it is 409 process-closed naming how it ended, and starts nothing', async () => {
    const { accountId, token, key, body, started } = await startedUnderKey();
    const { processId } = started.body;
    // WeChat's real-name record is another person's: the process fails.
    await http(system, 'POST', `/v1/sandbox/wechat/tickets/${started.body.qrCode.ticket}/authorize`, { body: { name: '李四', documentNumber: body.applicant.documentNumber } });
    expect((await processWhen(processId, token, () => false)).body).toMatchObject({ status: 'failed', failureReason: 'identity_mismatch' });
    // Its workflow closed too (its notices out, R-G7): the retry reads the memo of a closed workflow.
    const row = await system.db.process.findUniqueOrThrow({ where: { id: processId } });
    await eventually(() => system.temporal.workflow.getHandle(row.workflowId, row.runId).describe(), (d) => d.status.name !== 'RUNNING');

    expectKeyReused(await startIndividual(accountId, token, { ...body, applicant: { ...body.applicant, name: '王五' } }, key), processId);
    const same = await startIndividual(accountId, token, body, key);
    expect(same.status).toBe(409);
    expect(same.headers.get('content-type')).toContain('application/problem+json');
    expect(same.body).toEqual({
      status: 409,
      type: 'https://realname.example/problems/process-closed',
      title: PROBLEM_TITLES['process-closed'].en,
      detail: PROBLEM_DETAILS.processEndedAs(processId, 'failed').en,
      processId,
    });
    expect(await system.db.process.count({ where: { accountId } })).toBe(1);
  });

  it('security finding 5, R-G2: an individual start under the key that started an enterprise verification of the account (the same derived process id) is 422 naming that process, which is left untouched', async () => {
    const { accountId, token } = await account();
    const key = `enterprise-${uniqueId('k')}`;
    const enterprise = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
      token,
      body: enterpriseBody(await uploadDocument(system, token, 'business_licence'), `福州重试测试有限公司${uniqueId('')}`, creditCode('91')),
      headers: { 'idempotency-key': key },
    });
    expect(enterprise.status).toBe(201);
    const processId = enterprise.body.processId as string;
    await processWhen(processId, token, (p) => p.step === 'awaiting_scan' && p.qrCode);
    const before = await storedProcess(processId, token);
    expect(before.view).toMatchObject({ kind: 'enterprise_verification', status: 'open', step: 'awaiting_scan' });

    expectKeyReused(await startIndividual(accountId, token, individualBody(), key), processId);
    expect(await storedProcess(processId, token)).toEqual(before);
    expect(await system.db.process.count({ where: { accountId } })).toBe(1);
  });
});
