import { signWebhook } from '../../api/webhook-signature';
import { mainlandId } from './people';
import { eventually, http, uniqueId, uploadDocument, type HttpResult, type RunningSystem } from './system';

// GB 32100 check characters computed by the domain's algorithm (see domain/__tests__/credit-code.test.ts).
export const TEST_CREDIT_CODE = '91350100M000100Y43';
const legalPerson = { name: '陈法人', documentNumber: mainlandId('350102', '1970-03-01', '117') };
const handler = { name: '林经办', documentNumber: mainlandId('350102', '1990-07-21', '135') };

/** The sandbox bank reports payouts to accounts ending in 0000 later, through its webhook (activities/providers/bank.ts). */
export const DELAYED_BANK_ACCOUNT = '6222020200110000';
export const INSTANT_BANK_ACCOUNT = '6222020200112233445';

export interface StartedEnterprise {
  name: string;
  accountId: string;
  token: string;
  processId: string;
}

/** R-E6.1: a remittance's materials, the photos uploaded for the holder, paying into `accountNumber`. */
export async function remittanceDetails(system: RunningSystem, token: string, accountNumber = INSTANT_BANK_ACCOUNT) {
  return {
    bankAccount: { accountNumber, bank: '中国工商银行', location: '福建省福州市', branch: '五一支行' },
    legalPerson,
    handler,
    photos: {
      emblemSideDocumentId: await uploadDocument(system, token, 'legal_person_id_emblem'),
      portraitSideDocumentId: await uploadDocument(system, token, 'legal_person_id_portrait'),
    },
  };
}

/** A fresh account and its enterprise verification by recharge or remittance, over HTTP; run with LIMIT_ACCOUNTS_PER_ENTERPRISE raised. */
export async function startEnterprise(system: RunningSystem, method: 'recharge' | 'remittance', accountNumber = INSTANT_BANK_ACCOUNT): Promise<StartedEnterprise> {
  const name = `福州账务测试有限公司${uniqueId('')}`;
  const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: name } })).body.id as string;
  const token = await system.holderToken(accountId);
  const remittance = method === 'remittance' ? { remittance: await remittanceDetails(system, token, accountNumber) } : {};
  const started = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
    token,
    body: {
      method,
      ...remittance,
      enterprise: {
        licenceType: 'business_licence',
        licenceDocumentId: await uploadDocument(system, token, 'business_licence'),
        name,
        creditCode: TEST_CREDIT_CODE,
        address: '福建省福州市鼓楼区',
        contact: { name: '王五', documentNumber: mainlandId('350102', '1985-06-15', '123'), mobile: '+86 138 0013 8000' },
      },
    },
  });
  if (started.status !== 201) throw new Error(`start answered ${started.status}: ${JSON.stringify(started.body)}`);
  return { name, accountId, token, processId: started.body.processId as string };
}

/** The process as the holder reads it, once `check` holds or it has ended. */
export const processWhen = (system: RunningSystem, { processId, token }: StartedEnterprise, check: (process: any) => boolean) =>
  eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.status === 200 && (check(r.body) || r.body.status !== 'open'));

/** R-E6.2, R-E6.3: the handler passes the sandbox face check and an operator approves the review; returns once the payout is sent (or refused, R-E6.4). */
export async function approveRemittance(system: RunningSystem, started: StartedEnterprise): Promise<void> {
  const face = await processWhen(system, started, (p) => p.step === 'awaiting_handler_face' && p.qrCode);
  await http(system, 'POST', `/v1/sandbox/face/tickets/${face.body.qrCode.ticket}/pass`);
  const inReview = await processWhen(system, started, (p) => p.step === 'in_review' && p.remittance?.reviewId);
  const reviewId = inReview.body.remittance.reviewId as string;
  await eventually(() => http(system, 'GET', `/v1/reviews/${reviewId}`, { token: system.operatorToken }), (r) => r.status === 200);
  const decided = await http(system, 'POST', `/v1/reviews/${reviewId}/decision`, { token: system.operatorToken, body: { decision: 'approve', reason: 'materials consistent' } });
  if (decided.status !== 200) throw new Error(`decision answered ${decided.status}`);
  await processWhen(system, started, (p) => p.step === 'awaiting_payout_delivery' || p.step === 'awaiting_amount' || p.remittance?.payoutRefusal);
}

/** The bank's signed delivery report (POST /v1/webhooks/bank). */
export function reportDelivery(system: RunningSystem, event: { eventId: string; idempotencyKey: string; deliveredAt: string }): Promise<HttpResult> {
  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  return http(system, 'POST', '/v1/webhooks/bank', {
    body,
    headers: { 'x-signature': signWebhook(system.config.webhookSecrets.bank, timestamp, body), 'x-signature-timestamp': String(timestamp) },
  });
}
