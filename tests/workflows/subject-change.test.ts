import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type { ChangeKind } from '../../domain';
import { enterprisePartWorkflowId, enterpriseViewQuery, paymentArrivedSignal, type EnterpriseVerificationInput, type EnterpriseView } from '../../workflows/enterprise/messages';
import { providerEventSignal, refreshQrCodeUpdate } from '../../workflows/individual/messages';
import { changeViewQuery, resubmitMaterialsUpdate, revokeChangeUpdate, submitNewEntityUpdate, type ChangeView, type SubjectChangeInput } from '../../workflows/change/messages';
import { decideReviewUpdate, reviewViewQuery, reviewWorkflowId } from '../../workflows/review/messages';
import { personOf, fakeChangeActivities } from '../support/fake-activities';
import { queryUntil, runWorkflow, timeSkippingEnvironment } from '../support/time-skipping';

const enterprise = {
  name: '北京示例科技有限公司',
  creditCode: '91110108MA01ABCD2X',
  licenceDocumentId: 'doc_licence',
  address: '北京市海淀区中关村大街1号',
  contact: { name: '张三', documentNumber: '11010519491231002X', mobile: '13800138000' },
};
const newPerson = { name: '李四', documentType: 'mainland_id' as const, documentNumber: '110105194912310029', birthDate: '1949-12-31', industry: 'it', address: '北京' };
const DAY = 24 * 3600_000;

function enterpriseInput(id: string, method: EnterpriseVerificationInput['method']): EnterpriseVerificationInput {
  return {
    processId: `prc_${id}`,
    accountId: `acc_${id}`,
    enterprise,
    method,
    durations: { rechargeWindow: '7 days', remittanceAmountWindow: '7 days', qrValidity: '10 minutes', abandonment: '7 days' },
    rechargeAttempts: 2,
  };
}

function input(id: string, kind: ChangeKind, extra: Partial<SubjectChangeInput> = {}): SubjectChangeInput {
  const current =
    kind === 'individual_to_enterprise' || kind === 'individual_to_individual'
      ? { type: 'individual' as const, name: '张三', documentNumber: '11010519491231002X' }
      : { type: 'enterprise' as const, name: enterprise.name, creditCode: enterprise.creditCode };
  return {
    processId: `prc_${id}`,
    accountId: `acc_${id}`,
    kind,
    requestedBy: 'holder-1',
    current,
    durations: { qrValidity: '10 minutes', abandonment: '7 days', entityValidity: '7 days' },
    faceMaxTries: 3,
    reviewSlaBusinessDays: 1,
    calendar: { holidays: [], extraWorkingDays: [] },
    ...extra,
  };
}

type Fakes = ReturnType<typeof fakeChangeActivities>;

// Time-skipping: the 7-day entity validity takes milliseconds.
describe('subjectChange (time-skipping)', () => {
  // One test server per test: after a refused update the test server stops skipping time for what follows.
  let env: TestWorkflowEnvironment;
  beforeEach(async () => {
    env = await timeSkippingEnvironment();
  });
  afterEach(async () => {
    await env?.teardown();
  });

  const run = <T>(fakes: Fakes, args: SubjectChangeInput, body: (handle: WorkflowHandle) => Promise<T>) =>
    runWorkflow(env, fakes.activities, 'subjectChange', `wf-${args.processId}-${Date.now()}`, args, body);
  const until = (handle: WorkflowHandle, check: (view: ChangeView) => boolean) => queryUntil(handle, changeViewQuery, check);
  const at = (handle: WorkflowHandle, step: ChangeView['step']) => until(handle, (view) => view.step === step && (view.qrCode !== null || !step.startsWith('awaiting')));
  const passFace = async (handle: WorkflowHandle, step: ChangeView['step']) => {
    const view = await at(handle, step);
    await handle.signal(providerEventSignal, { provider: 'face', eventId: `f-${view.qrCode!.ticket}`, ticket: view.qrCode!.ticket, type: 'passed', person: personOf(view.qrCode!.ticket) });
  };
  const result = (handle: WorkflowHandle) => handle.result() as Promise<ChangeView>;
  /** R-C4, R-C5.5: the change's enterprise part, a child workflow, once its view shows `ready`. */
  const partOf = async (processId: string, ready: (view: EnterpriseView) => boolean) => {
    const part = env.client.workflow.getHandle(enterprisePartWorkflowId(processId));
    for (;;) {
      const view = await part.query(enterpriseViewQuery).catch(() => null);
      if (view && ready(view)) return { part, view };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('R-C4, R-C3: individual to enterprise: face of the current individual, then recharge; only then is the subject written', async () => {
    const fakes = fakeChangeActivities();
    const view = await run(fakes, input('i2e', 'individual_to_enterprise', { enterprise: enterpriseInput('i2e', 'recharge') }), async (handle) => {
      await passFace(handle, 'awaiting_current_face');
      const { part, view: waiting } = await partOf('prc_i2e', (view) => view.recharge !== null);
      // R-C3: nothing written to the account before the outcome.
      expect(fakes.changes).toEqual([]);
      await part.signal(paymentArrivedSignal, { eventId: 'p1', transactionId: 't1', payerName: enterprise.name, amountFen: waiting.recharge!.amountFen });
      return result(handle);
    });
    expect(view).toMatchObject({ status: 'changed', step: 'changed' });
    expect(fakes.changes).toEqual([
      expect.objectContaining({ kind: 'individual_to_enterprise', subject: expect.objectContaining({ type: 'enterprise', name: enterprise.name, method: 'recharge' }), credit: expect.objectContaining({ transactionId: 't1' }) }),
    ]);
  });

  it('R-P10, R-C4: the first face check is for the current individual; the new person passing it is a failed try', async () => {
    const fakes = fakeChangeActivities();
    await run(fakes, input('i2i-wrong', 'individual_to_individual', { newIndividual: newPerson }), async (handle) => {
      const view = await at(handle, 'awaiting_current_face');
      const ticket = view.qrCode!.ticket;
      expect(personOf(ticket)).toEqual({ name: '张三', documentType: 'mainland_id', documentNumber: '11010519491231002X' });
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'wrong', ticket, type: 'passed', person: { name: newPerson.name, documentType: newPerson.documentType, documentNumber: newPerson.documentNumber } });
      const failed = await until(handle, (v) => v.lastFaceFailure === 'identity_wrong');
      expect(failed).toMatchObject({ status: 'open', lastFaceFailure: 'identity_wrong' });
      expect(fakes.changes).toEqual([]);
    });
  });

  it('R-P8, R-C4: a face code is in use until a result comes, so a refresh cannot drop a failure on its way; a spent one is replaced', async () => {
    const fakes = fakeChangeActivities();
    await run(fakes, input('i2i-in-use', 'individual_to_individual', { newIndividual: newPerson }), async (handle) => {
      const view = await at(handle, 'awaiting_current_face');
      const refresh = () => handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId: view.processId, request: 'refresh_code' }] });
      await expect(refresh()).rejects.toMatchObject({ cause: expect.objectContaining({ type: 'QrCodeInUse' }) });
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f1', ticket: view.qrCode!.ticket, type: 'failed', reason: 'face_covered' });
      const failed = await until(handle, (v) => v.lastFaceFailure === 'face_covered');
      expect(failed.faceTriesLeft).toBe(view.faceTriesLeft! - 1);
      const fresh = await refresh();
      expect(fresh.ticket).not.toBe(view.qrCode!.ticket);
    });
  });

  it('R-C4: individual to another individual: face of the current one, then face recognition of the new person', async () => {
    const fakes = fakeChangeActivities();
    const view = await run(fakes, input('i2i', 'individual_to_individual', { newIndividual: newPerson }), async (handle) => {
      await passFace(handle, 'awaiting_current_face');
      await passFace(handle, 'awaiting_new_face');
      return result(handle);
    });
    expect(view.status).toBe('changed');
    expect(fakes.changes[0]!.subject).toMatchObject({ type: 'individual', name: '李四', documentNumber: newPerson.documentNumber });
  });

  it('R-C4, R-P5, R-P10: a new individual holding a Hong Kong/Macao permit, whose face pass names the renewed card (another issue count), is that person', async () => {
    const fakes = fakeChangeActivities();
    const holder = { ...newPerson, name: '陈大文', documentType: 'hk_macao_permit' as const, documentNumber: 'H12345678' };
    const view = await run(fakes, input('i2i-permit', 'individual_to_individual', { newIndividual: holder }), async (handle) => {
      await passFace(handle, 'awaiting_current_face');
      const waiting = await at(handle, 'awaiting_new_face');
      expect(personOf(waiting.qrCode!.ticket)).toMatchObject({ documentType: 'hk_macao_permit', documentNumber: 'H12345678' });
      await handle.signal(providerEventSignal, { provider: 'face', eventId: 'f-renewed', ticket: waiting.qrCode!.ticket, type: 'passed', person: { ...personOf(waiting.qrCode!.ticket)!, documentNumber: 'H1234567801' } });
      return result(handle);
    });
    expect(view.status).toBe('changed');
    // The subject keeps the number the holder gave.
    expect(fakes.changes[0]!.subject).toMatchObject({ type: 'individual', name: '陈大文', documentType: 'hk_macao_permit', documentNumber: 'H12345678' });
  });

  it('R-C6: a complete 91/92 subject changes its name automatically, without review, to the name the registry holds for its credit code', async () => {
    const fakes = fakeChangeActivities();
    const asked: Array<{ name: string; creditCode: string }> = [];
    const lookup = fakes.activities.lookupRegistry;
    fakes.activities.lookupRegistry = async (query) => (asked.push(query), lookup(query));
    const view = await run(fakes, input('name-auto', 'enterprise_name', { newName: '北京新名科技有限公司', automatic: true }), result);
    expect(view.status).toBe('changed');
    expect(fakes.enterprise.reviews).toEqual([]);
    expect(asked).toEqual([{ name: '北京新名科技有限公司', creditCode: enterprise.creditCode, withStatus: true, answerBy: expect.any(Number) }]);
    expect(fakes.changes[0]!.subject).toEqual({ type: 'enterprise', name: '北京新名科技有限公司' });
  });

  it.each([
    ['another name registered under the credit code', { found: true, registeredName: '北京真名科技有限公司' }, 'name_mismatch'],
    ['a credit code the registry does not know', { found: false }, 'registry_not_found'],
    ['an enterprise the registry holds as revoked', { found: true, registeredName: '北京别家科技有限公司', status: 'revoked' }, 'enterprise_not_active'],
  ] as const)('R-C6, R-E3: an automatic rename to a name the registry does not hold (%s) writes nothing and fails %s', async (_case, answer, reason) => {
    const fakes = fakeChangeActivities();
    fakes.activities.lookupRegistry = async () => answer;
    const view = await run(fakes, input(`name-auto-${reason}`, 'enterprise_name', { newName: '北京别家科技有限公司', automatic: true }), result);
    expect(view).toMatchObject({ status: 'failed', failureReason: reason });
    expect(fakes.changes).toEqual([]);
    expect(fakes.closed.map((c) => c.outcome)).toEqual(['failed']);
  });

  it('R-C6, R-C5.4: otherwise review: rejected, corrected materials resubmitted, approved, then the name changes', async () => {
    const fakes = fakeChangeActivities();
    const args = input('name-review', 'enterprise_name', { newName: '北京新名科技有限公司', automatic: false, materials: { form: 'doc_form', proof: 'doc_proof', licence: 'doc_licence' } });
    const view = await run(fakes, args, async (handle) => {
      const first = await at(handle, 'in_review');
      const review = env.client.workflow.getHandle(reviewWorkflowId(first.reviewId!));
      await review.executeUpdate(decideReviewUpdate, { args: [{ reviewId: review.workflowId.replace(/^review-/, ''), decision: 'reject', reason: 'proof unreadable', operator: 'op-1' }] });
      const rejected = await at(handle, 'review_rejected');
      expect(rejected.reviewReason).toBe('proof unreadable');
      await handle.executeUpdate(resubmitMaterialsUpdate, { args: [{ form: 'doc_form', proof: 'doc_proof_2', licence: 'doc_licence' }] });
      const second = await until(handle, (v) => v.step === 'in_review' && v.reviewId !== first.reviewId);
      await env.client.workflow.getHandle(reviewWorkflowId(second.reviewId!)).executeUpdate(decideReviewUpdate, { args: [{ reviewId: second.reviewId!, decision: 'approve', reason: 'now legible', operator: 'op-1' }] });
      return result(handle);
    });
    expect(view.status).toBe('changed');
    expect(fakes.enterprise.reviews.map((r) => r.materials.documents.proof)).toEqual(['doc_proof', 'doc_proof_2']);
    expect(fakes.enterprise.reviews[0]!.slaBusinessDays).toBe(1);
    expect(fakes.individual.notifications.map((n) => n.outcome)).toEqual(['review_rejected', 'review_approved', 'verified']);
  });

  it('R-G7, R-C6: reject and resubmit is bounded: the last allowed review\'s rejection fails the change review_attempts_exhausted', async () => {
    const fakes = fakeChangeActivities();
    const args = input('name-reviews-bounded', 'enterprise_name', { newName: '北京新名科技有限公司', automatic: false, maxReviews: 2, materials: { form: 'doc_form', proof: 'doc_proof', licence: 'doc_licence' } });
    const reject = (reviewId: string) =>
      env.client.workflow.getHandle(reviewWorkflowId(reviewId)).executeUpdate(decideReviewUpdate, { args: [{ reviewId, decision: 'reject', reason: 'proof unreadable', operator: 'op-1' }] });
    const view = await run(fakes, args, async (handle) => {
      const first = await at(handle, 'in_review');
      await reject(first.reviewId!);
      await at(handle, 'review_rejected');
      await handle.executeUpdate(resubmitMaterialsUpdate, { args: [{ form: 'doc_form', proof: 'doc_proof_2', licence: 'doc_licence' }] });
      const second = await until(handle, (v) => v.step === 'in_review' && v.reviewId !== first.reviewId);
      await reject(second.reviewId!);
      return result(handle);
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'review_attempts_exhausted' });
    expect(fakes.enterprise.reviews).toHaveLength(2);
    expect(fakes.changes).toEqual([]);
    expect(fakes.closed.map((c) => c.outcome)).toEqual(['failed']);
    // R-G5: the first rejection invites corrected materials; the last says the change ends.
    const rejections = [...fakes.individual.notifications, ...fakes.enterprise.notifications].filter((n) => n.outcome === 'review_rejected');
    expect(rejections.map((n) => n.lastReview)).toEqual([undefined, true]);
  });

  it('R-G7, R-C6: a change review nobody decides expires at its final deadline and fails the change review_expired', async () => {
    const fakes = fakeChangeActivities();
    const args = input('name-review-expiry', 'enterprise_name', { newName: '北京新名科技有限公司', automatic: false, reviewExpiryBusinessDays: 3, materials: { form: 'doc_form', proof: 'doc_proof', licence: 'doc_licence' } });
    const view = await run(fakes, args, async (handle) => {
      await at(handle, 'in_review');
      return result(handle);
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'review_expired' });
    expect(fakes.enterprise.reviews[0]).toMatchObject({ expiryBusinessDays: 3 });
    expect(fakes.enterprise.closedReviews.map((r) => r.status)).toEqual(['expired']);
    expect(fakes.changes).toEqual([]);
  });

  it('R-G7, R-C6: a rejected change waits for corrected materials until its deadline, then fails resubmission_expired', async () => {
    const fakes = fakeChangeActivities();
    const base = input('name-no-resubmit', 'enterprise_name', { newName: '北京新名科技有限公司', automatic: false, materials: { form: 'doc_form', proof: 'doc_proof', licence: 'doc_licence' } });
    const args = { ...base, durations: { ...base.durations, resubmissionDeadline: '3 days' } };
    const view = await run(fakes, args, async (handle) => {
      const first = await at(handle, 'in_review');
      const review = env.client.workflow.getHandle(reviewWorkflowId(first.reviewId!));
      await review.executeUpdate(decideReviewUpdate, { args: [{ reviewId: first.reviewId!, decision: 'reject', reason: 'proof unreadable', operator: 'op-1' }] });
      await at(handle, 'review_rejected');
      return result(handle);
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'resubmission_expired' });
    expect(fakes.changes).toEqual([]);
    expect(fakes.individual.notifications.map((n) => [n.outcome, n.reason])).toEqual([['review_rejected', 'proof unreadable'], ['failed', 'resubmission_expired']]);
  });

  it('R-C7: the new legal representative confirms by WeChat QR; someone else scanning fails identity_mismatch', async () => {
    const representative = { name: '王五', documentNumber: '110105199001010012', method: 'wechat_qr' as const };
    const ok = fakeChangeActivities();
    const changed = await run(ok, input('rep-ok', 'legal_representative', { legalRepresentative: representative }), async (handle) => {
      const view = await at(handle, 'awaiting_representative');
      await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'w1', ticket: view.qrCode!.ticket, type: 'authorized', realName: representative });
      return result(handle);
    });
    expect(changed.status).toBe('changed');
    expect(ok.changes[0]!.subject).toEqual({ type: 'enterprise', legalPerson: { name: '王五', documentNumber: representative.documentNumber } });
    const bad = fakeChangeActivities();
    const failed = await run(bad, input('rep-bad', 'legal_representative', { legalRepresentative: representative }), async (handle) => {
      const view = await at(handle, 'awaiting_representative');
      await handle.signal(providerEventSignal, { provider: 'wechat', eventId: 'w1', ticket: view.qrCode!.ticket, type: 'authorized', realName: { name: '赵六', documentNumber: '110105198001010016' } });
      return result(handle);
    });
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'identity_mismatch' });
    expect(bad.changes).toEqual([]);
  });

  it('R-C7, R-E4: a new legal representative the registry does not hold for the credit code fails legal_person_mismatch before any code', async () => {
    const representative = { name: '非法人王五', documentNumber: '110105199001010012', method: 'face' as const };
    const fakes = fakeChangeActivities();
    const view = await run(fakes, input('rep-not-held', 'legal_representative', { legalRepresentative: representative }), (handle) => result(handle));
    expect(view).toMatchObject({ status: 'failed', failureReason: 'legal_person_mismatch' });
    expect(fakes.enterprise.legalRepresentativeChecks).toEqual([{ creditCode: enterprise.creditCode, name: representative.name, documentNumber: representative.documentNumber }]);
    expect([...fakes.individual.issued, ...fakes.enterprise.issued]).toEqual([]);
    expect(fakes.changes).toEqual([]);
  });

  it.each([
    ['revoked', { found: true, registeredName: enterprise.name, status: 'revoked' }, 'enterprise_not_active'],
    ['deregistered', { found: true, registeredName: enterprise.name, status: 'deregistered' }, 'enterprise_not_active'],
    ['not in the registry', { found: false }, 'registry_not_found'],
  ] as const)('R-C7, R-E3: an enterprise %s takes no new legal representative: it fails before anyone is asked or any code issued', async (_case, listing, reason) => {
    const representative = { name: '王五', documentNumber: '110105199001010012', method: 'face' as const };
    const fakes = fakeChangeActivities();
    fakes.activities.lookupRegistry = async () => listing;
    const view = await run(fakes, input(`rep-${reason}-${listing.found}`, 'legal_representative', { legalRepresentative: representative }), (handle) => result(handle));
    expect(view).toMatchObject({ status: 'failed', failureReason: reason });
    expect(fakes.enterprise.legalRepresentativeChecks).toEqual([]);
    expect([...fakes.individual.issued, ...fakes.enterprise.issued]).toEqual([]);
    expect(fakes.changes).toEqual([]);
  });

  it.each([
    ['an automatic rename (R-C6)', () => input('dl-rename', 'enterprise_name', { newName: '北京新名科技有限公司', automatic: true })],
    ['a legal-representative update (R-C7)', () => input('dl-rep', 'legal_representative', { legalRepresentative: { name: '王五', documentNumber: '110105199001010012', method: 'face' } })],
    ['an entity change (R-C5.2)', () => entityChange('dl-entity', { name: '张三', documentNumber: '11010519491231002X' })],
  ])('R-G7: %s whose registry stays down until the change\'s deadline fails registry_unavailable, asked with that deadline, before any code', async (_case, args) => {
    const fakes = fakeChangeActivities();
    const deadlines: Array<number | undefined> = [];
    fakes.activities.lookupRegistry = async ({ answerBy }) => {
      deadlines.push(answerBy);
      throw ApplicationFailure.create({ type: 'RegistryDeadlinePassed', message: 'the process reached its deadline before the registry could look the enterprise up', nonRetryable: true });
    };
    const started = Date.now();
    const view = await run(fakes, args(), (handle) => result(handle));
    expect(view).toMatchObject({ status: 'failed', failureReason: 'registry_unavailable' });
    expect(deadlines).toHaveLength(1);
    expect(deadlines[0]).toBeGreaterThan(started);
    expect([...fakes.individual.issued, ...fakes.enterprise.issued]).toEqual([]);
    expect(fakes.changes).toEqual([]);
  });

  it('R-C5: entity change: pre-change legal person face, review approved within its business day, then the new entity verifies', async () => {
    const fakes = fakeChangeActivities();
    const newEntity = { ...enterpriseInput('entity', 'wechat_official_account'), enterprise: { ...enterprise, name: '北京乙公司', creditCode: '91110108MA01ABCE0X' } };
    const args = input('entity', 'enterprise_entity', { enterprise: newEntity, preChangeLegalPerson: { name: '张三', documentNumber: '11010519491231002X' }, materials: { form: 'f', licence: 'l', emblem: 'e', portrait: 'p' } });
    const view = await run(fakes, args, async (handle) => {
      expect((await handle.query(changeViewQuery)).expiresAt).not.toBeNull();
      await passFace(handle, 'awaiting_legal_person_face');
      const inReview = await at(handle, 'in_review');
      await env.client.workflow.getHandle(reviewWorkflowId(inReview.reviewId!)).executeUpdate(decideReviewUpdate, { args: [{ reviewId: inReview.reviewId!, decision: 'approve', reason: 'proofs match', operator: 'op-1' }] });
      const { part, view: scan } = await partOf(args.processId, (view) => Boolean(view.qrCode));
      await part.signal(providerEventSignal, { provider: 'wechat', eventId: 'w1', ticket: scan.qrCode!.ticket, type: 'authorized', realName: { name: '管理员', documentNumber: '110105198001010016' }, officialAccountName: '北京乙公司' });
      return result(handle);
    });
    expect(view.status).toBe('changed');
    expect(fakes.changes[0]!.subject).toMatchObject({ type: 'enterprise', name: '北京乙公司', creditCode: '91110108MA01ABCE0X' });
    // R-C5.2: the named person was asked of the registry for the original entity, and the reviewer was told it confirmed them.
    expect(fakes.enterprise.legalRepresentativeChecks[0]).toEqual({ creditCode: enterprise.creditCode, name: '张三', documentNumber: '11010519491231002X' });
    expect(fakes.enterprise.reviews[0]!.materials.fields).toMatchObject({ legalPersonByRegistry: 'confirmed' });
  });

  const entityChange = (id: string, person: { name: string; documentNumber: string }) =>
    input(id, 'enterprise_entity', { preChangeLegalPerson: person, newEntity: { name: '北京乙公司', creditCode: '91110108MA01ABCE0X', address: '北京' }, materials: { form: 'f', licence: 'l', emblem: 'e', portrait: 'p' } });

  it('R-C5.2: a pre-change legal person the registry does not hold for the original entity fails the change at once (legal_person_mismatch), before any face code', async () => {
    const fakes = fakeChangeActivities();
    const impostor = { name: '非法人冒名', documentNumber: '110105199001010012' };
    const view = await run(fakes, entityChange('entity-impostor', impostor), (handle) => result(handle));
    expect(view).toMatchObject({ status: 'failed', failureReason: 'legal_person_mismatch' });
    expect(fakes.enterprise.legalRepresentativeChecks).toEqual([{ creditCode: enterprise.creditCode, ...impostor }]);
    expect([...fakes.individual.issued, ...fakes.enterprise.issued]).toEqual([]);
    expect(fakes.enterprise.reviews).toEqual([]);
    expect(fakes.changes).toEqual([]);
  });

  it.each([
    ['no longer lists', { found: false }, 'entity_not_in_registry'],
    ['holds as deregistered', { found: true, registeredName: enterprise.name, status: 'deregistered' }, 'entity_deregistered'],
  ] as const)('R-C5.2, R-C5.3: an original entity the registry %s goes on to the face check and review; the reviewer is told the registry could not confirm the person', async (_case, listing, told) => {
    const fakes = fakeChangeActivities();
    fakes.activities.lookupRegistry = async () => listing;
    const view = await run(fakes, entityChange(`entity-deregistered-${listing.found}`, { name: '张三', documentNumber: '11010519491231002X' }), async (handle) => {
      await passFace(handle, 'awaiting_legal_person_face');
      const shown = await at(handle, 'in_review');
      await handle.terminate('test over');
      return shown;
    });
    expect(view.step).toBe('in_review');
    expect(fakes.enterprise.legalRepresentativeChecks).toEqual([]);
    expect(fakes.enterprise.reviews[0]!.materials.fields).toMatchObject({ legalPersonByRegistry: told });
  });

  it('R-C5.2: a revoked original entity still has its legal representative on record: a person who is not it fails legal_person_mismatch, before any code', async () => {
    const fakes = fakeChangeActivities();
    fakes.activities.lookupRegistry = async () => ({ found: true, registeredName: enterprise.name, status: 'revoked' });
    const impostor = { name: '非法人冒名', documentNumber: '110105199001010012' };
    const view = await run(fakes, entityChange('entity-revoked-impostor', impostor), (handle) => result(handle));
    expect(view).toMatchObject({ status: 'failed', failureReason: 'legal_person_mismatch' });
    expect(fakes.enterprise.legalRepresentativeChecks).toEqual([{ creditCode: enterprise.creditCode, ...impostor }]);
    expect([...fakes.individual.issued, ...fakes.enterprise.issued]).toEqual([]);
  });

  it('R-C5.5: an entity change started with another company than the reviewed one fails once approved, writing nothing', async () => {
    const fakes = fakeChangeActivities();
    const other = { ...enterpriseInput('entity-other', 'wechat_official_account'), enterprise: { ...enterprise, name: '北京丁公司', creditCode: '91110108MA01ABCE0X' } };
    const args = input('entity-other', 'enterprise_entity', { enterprise: other, newEntity: { name: '北京丙公司', creditCode: enterprise.creditCode, address: '北京' }, preChangeLegalPerson: { name: '张三', documentNumber: '11010519491231002X' }, materials: { form: 'f' } });
    const view = await run(fakes, args, async (handle) => {
      await passFace(handle, 'awaiting_legal_person_face');
      const inReview = await at(handle, 'in_review');
      await env.client.workflow.getHandle(reviewWorkflowId(inReview.reviewId!)).executeUpdate(decideReviewUpdate, { args: [{ reviewId: inReview.reviewId!, decision: 'approve', reason: 'ok', operator: 'op-1' }] });
      return result(handle);
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'not_the_reviewed_entity' });
    expect(fakes.changes).toEqual([]);
    expect(fakes.parts).toEqual([]);
  });

  it('R-C5.5: without the new entity at the start, the approved change waits for its basic information, then verifies it', async () => {
    const fakes = fakeChangeActivities();
    const entity = { ...enterpriseInput('entity-late', 'wechat_official_account'), enterprise: { ...enterprise, name: '北京丙公司' } };
    const args = input('entity-late', 'enterprise_entity', { newEntity: { name: '北京丙公司', creditCode: enterprise.creditCode, address: '北京' }, preChangeLegalPerson: { name: '张三', documentNumber: '11010519491231002X' }, materials: { form: 'f' } });
    const view = await run(fakes, args, async (handle) => {
      await passFace(handle, 'awaiting_legal_person_face');
      const inReview = await at(handle, 'in_review');
      await env.client.workflow.getHandle(reviewWorkflowId(inReview.reviewId!)).executeUpdate(decideReviewUpdate, { args: [{ reviewId: inReview.reviewId!, decision: 'approve', reason: 'ok', operator: 'op-1' }] });
      await until(handle, (v) => v.step === 'awaiting_new_entity');
      await handle.executeUpdate(submitNewEntityUpdate, { args: [entity] });
      const { part, view: scan } = await partOf(args.processId, (view) => Boolean(view.qrCode));
      await part.signal(providerEventSignal, { provider: 'wechat', eventId: 'w1', ticket: scan.qrCode!.ticket, type: 'authorized', realName: { name: '管理员', documentNumber: '110105198001010016' }, officialAccountName: '北京丙公司' });
      return result(handle);
    });
    expect(view.status).toBe('changed');
    expect(fakes.enterprise.reviews[0]!.materials.fields.newEntity).toMatchObject({ name: '北京丙公司' });
    expect(fakes.changes[0]!.subject).toMatchObject({ type: 'enterprise', name: '北京丙公司' });
  });

  it('R-C5.5: after approval, a new entity other than the reviewed one is refused by the workflow itself; the reviewed one then verifies', async () => {
    const fakes = fakeChangeActivities();
    const reviewed = { name: '北京丙公司', creditCode: '91110108MA01ABCE0X', address: '北京' };
    const args = input('entity-other', 'enterprise_entity', { newEntity: reviewed, preChangeLegalPerson: { name: '张三', documentNumber: '11010519491231002X' }, materials: { form: 'f' } });
    const submitted = (name: string, creditCode: string) => ({ ...enterpriseInput('entity-other', 'wechat_official_account'), enterprise: { ...enterprise, name, creditCode } });
    const view = await run(fakes, args, async (handle) => {
      await passFace(handle, 'awaiting_legal_person_face');
      const inReview = await at(handle, 'in_review');
      await env.client.workflow.getHandle(reviewWorkflowId(inReview.reviewId!)).executeUpdate(decideReviewUpdate, { args: [{ reviewId: inReview.reviewId!, decision: 'approve', reason: 'ok', operator: 'op-1' }] });
      await until(handle, (v) => v.step === 'awaiting_new_entity');
      // Sent around the API (a Web UI user): another company, the reviewed name with another code, the reviewed code with another name.
      for (const [entity, fields] of [
        [submitted('北京丁公司', '91350100M000100Y43'), /enterprise\.name.*enterprise\.creditCode/],
        [submitted(reviewed.name, '91350100M000100Y43'), /^enterprise\.creditCode/],
        [submitted('北京丁公司', reviewed.creditCode), /^enterprise\.name: .*R-C5\.5/],
      ] as const) {
        const refused = await handle.executeUpdate(submitNewEntityUpdate, { args: [entity] }).catch((error: unknown) => error);
        expect(refused).toMatchObject({ cause: { type: 'NotTheReviewedEntity', message: expect.stringMatching(fields) } });
      }
      expect(await handle.query(changeViewQuery)).toMatchObject({ status: 'open', step: 'awaiting_new_entity' });
      // The reviewed entity, its code written in lower case: the same one.
      await handle.executeUpdate(submitNewEntityUpdate, { args: [submitted(reviewed.name, reviewed.creditCode.toLowerCase())] });
      const { part, view: scan } = await partOf(args.processId, (v) => Boolean(v.qrCode));
      await part.signal(providerEventSignal, { provider: 'wechat', eventId: 'w1', ticket: scan.qrCode!.ticket, type: 'authorized', realName: { name: '管理员', documentNumber: '110105198001010016' }, officialAccountName: reviewed.name });
      return result(handle);
    });
    expect(view.status).toBe('changed');
    expect(fakes.changes).toHaveLength(1);
    expect(fakes.changes[0]!.subject).not.toMatchObject({ name: '北京丁公司' });
    expect(fakes.changes[0]!.subject).not.toMatchObject({ creditCode: '91350100M000100Y43' });
  });

  it('R-C5.1: an entity change still in review after 7 days expires; its review is closed and nothing is written', async () => {
    const fakes = fakeChangeActivities();
    const args = input('entity-expiry', 'enterprise_entity', { enterprise: enterpriseInput('entity-expiry', 'recharge'), preChangeLegalPerson: { name: '张三', documentNumber: '11010519491231002X' }, materials: { form: 'f' } });
    const view = await run(fakes, args, async (handle) => {
      await passFace(handle, 'awaiting_legal_person_face');
      const inReview = await at(handle, 'in_review');
      const review = env.client.workflow.getHandle(reviewWorkflowId(inReview.reviewId!));
      // The review has written its task before the clock moves, so its closing on expiry is what is checked.
      await queryUntil(review, reviewViewQuery, () => fakes.enterprise.reviews.length === 1);
      const started = await env.currentTimeMs();
      // Past the 7-day validity and no further, then wait in real time: the test server does not hold its
      // clock for the cancellation the process sends its review, so an open-ended skip (awaiting the
      // result) sometimes ran ten years past it and timed the process out before the review heard of it.
      await env.sleep(8 * DAY);
      for (let i = 0; (await handle.describe()).status.name === 'RUNNING'; i++) {
        if (i > 200) throw new Error('the process did not end after its validity');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const ended = await result(handle);
      expect((await env.currentTimeMs()) - started).toBeGreaterThan(6 * DAY);
      expect((await review.describe()).status.name).not.toBe('RUNNING');
      return ended;
    });
    expect(view).toMatchObject({ status: 'failed', failureReason: 'expired' });
    expect(fakes.changes).toEqual([]);
    expect(fakes.enterprise.closedReviews).toEqual([expect.objectContaining({ status: 'withdrawn' })]);
    expect(fakes.closed).toEqual([expect.objectContaining({ outcome: 'failed' })]);
  });

  it.each([
    ['the face check', 'individual_to_individual' as const, 'awaiting_current_face' as const],
    ['the review', 'enterprise_name' as const, 'in_review' as const],
    ['the enterprise method', 'individual_to_enterprise' as const, 'enterprise_verification' as const],
  ])('R-C3: revoked during %s, the change ends revoked and the account is never written', async (_name, kind, step) => {
    const fakes = fakeChangeActivities();
    const args = input(`revoke-${kind}`, kind, {
      newIndividual: newPerson,
      newName: '北京新名科技有限公司',
      automatic: false,
      materials: { form: 'f' },
      enterprise: enterpriseInput(`revoke-${kind}`, 'recharge'),
    });
    const view = await run(fakes, args, async (handle) => {
      if (step === 'enterprise_verification') await passFace(handle, 'awaiting_current_face');
      await until(handle, (v) => v.step === step || (step === 'enterprise_verification' && v.step !== 'awaiting_current_face' && v.step !== 'starting'));
      // Revoke while the process waits, not while one of its activities is being scheduled.
      if (step === 'in_review') await until(handle, () => fakes.enterprise.reviews.length > 0 && fakes.individual.steps.some((s) => s.step === 'in_review'));
      if (step === 'enterprise_verification') {
        while (!fakes.enterprise.steps.some((s) => s.step === 'awaiting_payment')) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const revoked = await handle.executeUpdate(revokeChangeUpdate, { args: [{ processId: (await handle.query(changeViewQuery)).processId, request: 'revoke_change' }] });
      expect(revoked.status).toBe('revoked');
      return result(handle);
    });
    expect(view).toMatchObject({ status: 'revoked', step: 'revoked' });
    expect(fakes.changes).toEqual([]);
    expect(fakes.closed).toEqual([expect.objectContaining({ outcome: 'revoked' })]);
    if (kind === 'enterprise_name') {
      expect(fakes.enterprise.closedReviews).toEqual([expect.objectContaining({ status: 'withdrawn' })]);
      const review = env.client.workflow.getHandle(reviewWorkflowId(fakes.enterprise.reviews[0]!.reviewId));
      expect((await review.describe()).status.name).toBe('CANCELLED');
    }
  });

  /** Waits until the step's own activity has run, so the revocation meets a waiting process. */
  const recorded = async (fakes: Fakes, step: string) => {
    while (!fakes.individual.steps.some((s) => s.step === step)) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  it.each([
    ['the new person’s face check', 'individual_to_individual' as const, ['awaiting_current_face'], 'awaiting_new_face'],
    ['the legal representative’s confirmation', 'legal_representative' as const, [], 'awaiting_representative'],
    ['the pre-change legal person’s face check', 'enterprise_entity' as const, [], 'awaiting_legal_person_face'],
    ['an entity change’s review', 'enterprise_entity' as const, ['awaiting_legal_person_face'], 'in_review'],
  ])('R-C3: revoked while waiting for %s, the account is never written', async (_name, kind, faces, step) => {
    const fakes = fakeChangeActivities();
    const args = input(`revoke2-${kind}-${step}`, kind, {
      newIndividual: newPerson,
      legalRepresentative: { name: '王五', documentNumber: '110105199001010012', method: 'face' },
      preChangeLegalPerson: { name: '张三', documentNumber: '11010519491231002X' },
      materials: { form: 'f' },
      enterprise: enterpriseInput(`revoke2-${kind}`, 'recharge'),
    });
    const view = await run(fakes, args, async (handle) => {
      for (const face of faces) await passFace(handle, face as ChangeView['step']);
      await until(handle, (v) => v.step === step);
      await recorded(fakes, step);
      if (step === 'in_review') while (fakes.enterprise.reviews.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await handle.executeUpdate(revokeChangeUpdate, { args: [{ processId: (await handle.query(changeViewQuery)).processId, request: 'revoke_change' }] })).status).toBe('revoked');
      return result(handle);
    });
    expect(view).toMatchObject({ status: 'revoked' });
    expect(fakes.changes).toEqual([]);
  });

  it('security finding 2: a payload of the change\'s own history sent back as a revocation (its start input) revokes nothing', async () => {
    const fakes = fakeChangeActivities();
    const args = input('recycled-revoke', 'individual_to_individual', { newIndividual: newPerson });
    await run(fakes, args, async (handle) => {
      await at(handle, 'awaiting_current_face');
      // The start input carries the processId too, and is sealed for this very workflow.
      await expect(handle.executeUpdate(revokeChangeUpdate, { args: [args as never] })).rejects.toThrow();
      expect((await handle.query(changeViewQuery)).status).toBe('open');
    });
  });

  it('R-C3: revoking after the outcome is refused', async () => {
    const fakes = fakeChangeActivities();
    await run(fakes, input('late-revoke', 'enterprise_name', { newName: '北京新名科技有限公司', automatic: true }), async (handle) => {
      await result(handle);
      await expect(handle.executeUpdate(revokeChangeUpdate, { args: [{ processId: (await handle.query(changeViewQuery)).processId, request: 'revoke_change' }] })).rejects.toThrow();
    });
    expect(fakes.changes).toHaveLength(1);
  });

  describe('R-C4, R-C5.5: the enterprise part, a child enterprise verification', () => {
    const toEnterprise = (id: string, method: EnterpriseVerificationInput['method'] = 'wechat_official_account') =>
      input(id, 'individual_to_enterprise', { enterprise: enterpriseInput(id, method) });

    it('runs as a child that continues the change\'s steps, keeps the change\'s kind in the read model and ends the change itself (R-C3)', async () => {
      const fakes = fakeChangeActivities();
      const args = toEnterprise('part-steps');
      const view = await run(fakes, args, async (handle) => {
        await passFace(handle, 'awaiting_current_face');
        const { part, view: scan } = await partOf(args.processId, (v) => Boolean(v.qrCode));
        expect(fakes.parts).toEqual([{ processId: args.processId, workflowId: enterprisePartWorkflowId(args.processId) }]);
        await part.signal(providerEventSignal, { provider: 'wechat', eventId: 'w1', ticket: scan.qrCode!.ticket, type: 'authorized', realName: { name: '管理员', documentNumber: '110105198001010016' }, officialAccountName: enterprise.name });
        return result(handle);
      });
      expect(view).toMatchObject({ status: 'changed', step: 'changed', failureReason: null });
      const changeSteps = fakes.individual.steps.map((s) => s.seq);
      const partSteps = fakes.enterprise.steps.map((s) => s.seq);
      // One sequence: the part starts where the change stopped, and ends with the change's own outcome step.
      expect(partSteps[0]).toBe(Math.max(...changeSteps) + 1);
      expect(fakes.enterprise.steps.at(-1)).toMatchObject({ step: 'changed', status: 'changed' });
      expect(fakes.enterprise.steps.every((s) => s.method === undefined)).toBe(true);
      expect(fakes.changes).toHaveLength(1);
      expect(fakes.individual.notifications.map((n) => n.outcome)).toEqual(['verified']);
    });

    it('R-C3: the holder revokes through the part while it waits; nothing is written and the change ends revoked', async () => {
      const fakes = fakeChangeActivities();
      const args = toEnterprise('part-revoke');
      const view = await run(fakes, args, async (handle) => {
        await passFace(handle, 'awaiting_current_face');
        const { part } = await partOf(args.processId, (v) => Boolean(v.qrCode));
        const answer = await part.executeUpdate(revokeChangeUpdate, { args: [{ processId: args.processId, request: 'revoke_change' }] });
        expect(answer).toMatchObject({ status: 'revoked' });
        // Revoked once is revoked: a second revocation is refused.
        await expect(part.executeUpdate(revokeChangeUpdate, { args: [{ processId: args.processId, request: 'revoke_change' }] })).rejects.toThrow();
        return result(handle);
      });
      expect(view).toMatchObject({ status: 'revoked', step: 'revoked' });
      expect(fakes.changes).toEqual([]);
      expect(fakes.closed).toEqual([expect.objectContaining({ processId: args.processId, outcome: 'revoked' })]);
      expect(fakes.individual.notifications.map((n) => [n.outcome, n.reason])).toEqual([['failed', 'revoked']]);
    });

    it('R-C3: a revocation sent to the change itself while the part runs reaches the part', async () => {
      const fakes = fakeChangeActivities();
      const args = toEnterprise('part-revoke-parent');
      const view = await run(fakes, args, async (handle) => {
        await passFace(handle, 'awaiting_current_face');
        await partOf(args.processId, (v) => Boolean(v.qrCode));
        expect((await handle.executeUpdate(revokeChangeUpdate, { args: [{ processId: args.processId, request: 'revoke_change' }] })).status).toBe('revoked');
        return result(handle);
      });
      expect(view.status).toBe('revoked');
      expect(fakes.changes).toEqual([]);
      expect(fakes.closed.map((c) => c.outcome)).toEqual(['revoked']);
    });

    it('R-C5.1: an entity change whose validity ends during its part expires there; nothing is written', async () => {
      const fakes = fakeChangeActivities();
      const args = input('part-expiry', 'enterprise_entity', {
        enterprise: enterpriseInput('part-expiry', 'wechat_official_account'),
        preChangeLegalPerson: { name: '张三', documentNumber: '11010519491231002X' },
        materials: { form: 'f' },
        durations: { qrValidity: '10 minutes', abandonment: '30 days', entityValidity: '7 days' },
      });
      const view = await run(fakes, args, async (handle) => {
        await passFace(handle, 'awaiting_legal_person_face');
        const inReview = await at(handle, 'in_review');
        await env.client.workflow.getHandle(reviewWorkflowId(inReview.reviewId!)).executeUpdate(decideReviewUpdate, { args: [{ reviewId: inReview.reviewId!, decision: 'approve', reason: 'ok', operator: 'op-1' }] });
        await partOf(args.processId, (v) => Boolean(v.qrCode));
        return result(handle);
      });
      expect(view).toMatchObject({ status: 'failed', failureReason: 'expired' });
      expect(fakes.changes).toEqual([]);
      expect(fakes.closed.map((c) => c.outcome)).toEqual(['failed']);
    });
  });
});
