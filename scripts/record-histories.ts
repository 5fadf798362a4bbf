// `npm run record-histories`: runs one process of each individual method on the
// time-skipping test server with fake activities and stores the histories in
// tests/histories/, which tests/replay.test.ts replays against the current
// workflow code. Re-record only when a change is meant to break old histories.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  INDIVIDUAL_FIRST_STATUS,
  INDIVIDUAL_REVISION,
  processViewQuery,
  providerEventSignal,
  qrCodeUpdate,
  refreshQrCodeUpdate,
  type IndividualVerificationInput,
} from '../workflows/individual/messages';
import {
  chooseMethodUpdate,
  enterprisePartWorkflowId,
  enterpriseViewQuery,
  paymentArrivedSignal,
  submitRemittanceAmountUpdate,
  type EnterpriseVerificationInput,
  type EnterpriseView,
} from '../workflows/enterprise/messages';
import { decideReviewUpdate, reviewWorkflowId } from '../workflows/review/messages';
import { dataConverter, workerDataConverter } from '../codec/data-converter';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../worker/workflow-code';
import { loadConfig } from '../config';
import { personOf, fakeActivities, fakeChangeActivities, fakeEnterpriseActivities } from '../tests/support/fake-activities';
import { changeViewQuery, revokeChangeUpdate, submitNewEntityUpdate, type ChangeView, type SubjectChangeInput } from '../workflows/change/messages';
import type { ProcessRequest } from '../workflows/process-ids';
import { registerSearchAttributes } from './infra/search-attributes';
import { VerificationStatus } from '../workflows/search-attributes';
import { temporalBinaries } from './infra/binaries';

const OUT = join(__dirname, '..', 'tests', 'histories');
const applicant = { name: '张三', documentType: 'mainland_id' as const, documentNumber: '11010519491231002X', birthDate: '1949-12-31', industry: 'it', address: '北京' };
const realName = { name: applicant.name, documentNumber: applicant.documentNumber };

function input(id: string, method: IndividualVerificationInput['method']): IndividualVerificationInput {
  return {
    processId: `prc_${id}`,
    accountId: `acc_${id}`,
    method,
    applicant,
    durations: { qrValidity: '10 minutes', abandonment: '24 hours', bankCardDeadline: '30 minutes' },
    faceMaxTries: 5,
    revision: INDIVIDUAL_REVISION,
  };
}

type Scenario = (handle: WorkflowHandle) => Promise<void>;

function enterpriseInput(id: string): EnterpriseVerificationInput {
  return {
    processId: `prc_${id}`,
    accountId: `acc_${id}`,
    method: 'recharge',
    enterprise: {
      name: '北京示例科技有限公司',
      creditCode: '91350100M000100Y43',
      licenceDocumentId: 'doc_licence',
      address: '北京市海淀区',
      contact: { name: '张三', documentNumber: applicant.documentNumber, mobile: '13800138000' },
    },
    durations: { rechargeWindow: '7 days' },
    rechargeAttempts: 2,
  };
}

/** Pays once wrong, then the amount the workflow drew. */
const rechargeScenario: Scenario = async (handle) => {
  const view = async () => handle.query<{ recharge: { amountFen: number } | null }>('enterpriseView');
  let current = await view();
  while (!current.recharge) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    current = await view();
  }
  const amountFen = current.recharge.amountFen;
  const payerName = '北京示例科技有限公司';
  await handle.signal(paymentArrivedSignal, { eventId: 'p1', transactionId: 't1', payerName, amountFen: amountFen + 1 });
  await handle.signal(paymentArrivedSignal, { eventId: 'p2', transactionId: 't2', payerName, amountFen });
};

function remittanceInput(id: string): EnterpriseVerificationInput {
  const base = enterpriseInput(id);
  return {
    ...base,
    method: 'remittance',
    remittance: {
      bankAccount: { accountNumber: '6222020200112233445', bank: '中国工商银行', location: '北京市', branch: '中关村支行' },
      legalPerson: { name: '李四', documentNumber: '110105194912310029' },
      photos: { emblemSideDocumentId: 'doc_emblem', portraitSideDocumentId: 'doc_portrait' },
      handler: { name: '王五', documentNumber: applicant.documentNumber },
    },
    durations: { ...base.durations, remittanceAmountWindow: '7 days', qrValidity: '10 minutes', abandonment: '7 days' },
    remittanceAttempts: 2,
    faceMaxTries: 5,
    reviewSlaBusinessDays: 2,
    calendar: { holidays: [], extraWorkingDays: [] },
  };
}

async function viewWhen(handle: WorkflowHandle, check: (view: EnterpriseView) => boolean): Promise<EnterpriseView> {
  for (;;) {
    const view = await handle.query(enterpriseViewQuery);
    if (check(view)) return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Handler face check, a review escalated past its SLA then approved through
 * the API's update, the payout, a wrong then the right amount. Returns the review's handle.
 */
async function remittanceScenario(handle: WorkflowHandle, env: TestWorkflowEnvironment, payoutAmount: () => number): Promise<WorkflowHandle> {
  const face = await viewWhen(handle, (view) => view.step === 'awaiting_handler_face');
  await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f1', ticket: face.qrCode!.ticket, type: 'passed', person: personOf(face.qrCode!.ticket) });
  const inReview = await viewWhen(handle, (view) => view.step === 'in_review');
  const review = env.client.workflow.getHandle(reviewWorkflowId(inReview.remittance!.reviewId!));
  await env.sleep('5 days');
  await review.executeUpdate(decideReviewUpdate, {
    args: [{ reviewId: inReview.remittance!.reviewId!, decision: 'approve', reason: 'materials consistent', operator: 'op-recorder', via: 'api' }],
  });
  await viewWhen(handle, (view) => view.step === 'awaiting_amount');
  await handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ amountFen: payoutAmount() === 99 ? 98 : payoutAmount() + 1 }] });
  await handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ amountFen: payoutAmount() }] });
  return review;
}

/** R-E6.5: the process whose amount check is slow (a busy database), outlasting its window. */
const AMOUNT_AT_DEADLINE = 'enterprise-remittance-amount-at-deadline';
const SLOW_CHECK_MS = 4000;

/**
 * R-E6.5: the right amount entered a second before the window ends; its check
 * outlasts the workflow task's heartbeat (the process runs with 2-second
 * tasks), so the window's timer fires before the verdict, which verifies.
 */
async function amountAtDeadlineScenario(handle: WorkflowHandle, env: TestWorkflowEnvironment, payoutAmount: () => number): Promise<void> {
  const face = await viewWhen(handle, (view) => view.step === 'awaiting_handler_face');
  await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f1', ticket: face.qrCode!.ticket, type: 'passed', person: personOf(face.qrCode!.ticket) });
  const inReview = await viewWhen(handle, (view) => view.step === 'in_review');
  await env.client.workflow.getHandle(reviewWorkflowId(inReview.remittance!.reviewId!)).executeUpdate(decideReviewUpdate, {
    args: [{ reviewId: inReview.remittance!.reviewId!, decision: 'approve', reason: 'materials consistent', operator: 'op-recorder', via: 'api' }],
  });
  const awaiting = await viewWhen(handle, (view) => view.step === 'awaiting_amount');
  await env.sleep(awaiting.remittance!.amountDeadline! - 1000 - (await env.currentTimeMs()));
  await handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ amountFen: payoutAmount() }] });
}

/** R-E6.4: the sandbox-like account the fakes' bank refuses (account_invalid). */
const REFUSED_ACCOUNT = '6222020200119999';

/**
 * R-E6.4: the bank refuses the account of the first remittance; the holder
 * submits corrected details, which a new face check and review approve, then
 * the right amount verifies.
 */
async function refusedPayoutScenario(handle: WorkflowHandle, env: TestWorkflowEnvironment, payoutAmount: () => number): Promise<void> {
  const approveCurrent = async (eventId: string) => {
    const face = await viewWhen(handle, (view) => view.step === 'awaiting_handler_face' && view.qrCode !== null);
    await handle.signal(providerEventSignal, { provider: 'face', eventId, ticket: face.qrCode!.ticket, type: 'passed', person: personOf(face.qrCode!.ticket) });
    const inReview = await viewWhen(handle, (view) => view.step === 'in_review');
    await env.client.workflow.getHandle(reviewWorkflowId(inReview.remittance!.reviewId!)).executeUpdate(decideReviewUpdate, {
      args: [{ reviewId: inReview.remittance!.reviewId!, decision: 'approve', reason: 'materials consistent', operator: 'op-recorder', via: 'api' }],
    });
  };
  await approveCurrent('f1');
  await viewWhen(handle, (view) => view.step === 'choosing_method' && view.remittance?.payoutRefusal === 'account_invalid');
  await handle.executeUpdate(chooseMethodUpdate, { args: [{ method: 'remittance', remittance: remittanceInput('x').remittance! }] });
  await approveCurrent('f2');
  await viewWhen(handle, (view) => view.step === 'awaiting_amount');
  await handle.executeUpdate(submitRemittanceAmountUpdate, { args: [{ amountFen: payoutAmount() }] });
}

function changeInput(id: string): SubjectChangeInput {
  return {
    processId: `prc_${id}`,
    accountId: `acc_${id}`,
    kind: 'individual_to_enterprise',
    requestedBy: 'holder-recorder',
    current: { type: 'individual', name: applicant.name, documentNumber: applicant.documentNumber },
    enterprise: enterpriseInput(id),
    durations: { qrValidity: '10 minutes', abandonment: '7 days', entityValidity: '7 days' },
    faceMaxTries: 5,
    reviewSlaBusinessDays: 1,
    calendar: { holidays: [], extraWorkingDays: [] },
  };
}

/** R-C6: an automatic rename of a complete 91 subject, which the registry confirms under the unchanged credit code. */
function renameInput(id: string): SubjectChangeInput {
  const { enterprise } = enterpriseInput(id);
  return {
    ...changeInput(id),
    kind: 'enterprise_name',
    current: { type: 'enterprise', name: enterprise.name, creditCode: enterprise.creditCode },
    enterprise: undefined,
    newName: '北京示例信息技术有限公司',
    automatic: true,
  };
}

/**
 * R-C5: an entity change as the API drives it: the registry confirms the
 * pre-change legal person, whose face passes; the review approves; the new
 * entity comes after the approval and verifies by recharge in the part.
 */
function entityChangeInput(id: string): SubjectChangeInput {
  const { enterprise } = enterpriseInput(id);
  return {
    ...changeInput(id),
    kind: 'enterprise_entity',
    current: { type: 'enterprise', name: enterprise.name, creditCode: enterprise.creditCode },
    enterprise: undefined,
    preChangeLegalPerson: { name: '李四', documentNumber: '110105194912310029' },
    newEntity: { name: NEW_ENTITY.name, creditCode: NEW_ENTITY.creditCode, address: '北京市朝阳区' },
    materials: { applicationForm: 'doc_form', originalLicence: 'doc_licence', legalPersonIdEmblemSide: 'doc_emblem', legalPersonIdPortraitSide: 'doc_portrait' },
  };
}
const NEW_ENTITY = { name: '北京乙科技有限公司', creditCode: '91110108MA01ABCE0X' };

async function entityChangeScenario(handle: WorkflowHandle, client: TestWorkflowEnvironment['client'], id: string): Promise<{ part: WorkflowHandle; review: WorkflowHandle }> {
  const changeWhen = async (check: (view: ChangeView) => boolean) => {
    for (;;) {
      const view = await handle.query(changeViewQuery);
      if (check(view)) return view;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const face = await changeWhen((view) => view.step === 'awaiting_legal_person_face' && view.qrCode !== null);
  await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f1', ticket: face.qrCode!.ticket, type: 'passed', person: personOf(face.qrCode!.ticket) });
  const inReview = await changeWhen((view) => view.step === 'in_review' && view.reviewId !== null);
  const review = client.workflow.getHandle(reviewWorkflowId(inReview.reviewId!));
  await review.executeUpdate(decideReviewUpdate, { args: [{ reviewId: inReview.reviewId!, decision: 'approve', reason: 'proofs match', operator: 'op-recorder', via: 'api' }] });
  await changeWhen((view) => view.step === 'awaiting_new_entity');
  const base = enterpriseInput(id);
  await handle.executeUpdate(submitNewEntityUpdate, { args: [{ ...base, enterprise: { ...base.enterprise, ...NEW_ENTITY } }] });
  const part = client.workflow.getHandle(enterprisePartWorkflowId(base.processId));
  let enterprise: EnterpriseView | null = null;
  while (!enterprise?.recharge) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    enterprise = await part.query(enterpriseViewQuery).catch(() => null);
  }
  await part.signal(paymentArrivedSignal, { eventId: 'p1', transactionId: 't1', payerName: NEW_ENTITY.name, amountFen: enterprise.recharge.amountFen });
  return { part, review };
}

/** R-C4: the change's own face check passed, and its enterprise part running (its recharge shown). */
async function partRunning(handle: WorkflowHandle, client: TestWorkflowEnvironment['client'], processId: string): Promise<WorkflowHandle> {
  let view = await handle.query<{ step: string; qrCode: { ticket: string } | null }>('changeView');
  while (view.step !== 'awaiting_current_face' || !view.qrCode) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    view = await handle.query('changeView');
  }
  await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f1', ticket: view.qrCode.ticket, type: 'passed', person: personOf(view.qrCode.ticket) });
  const part = client.workflow.getHandle(enterprisePartWorkflowId(processId));
  while (!(await part.query(enterpriseViewQuery).catch(() => null))?.recharge) await new Promise((resolve) => setTimeout(resolve, 50));
  return part;
}

/**
 * R-C3, R-G7: a change whose running part is stopped by `stop` (the holder
 * revoking through the change, an operator cancelling the part or the
 * change), both histories recorded once they end.
 */
async function partStopped(env: TestWorkflowEnvironment, id: string, stop: (change: WorkflowHandle, part: WorkflowHandle) => Promise<unknown>): Promise<void> {
  const change = await env.client.workflow.start('subjectChange', { taskQueue: 'record-histories', workflowId: id, args: [changeInput(id)] });
  const part = await partRunning(change, env.client, changeInput(id).processId);
  await stop(change, part);
  // Code before the patches left a cancelled change waiting on its part: time skips to the part's own deadline.
  await Promise.allSettled([change.result(), part.result()]);
  await record(`${id}.json`, change);
  await record(`${id}-part.json`, part);
}

/** Face check of the current individual, then the recharge of the new enterprise in the change's enterprise part. */
async function changeScenario(handle: WorkflowHandle, client: TestWorkflowEnvironment['client']): Promise<WorkflowHandle> {
  let view = await handle.query<{ step: string; qrCode: { ticket: string } | null }>('changeView');
  while (view.step !== 'awaiting_current_face' || !view.qrCode) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    view = await handle.query('changeView');
  }
  await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f1', ticket: view.qrCode.ticket, type: 'passed', person: personOf(view.qrCode.ticket) });
  // R-C4: the enterprise part is a child workflow, which takes the payment.
  const part = client.workflow.getHandle(enterprisePartWorkflowId(changeInput('change-individual-to-enterprise').processId));
  let enterprise: EnterpriseView | null = null;
  while (!enterprise?.recharge) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    enterprise = await part.query(enterpriseViewQuery).catch(() => null);
  }
  await part.signal(paymentArrivedSignal, { eventId: 'p1', transactionId: 't1', payerName: '北京示例科技有限公司', amountFen: enterprise.recharge.amountFen });
  return part;
}

const scenarios: Record<string, [IndividualVerificationInput['method'], Scenario]> = {
  'individual-wechat-verified': ['wechat_qr', async (handle) => {
    const code = await handle.executeUpdate(qrCodeUpdate);
    await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'w1', ticket: code.ticket, type: 'scanned' });
    await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'w2', ticket: code.ticket, type: 'authorized', realName });
  }],
  'individual-qq-bank-card-verified': ['qq_qr', async (handle) => {
    const code = await handle.executeUpdate(qrCodeUpdate);
    await handle.signal(providerEventSignal, { provider: 'qq', eventId: 'q1', ticket: code.ticket, type: 'scanned' });
    await handle.signal(providerEventSignal, { provider: 'qq', eventId: 'q2', ticket: code.ticket, type: 'bank_card_required' });
    await handle.signal(providerEventSignal, { provider: 'qq', eventId: 'q3', ticket: code.ticket, type: 'bank_card_linked' });
    await handle.signal(providerEventSignal, { provider: 'qq', eventId: 'q4', ticket: code.ticket, type: 'authorized', realName });
  }],
  'individual-face-retry-verified': ['face', async (handle) => {
    const first = await handle.executeUpdate(qrCodeUpdate);
    await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f1', ticket: first.ticket, type: 'failed', reason: 'face_covered' });
    const fresh = await handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId: (await handle.query(processViewQuery)).processId, request: 'refresh_code' }] });
    await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f2', ticket: fresh.ticket, type: 'passed', person: personOf(fresh.ticket) });
  }],
  'individual-wechat-abandoned': ['wechat_qr', async (handle) => {
    await handle.executeUpdate(qrCodeUpdate);
  }],
};

const ROOT = join(__dirname, '..');

/**
 * Writes a workflow's history as tests/replay.test.ts reads it. Failures'
 * stack traces name where the code ran: the checkout's own path is cut from
 * them, so a recording holds no machine's directories.
 */
async function record(file: string, handle: WorkflowHandle): Promise<void> {
  const json = historyToJSON(await handle.fetchHistory()).split(`${ROOT}/`).join('');
  writeFileSync(join(OUT, file), `${json}\n`);
}

async function main(): Promise<void> {
  // Recorded like production writes them (encrypted), with the sandbox key that
  // tests/replay.test.ts decrypts with; histories recorded before stay plain and replay too.
  const converter = dataConverter(loadConfig({}));
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalBinaries().testServer } },
    client: { dataConverter: converter },
  });
  try {
    await registerSearchAttributes(env.connection.operatorService, env.namespace ?? 'default');
    const enterpriseFakes = fakeEnterpriseActivities({ refusedAccounts: { [REFUSED_ACCOUNT]: 'account_invalid' } });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'record-histories',
      workflowsPath: WORKFLOWS_PATH,
      interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES },
      activities: {
        ...fakeChangeActivities().activities,
        ...fakeActivities().activities,
        ...enterpriseFakes.activities,
        async checkPayoutAmount(entry: Parameters<typeof enterpriseFakes.activities.checkPayoutAmount>[0]) {
          if (entry.idempotencyKey.startsWith(`prc_${AMOUNT_AT_DEADLINE}:`)) await new Promise((resolve) => setTimeout(resolve, SLOW_CHECK_MS));
          return enterpriseFakes.activities.checkPayoutAmount(entry);
        },
      },
      dataConverter: workerDataConverter(loadConfig({})),
    });
    mkdirSync(OUT, { recursive: true });
    await worker.runUntil(async () => {
      const enterprise = await env.client.workflow.start('enterpriseVerification', {
        taskQueue: 'record-histories',
        workflowId: 'enterprise-recharge-verified',
        args: [enterpriseInput('enterprise-recharge-verified')],
      });
      await rechargeScenario(enterprise);
      await enterprise.result();
      await record('enterprise-recharge-verified.json', enterprise);
      // R-E5: no payment in the window; at the deadline the recharge asks for payments still on their way, finds none, fails.
      const expired = await env.client.workflow.start('enterpriseVerification', {
        taskQueue: 'record-histories',
        workflowId: 'enterprise-recharge-expired',
        args: [enterpriseInput('enterprise-recharge-expired')],
      });
      await expired.result();
      await record('enterprise-recharge-expired.json', expired);
      // R-E4: the registry confirms the legal person before the code; WeChat then reports that person.
      const legalPerson = { name: '李四', documentNumber: '110105194912310029' };
      const byLegalPerson = await env.client.workflow.start('enterpriseVerification', {
        taskQueue: 'record-histories',
        workflowId: 'enterprise-legal-person-wechat-verified',
        args: [{ ...enterpriseInput('enterprise-legal-person-wechat-verified'), method: 'legal_person_wechat', legalPerson, durations: { qrValidity: '10 minutes', abandonment: '7 days' } }],
      });
      const scan = await viewWhen(byLegalPerson, (view) => view.qrCode !== null);
      await byLegalPerson.signal(providerEventSignal, { provider: 'wechat', eventId: 'w1', ticket: scan.qrCode!.ticket, type: 'authorized', realName: legalPerson });
      await byLegalPerson.result();
      await record('enterprise-legal-person-wechat-verified.json', byLegalPerson);
      const remitting = await env.client.workflow.start('enterpriseVerification', {
        taskQueue: 'record-histories',
        workflowId: 'enterprise-remittance-verified',
        args: [remittanceInput('enterprise-remittance-verified')],
      });
      const review = await remittanceScenario(remitting, env, () => enterpriseFakes.payouts[0]!.amountFen);
      await remitting.result();
      await record('enterprise-remittance-verified.json', remitting);
      await record('review-escalated-approved.json', review);
      const refused = remittanceInput('enterprise-remittance-payout-refused');
      const refusedPayout = await env.client.workflow.start('enterpriseVerification', {
        taskQueue: 'record-histories',
        workflowId: 'enterprise-remittance-payout-refused',
        args: [{ ...refused, remittance: { ...refused.remittance!, bankAccount: { ...refused.remittance!.bankAccount, accountNumber: REFUSED_ACCOUNT } } }],
      });
      await refusedPayoutScenario(refusedPayout, env, () => enterpriseFakes.payouts.at(-1)!.amountFen);
      await refusedPayout.result();
      await record('enterprise-remittance-payout-refused.json', refusedPayout);
      const atDeadline = await env.client.workflow.start('enterpriseVerification', {
        taskQueue: 'record-histories',
        workflowId: AMOUNT_AT_DEADLINE,
        args: [remittanceInput(AMOUNT_AT_DEADLINE)],
        workflowTaskTimeout: '2 seconds',
      });
      await amountAtDeadlineScenario(atDeadline, env, () => enterpriseFakes.payouts.at(-1)!.amountFen);
      await atDeadline.result();
      await record(`${AMOUNT_AT_DEADLINE}.json`, atDeadline);
      // R-G7: the one method it may run rejected, the process ends method_choices_exhausted at once.
      const lastMethod = await env.client.workflow.start('enterpriseVerification', {
        taskQueue: 'record-histories',
        workflowId: 'enterprise-remittance-rejected-last-method',
        args: [{ ...remittanceInput('enterprise-remittance-rejected-last-method'), maxMethodChoices: 1 }],
      });
      const lastFace = await viewWhen(lastMethod, (view) => view.step === 'awaiting_handler_face' && view.qrCode !== null);
      await lastMethod.signal(providerEventSignal, { provider: 'face', eventId: 'f1', ticket: lastFace.qrCode!.ticket, type: 'passed', person: personOf(lastFace.qrCode!.ticket) });
      const lastReview = await viewWhen(lastMethod, (view) => view.step === 'in_review');
      await env.client.workflow.getHandle(reviewWorkflowId(lastReview.remittance!.reviewId!)).executeUpdate(decideReviewUpdate, {
        args: [{ reviewId: lastReview.remittance!.reviewId!, decision: 'reject', reason: 'photos unreadable', operator: 'op-recorder', via: 'api' }],
      });
      await lastMethod.result();
      await record('enterprise-remittance-rejected-last-method.json', lastMethod);
      const change = await env.client.workflow.start('subjectChange', {
        taskQueue: 'record-histories',
        workflowId: 'change-individual-to-enterprise',
        args: [changeInput('change-individual-to-enterprise')],
      });
      const part = await changeScenario(change, env.client);
      await change.result();
      await record('change-individual-to-enterprise.json', change);
      await record('change-enterprise-part-recharge.json', part);
      const rename = await env.client.workflow.start('subjectChange', {
        taskQueue: 'record-histories',
        workflowId: 'change-enterprise-rename',
        args: [renameInput('change-enterprise-rename')],
      });
      await rename.result();
      await record('change-enterprise-rename.json', rename);
      // R-C7: the registry lists the enterprise as active and holds the new representative, who confirms by WeChat.
      const representative = { name: '王五', documentNumber: '110105199001010012' };
      const newRepresentative = await env.client.workflow.start('subjectChange', {
        taskQueue: 'record-histories',
        workflowId: 'change-legal-representative',
        args: [{ ...renameInput('change-legal-representative'), kind: 'legal_representative', newName: undefined, automatic: undefined, legalRepresentative: { ...representative, method: 'wechat_qr' } }],
      });
      let confirming = await newRepresentative.query(changeViewQuery);
      while (confirming.step !== 'awaiting_representative' || !confirming.qrCode) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        confirming = await newRepresentative.query(changeViewQuery);
      }
      await newRepresentative.signal(providerEventSignal, { provider: 'wechat', eventId: 'w1', ticket: confirming.qrCode.ticket, type: 'authorized', realName: representative });
      await newRepresentative.result();
      await record('change-legal-representative.json', newRepresentative);
      const entity = await env.client.workflow.start('subjectChange', {
        taskQueue: 'record-histories',
        workflowId: 'change-enterprise-entity',
        args: [entityChangeInput('change-enterprise-entity')],
      });
      await entityChangeScenario(entity, env.client, 'change-enterprise-entity');
      await entity.result();
      await record('change-enterprise-entity.json', entity);
      for (const [name, [method, drive]] of Object.entries(scenarios)) {
        const handle = await env.client.workflow.start('individualVerification', {
          taskQueue: 'record-histories',
          workflowId: name,
          args: [input(name, method)],
          // As the API starts it.
          typedSearchAttributes: [{ key: VerificationStatus, value: INDIVIDUAL_FIRST_STATUS }],
        });
        await drive(handle);
        await handle.result();
        await record(`${name}.json`, handle);
        process.stdout.write(`recorded ${name}\n`);
      }
      const revoke = { args: [{ processId: changeInput('change-revoked-through-change').processId, request: 'revoke_change' as const }] as [ProcessRequest] };
      await partStopped(env, 'change-revoked-through-change', (change) => change.executeUpdate(revokeChangeUpdate, revoke));
      await partStopped(env, 'change-part-cancelled', (_change, part) => part.cancel());
      await partStopped(env, 'change-cancelled-during-part', (change) => change.cancel());
    });
  } finally {
    await env.teardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
