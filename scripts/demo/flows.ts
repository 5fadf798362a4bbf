// One function per kind of process, each driving it through the sandbox providers over HTTP, by
// the generated client: each call names its path as the OpenAPI document does.
import type { Schemas } from '../../api/client';
import { creditCodeCheckCharacter, mainlandIdCheckCharacter } from '../../domain';
import { DemoError, type DemoClient, type Process } from './client';

export interface FlowResult {
  title: string;
  accountId: string;
  processId: string;
  /** The process's final status (or where the demo stopped). */
  outcome: string;
  reviewId?: string;
  note?: string;
}

/** Reads the sandbox's own tables the API never shows (the bank statement), and moves a date for R-C1; absent without a database. */
export interface SandboxDatabase {
  payoutAmountFen(processId: string): Promise<number | undefined>;
  backdateVerification(accountId: string, days: number): Promise<void>;
}

const random = (digits: number) => String(Math.floor(Math.random() * 10 ** digits)).padStart(digits, '0');

/** A fresh adult with a valid mainland ID (the identity limit is 3 accounts per person, so never a fixed one). */
export function person(name: string) {
  const body = `110105${1960 + Math.floor(Math.random() * 40)}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 9)}${random(3)}`;
  return { name, documentType: 'mainland_id', documentNumber: body + mainlandIdCheckCharacter(body), industry: 'software', address: '北京市海淀区中关村大街1号' };
}

/** A fresh 91 (company) credit code the sandbox registry knows (the enterprise limit is per code). */
export function creditCode(): string {
  const first17 = `91350100MA${random(7)}`;
  return first17 + creditCodeCheckCharacter(first17);
}

type EnterpriseStart = Schemas['StartEnterpriseVerification'];

async function enterpriseBody(demo: DemoClient, token: string, method: EnterpriseStart['method'], name: string): Promise<EnterpriseStart> {
  const contact = person('王五');
  return {
    method,
    enterprise: {
      licenceType: 'business_licence',
      licenceDocumentId: await demo.upload(token, 'business_licence'),
      name,
      creditCode: creditCode(),
      address: '福建省福州市鼓楼区',
      contact: { name: contact.name, documentNumber: contact.documentNumber, mobile: '13800138000' },
    },
  };
}

function ended(title: string, accountId: string, processId: string, process: Pick<Process, 'status' | 'failureReason'>): FlowResult {
  return { title, accountId, processId, outcome: process.failureReason ? `${process.status} (${process.failureReason})` : process.status };
}

export async function individualWechat(demo: DemoClient) {
  const tag = 'individual WeChat QR';
  const { accountId, token } = await demo.newAccount('Demo: individual by WeChat');
  const applicant = person('张三');
  const started = await demo.ok(
    demo.api(token).POST('/v1/accounts/{accountId}/verifications', { params: { path: { accountId } }, body: { type: 'individual', method: 'wechat_qr', applicant } }),
  );
  const { processId } = started;
  const ticket = { params: { path: { ticket: started.qrCode.ticket } } };
  demo.say(tag, `started ${processId} on ${accountId}: awaiting_scan`);
  await demo.ok(demo.api().POST('/v1/sandbox/wechat/tickets/{ticket}/scan', ticket));
  await demo.processWhen(processId, token, (p) => p.step === 'awaiting_authorization');
  demo.say(tag, 'scanned: awaiting_authorization');
  await demo.ok(demo.api().POST('/v1/sandbox/wechat/tickets/{ticket}/authorize', { ...ticket, body: { name: applicant.name, documentNumber: applicant.documentNumber } }));
  const done = await demo.processWhen(processId, token, () => false);
  demo.say(tag, `authorized with WeChat Pay's real name: ${done.status}`);
  return { result: ended(tag, accountId, processId, done), token };
}

export async function individualFace(demo: DemoClient): Promise<FlowResult> {
  const tag = 'individual face';
  const { accountId, token } = await demo.newAccount('Demo: individual by face');
  const started = await demo.ok(
    demo.api(token).POST('/v1/accounts/{accountId}/verifications', { params: { path: { accountId } }, body: { type: 'individual', method: 'face', applicant: person('李四') } }),
  );
  const { processId } = started;
  demo.say(tag, `started ${processId} on ${accountId}: awaiting_scan`);
  // The magic name 人脸遮挡 makes the sandbox report a covered face (R-P8).
  await demo.ok(demo.api().POST('/v1/sandbox/face/tickets/{ticket}/pass', { params: { path: { ticket: started.qrCode.ticket } }, body: { name: '人脸遮挡' } }));
  const failed = await demo.processWhen(processId, token, (p) => p.step === 'face_failed');
  demo.say(tag, `first try failed: ${failed.step} (${failed.lastFaceFailure}), process still ${failed.status}`);
  const fresh = await demo.ok(demo.api(token).POST('/v1/processes/{processId}/qr-code', { params: { path: { processId } } }));
  demo.say(tag, 'fresh face code issued: awaiting_scan');
  await demo.ok(demo.api().POST('/v1/sandbox/face/tickets/{ticket}/pass', { params: { path: { ticket: fresh.ticket } } }));
  const done = await demo.processWhen(processId, token, () => false);
  demo.say(tag, `second try passed: ${done.status}`);
  return ended(tag, accountId, processId, done);
}

export async function individualQq(demo: DemoClient): Promise<FlowResult> {
  const tag = 'individual QQ + bank card';
  const { accountId, token } = await demo.newAccount('Demo: individual by QQ');
  const applicant = person('王小明');
  const started = await demo.ok(
    demo.api(token).POST('/v1/accounts/{accountId}/verifications', { params: { path: { accountId } }, body: { type: 'individual', method: 'qq_qr', applicant } }),
  );
  const { processId } = started;
  const ticket = { params: { path: { ticket: started.qrCode.ticket } } };
  const sandbox = demo.api();
  demo.say(tag, `started ${processId} on ${accountId}: awaiting_scan`);
  await demo.ok(sandbox.POST('/v1/sandbox/qq/tickets/{ticket}/scan', ticket));
  await demo.processWhen(processId, token, (p) => p.step === 'awaiting_authorization');
  demo.say(tag, 'scanned: awaiting_authorization');
  await demo.ok(sandbox.POST('/v1/sandbox/qq/tickets/{ticket}/require-bank-card', ticket));
  await demo.processWhen(processId, token, (p) => p.step === 'linking_bank_card');
  demo.say(tag, 'QQ has no bank card: linking_bank_card (R-P4)');
  await demo.ok(sandbox.POST('/v1/sandbox/qq/tickets/{ticket}/link-bank-card', ticket));
  await demo.processWhen(processId, token, (p) => p.step === 'awaiting_confirmation');
  demo.say(tag, 'bank card linked: awaiting_confirmation');
  await demo.ok(sandbox.POST('/v1/sandbox/qq/tickets/{ticket}/authorize', { ...ticket, body: { name: applicant.name, documentNumber: applicant.documentNumber } }));
  const done = await demo.processWhen(processId, token, () => false);
  demo.say(tag, `confirmed: ${done.status}`);
  return ended(tag, accountId, processId, done);
}

export async function enterpriseRecharge(demo: DemoClient): Promise<FlowResult> {
  const tag = 'enterprise recharge';
  const name = `福州演示充值有限公司${demo.runId}`;
  const { accountId, token } = await demo.newAccount(name);
  const { processId } = await demo.ok(
    demo.api(token).POST('/v1/accounts/{accountId}/enterprise-verifications', { params: { path: { accountId } }, body: await enterpriseBody(demo, token, 'recharge', name) }),
  );
  demo.say(tag, `licence uploaded, started ${processId} on ${accountId}`);
  const recharge = demand(processId, (await demo.processWhen(processId, token, (p) => p.step === 'awaiting_payment' && p.recharge)).recharge, 'a recharge');
  demo.say(tag, `registry checked: awaiting_payment of ${recharge.amountYuan} yuan quoting ${recharge.reference}`);
  await demo.ok(demo.api().POST('/v1/sandbox/payments', { body: { reference: processId, payerName: name, amountFen: recharge.amountFen } }));
  const done = await demo.processWhen(processId, token, () => false);
  demo.say(tag, `sandbox gateway paid ${recharge.amountFen} fen: ${done.status}`);
  return ended(tag, accountId, processId, done);
}

export async function enterpriseRemittance(demo: DemoClient, database: SandboxDatabase | undefined): Promise<FlowResult> {
  const tag = 'enterprise remittance';
  const name = `福州演示汇款有限公司${demo.runId}`;
  const { accountId, token } = await demo.newAccount(name);
  const body = await enterpriseBody(demo, token, 'remittance', name);
  const legalPerson = person('陈法人');
  const handler = person('林经办');
  const started = await demo.ok(
    demo.api(token).POST('/v1/accounts/{accountId}/enterprise-verifications', {
      params: { path: { accountId } },
      body: {
      ...body,
      remittance: {
        // Any account number not ending in 0000: the sandbox bank credits it at once.
        bankAccount: { accountNumber: `6222020200${random(8)}7`, bank: '中国工商银行', location: '福建省福州市', branch: '五一支行' },
        legalPerson: { name: legalPerson.name, documentNumber: legalPerson.documentNumber },
        handler: { name: handler.name, documentNumber: handler.documentNumber },
        photos: { emblemSideDocumentId: await demo.upload(token, 'legal_person_id_emblem'), portraitSideDocumentId: await demo.upload(token, 'legal_person_id_portrait') },
        },
      },
    }),
  );
  const { processId } = started;
  demo.say(tag, `licence and ID photos uploaded, started ${processId} on ${accountId}`);
  const face = await demo.processWhen(processId, token, (p) => p.step === 'awaiting_handler_face' && p.qrCode);
  demo.say(tag, 'awaiting_handler_face: the handler passes the face check');
  const faceCode = demand(processId, face.qrCode, 'a face code');
  await demo.ok(demo.api().POST('/v1/sandbox/face/tickets/{ticket}/pass', { params: { path: { ticket: faceCode.ticket } } }));
  const inReview = await demo.processWhen(processId, token, (p) => p.step === 'in_review' && p.remittance?.reviewId);
  if (inReview.status !== 'open') return ended(tag, accountId, processId, inReview);
  const reviewId = demand(processId, inReview.remittance?.reviewId, 'a review');
  demo.say(tag, `in_review: review ${reviewId} is in the operators' queue`);
  const operator = await demo.operatorApi();
  const review = { params: { path: { reviewId } } };
  // The process names its review a moment before the review's row is written: wait for the queue to show it.
  await demo.until(`review ${reviewId} in the queue`, async () => (await operator.GET('/v1/reviews/{reviewId}', review)).data?.status === 'pending');
  await demo.ok(operator.POST('/v1/reviews/{reviewId}/claim', review));
  await demo.ok(operator.POST('/v1/reviews/{reviewId}/decision', { ...review, body: { decision: 'approve', reason: 'demo: licence, ID photos and bank details consistent' } }));
  demo.say(tag, 'operator claimed and approved the review: the payout goes out');
  const awaiting = await demo.processWhen(processId, token, (p) => p.step === 'awaiting_amount');
  if (awaiting.status !== 'open') return { ...ended(tag, accountId, processId, awaiting), reviewId };
  demo.say(tag, 'the sandbox bank delivered the payout: awaiting_amount');
  const amountFen = await database?.payoutAmountFen(processId);
  if (amountFen === undefined) {
    const note = 'stopped at awaiting_amount: the API never shows the amount and the demo could not read the sandbox bank statement (`payouts` in PostgreSQL; set DATABASE_URL)';
    demo.say(tag, note);
    return { title: tag, accountId, processId, outcome: 'open (awaiting_amount)', reviewId, note };
  }
  const answer = await demo.ok(demo.api(token).POST('/v1/processes/{processId}/remittance-amount', { params: { path: { processId } }, body: { amountFen } }));
  const done = await demo.processWhen(processId, token, () => false);
  demo.say(tag, `amount ${amountFen} fen read from the sandbox bank statement and entered (correct: ${answer.correct}): ${done.status}`);
  return { ...ended(tag, accountId, processId, done), reviewId };
}

export async function officialAccount(demo: DemoClient) {
  const tag = 'WeChat Official Account';
  const name = `福州演示公众号有限公司${demo.runId}`;
  const { accountId, token } = await demo.newAccount(name);
  const { processId } = await demo.ok(
    demo.api(token).POST('/v1/accounts/{accountId}/enterprise-verifications', {
      params: { path: { accountId } },
      body: await enterpriseBody(demo, token, 'wechat_official_account', name),
    }),
  );
  demo.say(tag, `licence uploaded, started ${processId} on ${accountId}`);
  const code = demand(processId, (await demo.processWhen(processId, token, (p) => p.step === 'awaiting_scan' && p.qrCode)).qrCode, 'a QR code');
  const ticket = { params: { path: { ticket: code.ticket } } };
  await demo.ok(demo.api().POST('/v1/sandbox/wechat/tickets/{ticket}/scan', ticket));
  demo.say(tag, 'awaiting_scan: the administrator scans');
  const admin = person('公众号管理员');
  await demo.ok(demo.api().POST('/v1/sandbox/wechat/tickets/{ticket}/authorize', { ...ticket, body: { name: admin.name, documentNumber: admin.documentNumber, officialAccountName: name } }));
  const done = await demo.processWhen(processId, token, () => false);
  demo.say(tag, `authorized as the official account "${name}": ${done.status}`);
  return { result: ended(tag, accountId, processId, done), token, name };
}

/** R-C4: the individual account verified by WeChat becomes an enterprise by recharge. */
export async function changeToEnterprise(demo: DemoClient, accountId: string, token: string): Promise<FlowResult> {
  const tag = 'change: individual → ent.';
  const name = `福州演示转企业有限公司${demo.runId}`;
  const { processId } = await demo.ok(
    demo.api(token).POST('/v1/accounts/{accountId}/changes', {
      params: { path: { accountId } },
      body: { kind: 'individual_to_enterprise', agreement: true, enterprise: await enterpriseBody(demo, token, 'recharge', name) },
    }),
  );
  demo.say(tag, `started ${processId} on ${accountId} (still individual until the outcome)`);
  const face = demand(processId, (await demo.processWhen(processId, token, (p) => p.step === 'awaiting_current_face' && p.qrCode)).qrCode, 'a face code');
  await demo.ok(demo.api().POST('/v1/sandbox/face/tickets/{ticket}/pass', { params: { path: { ticket: face.ticket } } }));
  demo.say(tag, 'awaiting_current_face: the current individual passes the face check');
  const recharge = demand(processId, (await demo.processWhen(processId, token, (p) => p.step === 'awaiting_payment' && p.recharge)).recharge, 'a recharge');
  demo.say(tag, `awaiting_payment of ${recharge.amountYuan} yuan`);
  await demo.ok(demo.api().POST('/v1/sandbox/payments', { body: { reference: processId, payerName: name, amountFen: recharge.amountFen } }));
  const done = await demo.processWhen(processId, token, () => false);
  const account = await demo.ok(demo.api(token).GET('/v1/accounts/{accountId}', { params: { path: { accountId } } }));
  demo.say(tag, `paid: ${done.status}; the account is now ${account.status}`);
  return ended(tag, accountId, processId, done);
}

/** R-C6: a complete 91 enterprise changes its name automatically; R-C1 wants 30 days since the verification. */
export async function enterpriseNameChange(demo: DemoClient, accountId: string, token: string, database: SandboxDatabase | undefined): Promise<FlowResult> {
  const tag = 'change: enterprise name';
  const newName = `福州演示新名有限公司${demo.runId}`;
  if (database) {
    await database.backdateVerification(accountId, 31);
    demo.say(tag, `R-C1 allows a name change 30 days after the verification: moved ${accountId}'s verification 31 days back in PostgreSQL (sandbox only)`);
  }
  const reply = demo.api(token).POST('/v1/accounts/{accountId}/changes', { params: { path: { accountId } }, body: { kind: 'enterprise_name', agreement: true, newName } });
  const { error, response } = await reply;
  if (response.status === 409 && error?.rule === 'R-C1') {
    const note = `refused by R-C1 until ${String(error.allowedFrom)}: without the database the demo cannot move the verification date (set DATABASE_URL)`;
    demo.say(tag, note);
    return { title: tag, accountId, processId: '-', outcome: 'refused (R-C1)', note };
  }
  const { processId } = await demo.ok(reply, 201);
  demo.say(tag, `started ${processId}: complete 91 subject, no review needed`);
  const done = await demo.processWhen(processId, token, () => false);
  const account = await demo.ok(demo.api(token).GET('/v1/accounts/{accountId}', { params: { path: { accountId } } }));
  demo.say(tag, `${done.status}; VAT special invoices blocked for the former name: ${JSON.stringify(account.vatSpecialInvoice.blockedFormerNames)}`);
  return ended(tag, accountId, processId, done);
}

/** What the process must show by now (the poll waited for it); stops the flow saying what is missing. */
function demand<T>(processId: string, value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new DemoError(`process ${processId} ended without ${what}`);
  return value;
}
