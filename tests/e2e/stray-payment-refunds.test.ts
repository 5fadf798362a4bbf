import { applicant, mainlandId } from '../support/people';
import { eventually, http, postWebhook, startSystem, uniqueId, uploadDocument, type RunningSystem } from '../support/system';

const CREDIT_CODE = '91350100M000100Y43';
const contact = { name: '王五', documentNumber: mainlandId('350102', '1985-06-15', '123'), mobile: '+86 138 0013 8000' };
const legalPerson = { name: '陈法人', documentNumber: mainlandId('350102', '1970-03-01', '117') };
const handler = { name: '林经办', documentNumber: mainlandId('350102', '1990-07-21', '135') };

/**
 * R-E5: every payment that does not complete a verification is refunded to
 * its payer, once per gateway transaction id, whatever its process's state;
 * the holder sees each payment with its outcome and refund, operators too.
 * Over HTTP: real API, worker (with its refund delivery), Temporal dev server
 * and PostgreSQL; the refunds are read from the sandbox gateway's own books.
 */
function harness(env: Record<string, string>) {
  const h = {} as {
    system: RunningSystem;
    /** An enterprise verification started with the method `choice` gives (it may upload as the holder). */
    enterprise(choice: Record<string, unknown> | ((token: string) => Promise<Record<string, unknown>>)): Promise<{ name: string; accountId: string; token: string; processId: string }>;
    processWhen(processId: string, token: string, check: (body: any) => boolean): Promise<any>;
    pay(processId: string, payerName: string, amountFen: number, ids?: { eventId?: string; transactionId?: string }): Promise<{ status: number; body: any; transactionId: string; eventId: string }>;
    refundedOnce(transactionId: string, amountFen: number, reason: string): Promise<void>;
  };
  beforeAll(async () => {
    h.system = await startSystem({ LIMIT_ACCOUNTS_PER_ENTERPRISE: '1000', ...env });
  });
  afterAll(async () => {
    await h.system.stop();
  });

  h.processWhen = (processId, token, check) =>
    eventually(() => http(h.system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.status === 200 && (check(r.body) || r.body.status !== 'open'));

  h.enterprise = async (choice) => {
    const name = `福州退款测试有限公司${uniqueId('')}`;
    const accountId = (await http(h.system, 'POST', '/v1/accounts', { token: h.system.operatorToken, body: { id: uniqueId('acc'), displayName: name } })).body.id as string;
    const token = await h.system.holderToken(accountId);
    const started = await http(h.system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
      token,
      body: {
        ...(typeof choice === 'function' ? await choice(token) : choice),
        enterprise: { licenceType: 'business_licence', licenceDocumentId: await uploadDocument(h.system, token, 'business_licence'), name, creditCode: CREDIT_CODE, address: '福建省福州市', contact },
      },
    });
    expect(started.status).toBe(201);
    return { name, accountId, token, processId: started.body.processId as string };
  };

  // The gateway's signed webhook, as it reports a payment quoting the process.
  h.pay = async (processId, payerName, amountFen, ids = {}) => {
    const eventId = ids.eventId ?? uniqueId('evt');
    const transactionId = ids.transactionId ?? uniqueId('tx');
    const answer = await postWebhook(h.system, 'payment', { eventId, transactionId, reference: processId, payerName, amountFen });
    return { ...answer, transactionId, eventId };
  };

  // Refunded by the gateway exactly once, for the amount paid, and decided once, for this reason.
  h.refundedOnce = async (transactionId, amountFen, reason) => {
    const books = await eventually(() => h.system.db.sandboxGatewayRefund.findMany({ where: { transactionId } }), (rows) => rows.length > 0);
    expect(books.map((row) => row.amountFen)).toEqual([amountFen]);
    const refunds = await eventually(() => h.system.db.refund.findMany({ where: { transactionId } }), (rows) => rows[0]?.refundedAt != null);
    expect(refunds).toEqual([expect.objectContaining({ amountFen, reason, gatewayRefundId: books[0]!.refundId })]);
    expect(await h.system.db.ledgerEntry.count({ where: { transactionId } })).toBe(0);
  };
  return h;
}

describe('R-E5: stray payments are refunded once, over HTTP', () => {
  const h = harness({});

  async function recharging() {
    const started = await h.enterprise({ method: 'recharge' });
    const waiting = await h.processWhen(started.processId, started.token, (p) => p.step === 'awaiting_payment' && p.recharge);
    return { ...started, amountFen: waiting.body.recharge.amountFen as number };
  }

  it('R-E5: an event id the gateway reuses for another transaction is a 409 naming eventId, not a repeat: that payment is not dropped, and under its own id it verifies', async () => {
    const { processId, token, name, amountFen } = await recharging();
    const wrongAmount = amountFen === 99 ? 98 : amountFen + 1;
    const first = await h.pay(processId, name, wrongAmount);
    expect(first.body).toMatchObject({ duplicate: false });
    const reused = await h.pay(processId, name, amountFen, { eventId: first.eventId });
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ type: expect.stringContaining('event-id-reused'), field: 'eventId', rule: 'R-E5' });
    expect(await h.system.db.payment.count({ where: { transactionId: reused.transactionId } })).toBe(0);
    // The first event repeated is still a repeat.
    expect((await h.pay(processId, name, wrongAmount, { eventId: first.eventId, transactionId: first.transactionId })).body).toMatchObject({ duplicate: true });
    const own = await h.pay(processId, name, amountFen, { transactionId: reused.transactionId });
    expect(own.body).toMatchObject({ duplicate: false });
    expect((await h.processWhen(processId, token, () => false)).body.status).toBe('verified');
  });

  it('R-E5: a wrong payment is refunded once with its reason, however often the gateway reports it, and costs one attempt', async () => {
    const { processId, token, name, amountFen } = await recharging();
    const wrongAmount = amountFen === 99 ? 98 : amountFen + 1;
    const first = await h.pay(processId, name, wrongAmount);
    expect(first).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
    // The same event again, and the same transaction under another event id.
    expect((await h.pay(processId, name, wrongAmount, { eventId: first.eventId, transactionId: first.transactionId })).body).toMatchObject({ duplicate: true });
    expect((await h.pay(processId, name, wrongAmount, { transactionId: first.transactionId })).body).toMatchObject({ duplicate: true });
    await h.refundedOnce(first.transactionId, wrongAmount, 'wrong_amount');
    const seen = await h.processWhen(processId, token, (p) => p.payments[0]?.outcome === 'refunded' && p.step === 'awaiting_payment' && p.recharge.attemptsLeft < 2);
    expect(seen.body).toMatchObject({ status: 'open', step: 'awaiting_payment', recharge: { attemptsLeft: 1 } });
    expect(seen.body.payments).toEqual([
      {
        transactionId: first.transactionId,
        amountFen: wrongAmount,
        amountYuan: `0.${String(wrongAmount).padStart(2, '0')}`,
        receivedAt: expect.any(String),
        outcome: 'refunded',
        refund: { reason: 'wrong_amount', amountFen: wrongAmount, amountYuan: `0.${String(wrongAmount).padStart(2, '0')}`, decidedAt: expect.any(String), refundedAt: expect.any(String) },
      },
    ]);
    expect(seen.body.paymentsTruncated).toBe(false);
    // The right amount from another payer is a wrong payer, refunded too; the process then fails (R-E5: two attempts).
    const otherPayer = await h.pay(processId, '别的公司', amountFen);
    await h.refundedOnce(otherPayer.transactionId, amountFen, 'wrong_payer');
    expect((await h.processWhen(processId, token, () => false)).body).toMatchObject({ status: 'failed', failureReason: 'recharge_attempts_exhausted' });
  });

  it('R-E5: a second payment quoting a verified recharge process is refunded, the one that verified is credited and never refunded; holder and operators see both', async () => {
    const { processId, token, name, accountId, amountFen } = await recharging();
    const verifying = await h.pay(processId, name, amountFen);
    expect(verifying.body).toEqual({ received: true, duplicate: false });
    await h.processWhen(processId, token, () => false);
    const second = await h.pay(processId, name, amountFen);
    expect(second.body).toEqual({ received: true, duplicate: false, refund: { reason: 'process_ended' } });
    await h.refundedOnce(second.transactionId, amountFen, 'process_ended');
    // The verifying payment reported again after the process ended: still credited once, never refunded.
    expect((await h.pay(processId, name, amountFen, { transactionId: verifying.transactionId })).body).toMatchObject({ duplicate: true });
    expect(await h.system.db.ledgerEntry.findMany({ where: { accountId } })).toEqual([expect.objectContaining({ transactionId: verifying.transactionId, amountFen })]);
    expect(await h.system.db.refund.count({ where: { transactionId: verifying.transactionId } })).toBe(0);
    expect(await h.system.db.sandboxGatewayRefund.count({ where: { transactionId: verifying.transactionId } })).toBe(0);

    const view = (await h.processWhen(processId, token, (p) => p.payments.length === 2 && p.payments[1].outcome === 'refunded')).body;
    expect(view.status).toBe('verified');
    expect(view.payments.map((p: any) => [p.transactionId, p.outcome, p.refund?.reason ?? null])).toEqual([
      [verifying.transactionId, 'credited', null],
      [second.transactionId, 'refunded', 'process_ended'],
    ]);

    const listed = await http(h.system, 'GET', `/v1/operator/payments?processId=${processId}`, { token: h.system.operatorToken });
    expect(listed.status).toBe(200);
    expect(listed.body.nextCursor).toBeNull();
    expect(listed.body.payments).toEqual([
      expect.objectContaining({
        transactionId: second.transactionId,
        processId,
        accountId,
        eventId: second.eventId,
        routedTo: 'refund',
        outcome: 'refunded',
        refund: expect.objectContaining({ reason: 'process_ended', attempts: 1, lastError: null, nextAttemptAt: null, gatewayRefundId: expect.any(String) }),
      }),
      expect.objectContaining({ transactionId: verifying.transactionId, routedTo: 'workflow', outcome: 'credited', refund: null }),
    ]);
    // Operators only; a page at a time.
    expect((await http(h.system, 'GET', `/v1/operator/payments?processId=${processId}`, { token })).status).toBe(403);
    const page = await http(h.system, 'GET', `/v1/operator/payments?processId=${processId}&limit=1`, { token: h.system.operatorToken });
    const next = await http(h.system, 'GET', `/v1/operator/payments?processId=${processId}&limit=1&cursor=${page.body.nextCursor}`, { token: h.system.operatorToken });
    expect([...page.body.payments, ...next.body.payments].map((p: any) => p.transactionId)).toEqual([second.transactionId, verifying.transactionId]);
    const credited = await http(h.system, 'GET', `/v1/operator/payments?processId=${processId}&outcome=credited`, { token: h.system.operatorToken });
    expect(credited.body.payments.map((p: any) => p.transactionId)).toEqual([verifying.transactionId]);
  });

  it('R-E5: a payment to a process that failed by two wrong payments is refunded', async () => {
    const { processId, token, amountFen } = await recharging();
    await h.pay(processId, '别的公司', amountFen);
    await h.pay(processId, '又一家公司', amountFen);
    expect((await h.processWhen(processId, token, () => false)).body.failureReason).toBe('recharge_attempts_exhausted');
    const late = await h.pay(processId, '又一家公司', amountFen);
    expect(late.body.refund).toEqual({ reason: 'process_ended' });
    await h.refundedOnce(late.transactionId, amountFen, 'process_ended');
    const view = await h.processWhen(processId, token, (p) => p.payments.length === 3 && p.payments.every((x: any) => x.outcome === 'refunded'));
    expect(view.body.payments.map((p: any) => p.refund.reason)).toEqual(['wrong_payer', 'wrong_payer', 'process_ended']);
  });

  it('R-E5: a payment quoting a process that verifies by official account is refunded, and the process goes on', async () => {
    const { processId, token, name } = await h.enterprise({ method: 'wechat_official_account' });
    await h.processWhen(processId, token, (p) => p.step === 'awaiting_scan' && p.qrCode);
    const stray = await h.pay(processId, name, 42);
    expect(stray.body.refund).toEqual({ reason: 'other_method' });
    await h.refundedOnce(stray.transactionId, 42, 'other_method');
    const view = await h.processWhen(processId, token, (p) => p.payments[0]?.outcome === 'refunded');
    expect(view.body).toMatchObject({ status: 'open', step: 'awaiting_scan', payments: [{ transactionId: stray.transactionId, refund: { reason: 'other_method' } }] });
  });

  it('R-E5: a payment quoting a remittance in review is refunded', async () => {
    const { processId, token, name } = await h.enterprise(async (holder) => ({
      method: 'remittance',
      remittance: {
        bankAccount: { accountNumber: '6222020200112233445', bank: '中国工商银行', location: '福建省福州市', branch: '五一支行' },
        legalPerson,
        handler,
        photos: {
          emblemSideDocumentId: await uploadDocument(h.system, holder, 'legal_person_id_emblem'),
          portraitSideDocumentId: await uploadDocument(h.system, holder, 'legal_person_id_portrait'),
        },
      },
    }));
    const face = await h.processWhen(processId, token, (p) => p.step === 'awaiting_handler_face' && p.qrCode);
    await http(h.system, 'POST', `/v1/sandbox/face/tickets/${face.body.qrCode.ticket}/pass`);
    await h.processWhen(processId, token, (p) => p.step === 'in_review');
    const stray = await h.pay(processId, name, 55);
    expect(stray.body.refund).toEqual({ reason: 'other_method' });
    await h.refundedOnce(stray.transactionId, 55, 'other_method');
    expect((await h.processWhen(processId, token, (p) => p.payments[0]?.outcome === 'refunded')).body).toMatchObject({ status: 'open', step: 'in_review' });
  });

  it('R-E5, R-C3, R-C4: a change whose enterprise part (a child) recharges refunds a payment before its part, a wrong one in it, and one after its revocation', async () => {
    const accountId = (await http(h.system, 'POST', '/v1/accounts', { token: h.system.operatorToken, body: { id: uniqueId('acc'), displayName: 'change' } })).body.id as string;
    const token = await h.system.holderToken(accountId);
    const person = applicant({ name: '张三' });
    const verified = await http(h.system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: person } });
    await http(h.system, 'POST', `/v1/sandbox/wechat/tickets/${verified.body.qrCode.ticket}/authorize`, { body: { name: person.name, documentNumber: person.documentNumber } });
    await h.processWhen(verified.body.processId, token, () => false);
    const name = `福州转企业退款有限公司${uniqueId('')}`;
    const started = await http(h.system, 'POST', `/v1/accounts/${accountId}/changes`, {
      token,
      body: {
        kind: 'individual_to_enterprise',
        agreement: true,
        enterprise: {
          method: 'recharge',
          enterprise: { licenceType: 'business_licence', licenceDocumentId: await uploadDocument(h.system, token, 'business_licence'), name, creditCode: CREDIT_CODE, address: '福建省福州市', contact },
        },
      },
    });
    expect(started.status).toBe(201);
    const processId = started.body.processId as string;
    const face = await h.processWhen(processId, token, (p) => p.step === 'awaiting_current_face' && p.qrCode);
    // Before its enterprise part: no amount was shown to pay.
    const early = await h.pay(processId, name, 30);
    expect(early.body.refund).toEqual({ reason: 'not_awaiting_payment' });
    await h.refundedOnce(early.transactionId, 30, 'not_awaiting_payment');

    await http(h.system, 'POST', `/v1/sandbox/face/tickets/${face.body.qrCode.ticket}/pass`);
    const paying = await h.processWhen(processId, token, (p) => p.step === 'awaiting_payment' && p.recharge);
    expect((await h.system.db.process.findUniqueOrThrow({ where: { id: processId } })).partWorkflowId).not.toBeNull();
    const amountFen = paying.body.recharge.amountFen as number;
    // In the part: the child judges it, refunds it and counts the attempt.
    const wrong = await h.pay(processId, '别的公司', amountFen);
    expect(wrong.body).toEqual({ received: true, duplicate: false });
    await h.refundedOnce(wrong.transactionId, amountFen, 'wrong_payer');
    await h.processWhen(processId, token, (p) => p.recharge?.attemptsLeft === 1);

    expect(await http(h.system, 'POST', `/v1/processes/${processId}/revoke`, { token })).toMatchObject({ status: 200, body: { status: 'revoked' } });
    await h.processWhen(processId, token, () => false);
    const late = await h.pay(processId, name, amountFen);
    expect(late.body.refund).toEqual({ reason: 'process_ended' });
    await h.refundedOnce(late.transactionId, amountFen, 'process_ended');
    const view = await h.processWhen(processId, token, (p) => p.payments.length === 3 && p.payments.every((x: any) => x.outcome === 'refunded'));
    expect(view.body.status).toBe('revoked');
    expect(view.body.payments.map((p: any) => p.refund.reason)).toEqual(['not_awaiting_payment', 'wrong_payer', 'process_ended']);
    expect(await h.system.db.ledgerEntry.count({ where: { accountId } })).toBe(0);
  });

  it('R-E5: a payment quoting no process (a mistyped reference) is recorded, refunded as unknown_reference and listed for operators, not answered 404 and kept', async () => {
    const reference = `typo-${uniqueId('proc')}`;
    const paid = await h.pay(reference, '福州某某有限公司', 37);
    expect(paid).toMatchObject({ status: 200, body: { received: true, duplicate: false, refund: { reason: 'unknown_reference' } } });
    await h.refundedOnce(paid.transactionId, 37, 'unknown_reference');
    const listed = await eventually(
      () => http(h.system, 'GET', '/v1/operator/payments?reason=unknown_reference&limit=200', { token: h.system.operatorToken }),
      (r) => r.status === 200 && r.body.payments.some((p: any) => p.transactionId === paid.transactionId && p.outcome === 'refunded'),
    );
    expect(listed.body.payments.find((p: any) => p.transactionId === paid.transactionId)).toMatchObject({ processId: null, accountId: null, reference, refund: { reason: 'unknown_reference' } });
    // Reported again, it is the same payment: no second refund.
    expect((await h.pay(reference, '福州某某有限公司', 37, { transactionId: paid.transactionId })).body).toMatchObject({ duplicate: true, refund: { reason: 'unknown_reference' } });
    await h.refundedOnce(paid.transactionId, 37, 'unknown_reference');
  });

  it('R-E5: a payment with an empty, missing or overlong memo, or a very large amount, is recorded and refunded as unknown_reference, not refused 400 and left unrecorded', async () => {
    const send = (body: Record<string, unknown>) => postWebhook(h.system, 'payment', { eventId: uniqueId('evt'), transactionId: uniqueId('tx'), payerName: '福州某某有限公司', amountFen: 37, ...body });
    const long = `备注${'很长'.repeat(300)}`;
    const cases = [{ reference: '' }, {}, { reference: long }, { reference: 'typo', amountFen: 1_500_000_000 }, { reference: 'typo', payerName: '' }];
    for (const body of cases) {
      const answer = await send(body);
      expect(answer).toMatchObject({ status: 200, body: { received: true, duplicate: false, refund: { reason: 'unknown_reference' } } });
    }
    // The memo is kept, its first 200 characters.
    const kept = await h.system.db.payment.findMany({ where: { reference: { startsWith: '备注很长' } }, orderBy: { receivedAt: 'desc' }, take: 1 });
    expect(kept[0]!.reference).toBe(long.slice(0, 200));
    // Out of the integer range the books keep, or not an amount, is still malformed.
    for (const amountFen of [0, -1, 2.5, 2_147_483_648]) expect((await send({ reference: 'typo', amountFen })).status).toBe(400);
  });

  it('R-E5: a payment whose bank free text holds a NUL, or that names no payer, is recorded with the NUL replaced and refunded, not refused 400; a NUL in its ids is still refused', async () => {
    const send = (body: Record<string, unknown>) => postWebhook(h.system, 'payment', { eventId: uniqueId('evt'), transactionId: uniqueId('tx'), amountFen: 41, ...body });
    const memo = `备注\u0000${uniqueId('nul')}`;
    const withNul = await send({ reference: memo, payerName: '福州\u0000某某有限公司' });
    expect(withNul).toMatchObject({ status: 200, body: { received: true, refund: { reason: 'unknown_reference' } } });
    const kept = await h.system.db.payment.findFirstOrThrow({ where: { reference: memo.replace('\u0000', '\uFFFD') } });
    expect(kept.amountFen).toBe(41);
    expect(await h.system.db.refund.findUnique({ where: { transactionId: kept.transactionId } })).toMatchObject({ reason: 'unknown_reference', amountFen: 41 });
    // A quoted process id with a NUL in it names no process.
    expect((await send({ reference: `prc_\u0000x` })).body.refund).toEqual({ reason: 'unknown_reference' });
    expect((await send({ reference: 'typo' })).status).toBe(200);
    const noPayer = await send({ reference: 'typo' });
    expect(noPayer).toMatchObject({ status: 200, body: { refund: { reason: 'unknown_reference' } } });
    for (const ids of [{ transactionId: 'tx\u0000' }, { eventId: 'evt\u0000' }]) {
      const refused = await send({ reference: 'typo', ...ids });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([{ field: Object.keys(ids)[0], message: 'must not contain the NUL character' }]);
    }
  });

  it('R-E5: a payment quoting an individual verification (which takes no payment) is recorded and refunded as unknown_reference', async () => {
    const accountId = (await http(h.system, 'POST', '/v1/accounts', { token: h.system.operatorToken, body: { id: uniqueId('acc'), displayName: 'individual' } })).body.id as string;
    const token = await h.system.holderToken(accountId);
    const person = applicant({ name: '张三' });
    const started = await http(h.system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: person } });
    expect(started.status).toBe(201);
    const paid = await h.pay(started.body.processId, person.name, 12);
    expect(paid).toMatchObject({ status: 200, body: { refund: { reason: 'unknown_reference' } } });
    expect(await h.system.db.payment.count({ where: { transactionId: paid.transactionId } })).toBe(1);
    await h.refundedOnce(paid.transactionId, 12, 'unknown_reference');
  });

  it('R-E5: a reference quoted with stray and full-width spaces reaches its process', async () => {
    const { processId, token, name } = await h.enterprise({ method: 'wechat_official_account' });
    await h.processWhen(processId, token, (p) => p.step === 'awaiting_scan');
    const paid = await h.pay(`  ${processId.slice(0, 8)} ${processId.slice(8)}\u3000`, name, 43);
    expect(paid.body.refund).toEqual({ reason: 'other_method' });
    expect(await h.system.db.payment.findUnique({ where: { transactionId: paid.transactionId } })).toMatchObject({ processId });
  });

  it('R-E5: a transaction refunded as stray and reported again quoting another process is not credited as well (never both credited and refunded)', async () => {
    // B waits for its drawn amount; A verifies by official account and takes no payment.
    const b = await recharging();
    const a = await h.enterprise({ method: 'wechat_official_account' });
    await h.processWhen(a.processId, a.token, (p) => p.step === 'awaiting_scan');
    // The gateway first reports T quoting A (the payer's mistyped reference): refunded to the payer.
    const first = await h.pay(a.processId, b.name, b.amountFen);
    expect(first.body.refund).toEqual({ reason: 'other_method' });
    await h.refundedOnce(first.transactionId, b.amountFen, 'other_method');
    // Its reconciliation team then re-sends the same transaction with the corrected reference: routed by its record, handed to no workflow.
    const again = await h.pay(b.processId, b.name, b.amountFen, { transactionId: first.transactionId });
    expect(again).toMatchObject({ status: 200, body: { duplicate: true, refund: { reason: 'other_method' } } });
    const ended = await h.processWhen(b.processId, b.token, () => false).catch(() => null);
    const credited = await h.system.db.ledgerEntry.count({ where: { transactionId: first.transactionId } });
    const refunds = await h.system.db.refund.count({ where: { transactionId: first.transactionId } });
    expect({ credited, refunds, bStatus: ended?.body.status ?? 'open' }).toEqual({ credited: 0, refunds: 1, bStatus: 'open' });
  });
});

describe('R-E5: a payment after the recharge window closed is refunded, over HTTP', () => {
  const h = harness({ RECHARGE_WINDOW: '2 seconds' });

  it('R-E5: the window closes, the process fails, and a payment quoting it then is refunded', async () => {
    const { processId, token, name } = await h.enterprise({ method: 'recharge' });
    const waiting = await h.processWhen(processId, token, (p) => p.step === 'awaiting_payment' && p.recharge);
    const expired = await h.processWhen(processId, token, () => false);
    expect(expired.body).toMatchObject({ status: 'failed', failureReason: 'recharge_expired' });
    const late = await h.pay(processId, name, waiting.body.recharge.amountFen);
    expect(late.body.refund).toEqual({ reason: 'process_ended' });
    await h.refundedOnce(late.transactionId, waiting.body.recharge.amountFen, 'process_ended');
    expect((await h.processWhen(processId, token, (p) => p.payments[0]?.outcome === 'refunded')).body.payments).toHaveLength(1);
  });
});
