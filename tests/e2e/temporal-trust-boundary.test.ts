import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { mainlandId, applicant } from '../support/people';
import { predictNextRandoms } from '../support/uuid4-prediction';
import { eventually, http, postWebhook, startSystem, uniqueId, uploadDocument, type RunningSystem } from '../support/system';

const CREDIT_CODE = '91350100M000100Y43';
const person = (name: string, birth: string) => ({ name, documentNumber: mainlandId('350102', birth, '117') });

// Security findings 1 and 2, against the real API, worker, Temporal dev server
// and PostgreSQL: what a caller sees of a process tells nothing of its secrets,
// and whoever reaches Temporal without the payload keys moves no process.
describe('Temporal is a trust boundary: capabilities are unpredictable, plain payloads move nothing', () => {
  let system: RunningSystem;
  let raw: Client;
  let rawConnection: Connection;
  beforeAll(async () => {
    system = await startSystem({ LIMIT_ACCOUNTS_PER_ENTERPRISE: '1000' });
    // What anyone who can reach Temporal's frontend has: no codec, no keys.
    rawConnection = await Connection.connect({ address: system.config.temporal.address! });
    raw = new Client({ connection: rawConnection, namespace: system.config.temporal.namespace });
  });
  afterAll(async () => {
    await rawConnection.close();
    await system.stop();
  });

  async function account(): Promise<{ accountId: string; token: string }> {
    const created = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'Trust boundary' } });
    return { accountId: created.body.id as string, token: await system.holderToken(created.body.id as string) };
  }
  const processWhen = (processId: string, token: string, check: (body: any) => boolean) =>
    eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.status === 200 && (check(r.body) || r.body.status !== 'open'));

  it('R-E6.4: the face ticket and review id a remittance shows give no generator state, and the payout is none of their derivation', async () => {
    const { accountId, token } = await account();
    const name = `福州预测测试有限公司${uniqueId('')}`;
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
      token,
      body: {
        method: 'remittance',
        remittance: {
          bankAccount: { accountNumber: '6222020200112233445', bank: '中国工商银行', location: '福建省福州市', branch: '五一支行' },
          legalPerson: person('陈法人', '1970-03-01'),
          handler: person('林经办', '1990-07-21'),
          photos: {
            emblemSideDocumentId: await uploadDocument(system, token, 'legal_person_id_emblem'),
            portraitSideDocumentId: await uploadDocument(system, token, 'legal_person_id_portrait'),
          },
        },
        enterprise: {
          licenceType: 'business_licence',
          licenceDocumentId: await uploadDocument(system, token, 'business_licence'),
          name,
          creditCode: CREDIT_CODE,
          address: '福建省福州市鼓楼区',
          contact: { name: '王五', documentNumber: mainlandId('350102', '1985-06-15', '123'), mobile: '+86 138 0013 8000' },
        },
      },
    });
    expect(started.status).toBe(201);
    const processId = started.body.processId as string;
    const face = await processWhen(processId, token, (p) => p.step === 'awaiting_handler_face' && p.qrCode);
    const ticket = face.body.qrCode.ticket as string;
    await http(system, 'POST', `/v1/sandbox/face/tickets/${ticket}/pass`);
    const inReview = await processWhen(processId, token, (p) => p.step === 'in_review' && p.remittance?.reviewId);
    const reviewId = inReview.body.remittance.reviewId as string;

    // The attack, as it ran: two uuids in a row pin the workflow's generator and the amount drawn next.
    const predicted = predictNextRandoms(ticket, reviewId, 1);
    expect(predicted).toBeNull();

    await eventually(() => http(system, 'GET', `/v1/reviews/${reviewId}`, { token: system.operatorToken }), (r) => r.status === 200);
    const approved = await http(system, 'POST', `/v1/reviews/${reviewId}/decision`, { token: system.operatorToken, body: { decision: 'approve', reason: 'consistent' } });
    expect(approved.status).toBe(200);
    await processWhen(processId, token, (p) => p.step === 'awaiting_amount');
    const payout = await system.db.payout.findFirstOrThrow({ where: { processId } });
    expect(payout.amountFen).toBeGreaterThanOrEqual(1);
    expect(payout.amountFen).toBeLessThanOrEqual(99);
    const right = await http(system, 'POST', `/v1/processes/${processId}/remittance-amount`, { token, body: { amountFen: payout.amountFen } });
    expect(right.body).toMatchObject({ correct: true });
  });

  it('R-P7, R-E6.4: consecutive codes of one process do not predict each other', async () => {
    const { accountId, token } = await account();
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: applicant() } });
    expect(started.status).toBe(201);
    const first = started.body.qrCode.ticket as string;
    const refreshed = await http(system, 'POST', `/v1/processes/${started.body.processId}/qr-code`, { token });
    expect(refreshed.status).toBe(200);
    const second = refreshed.body.ticket as string;
    expect(second).not.toBe(first);
    expect(predictNextRandoms(first, second, 4)).toBeNull();
  });

  it('security finding 2: a plain providerEvent signal, as `temporal workflow signal` sends it, verifies nobody and jams nothing', async () => {
    const { accountId, token } = await account();
    const holder = applicant();
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: holder } });
    const { processId, qrCode } = started.body;
    const handle = raw.workflow.getHandle(`account-process-${accountId}`);
    const realName = { name: holder.name, documentNumber: holder.documentNumber };
    await handle.signal('providerEvent', { provider: 'wechat', eventId: 'forged-1', ticket: qrCode.ticket, type: 'authorized', realName });
    // A plain update is refused outright, before the workflow accepts it.
    const refused = await handle.executeUpdate('switchMethod', { args: [{ method: 'face' }] }).then(
      () => null,
      (error: { cause?: { message?: string } }) => error,
    );
    expect(refused?.cause?.message).toMatch(/unencrypted/);
    // Given the time to act on it, the process has not moved.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const still = await http(system, 'GET', `/v1/processes/${processId}`, { token });
    expect(still.body).toMatchObject({ status: 'open', step: 'awaiting_scan', method: 'wechat_qr' });
    expect((await http(system, 'GET', `/v1/accounts/${accountId}`, { token })).body.status).toBe('unverified');

    // Nor is it stuck: the signed webhooks drive it as before.
    await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'scanned', ticket: qrCode.ticket });
    await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'authorized', ticket: qrCode.ticket, realName });
    const done = await processWhen(processId, token, () => false);
    expect(done.body.status).toBe('verified');
  });

  it('security finding 2: a signal or update with no payload at all moves nothing and jams nothing', async () => {
    const { accountId, token } = await account();
    const holder = applicant();
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: holder } });
    const { processId, qrCode } = started.body;
    const handle = raw.workflow.getHandle(`account-process-${accountId}`);
    // A handler reading a field of nothing used to fail the workflow task on every retry.
    await handle.signal('providerEvent');
    const refused = await handle.executeUpdate('refreshQrCode').then(
      () => null,
      (error: { cause?: { message?: string } }) => error,
    );
    expect(refused?.cause?.message).toMatch(/without its sealed argument/);
    const still = await http(system, 'GET', `/v1/processes/${processId}`, { token });
    expect(still.body).toMatchObject({ status: 'open', step: 'awaiting_scan', qrCode: { ticket: qrCode.ticket } });
    const realName = { name: holder.name, documentNumber: holder.documentNumber };
    await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'scanned', ticket: qrCode.ticket });
    await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'authorized', ticket: qrCode.ticket, realName });
    expect((await processWhen(processId, token, () => false)).body.status).toBe('verified');
  });

  it('security finding 2: a sealed update copied from one process\'s history into another\'s is refused there', async () => {
    // Process A switches to face through the API: its history holds that update, sealed.
    const a = await account();
    const startedA = await http(system, 'POST', `/v1/accounts/${a.accountId}/verifications`, { token: a.token, body: { type: 'individual', method: 'wechat_qr', applicant: applicant() } });
    expect((await http(system, 'POST', `/v1/processes/${startedA.body.processId}/method`, { token: a.token, body: { method: 'face' } })).status).toBe(200);
    const historyA = await raw.workflow.getHandle(`account-process-${a.accountId}`).fetchHistory();
    const accepted = historyA.events!.find((event) => event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'switchMethod');
    const sealedArgs = accepted!.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.args!;
    expect(Buffer.from(sealedArgs.payloads![0]!.metadata!['encryption-bound-to']!).toString()).toBe(`account-process-${a.accountId}`);

    // Process B, of another account, gets the same sealed bytes.
    const b = await account();
    const startedB = await http(system, 'POST', `/v1/accounts/${b.accountId}/verifications`, { token: b.token, body: { type: 'individual', method: 'wechat_qr', applicant: applicant() } });
    const answer = await raw.workflowService.updateWorkflowExecution({
      namespace: system.config.temporal.namespace,
      workflowExecution: { workflowId: `account-process-${b.accountId}` },
      request: { meta: { updateId: uniqueId('replayed') }, input: { name: 'switchMethod', args: sealedArgs } },
      waitPolicy: { lifecycleStage: 3 /* UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED */ },
    });
    expect(answer.outcome?.failure?.message).toMatch(/unencrypted|sealed for workflow/);
    const viewB = await http(system, 'GET', `/v1/processes/${startedB.body.processId}`, { token: b.token });
    expect(viewB.body).toMatchObject({ status: 'open', method: 'wechat_qr' });
  });

  it('security finding 2: a plain start on an account\'s workflow id fails at once and does not hold the account', async () => {
    const { accountId, token } = await account();
    const forged = await raw.workflow.start('individualVerification', {
      taskQueue: system.config.temporal.taskQueue,
      workflowId: `account-process-${accountId}`,
      args: [{ processId: `prc_forged_${accountId}`, accountId, method: 'wechat_qr', applicant: applicant() }],
    });
    const failure = await forged.result().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect(String((failure as WorkflowFailedError).cause?.message)).toMatch(/unencrypted/);
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: applicant() } });
    expect(started.status).toBe(201);
  });
});
