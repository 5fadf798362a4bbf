import { answeredWithin } from '../answer-wait';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  CHANGE_KINDS,
  CHANGE_RULES,
  changeMaterials,
  changeNeeds,
  changeNeedsReview,
  CHANGE_FROM,
  changeStartRefusal,
  isChangeKind,
  MATERIAL_ROLES,
  materialRoleProblems,
  nameChangeIsAutomatic,
  reviewedEntityProblems,
  validateIndividualIdentity,
  type ChangeKind,
  type ChangePart,
  isDocumentType,
} from '../../domain';
import { changeOpenedUpdate, resubmitMaterialsUpdate, revokeChangeUpdate, submitNewEntityUpdate, type SubjectChangeInput } from '../../workflows/change/messages';
import { PROBLEM_DETAILS, refusalDetail } from '../../domain/texts';
import { requireAccountAccess, type AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { calendarForStart } from '../../config/business-calendar';
import { checkDocumentReferences, enterpriseDocumentIds, recordDocumentReferences, retriedDocumentIds, type DocumentReference } from '../document-references';
import { enterpriseCode, EnterpriseCodeFields, enterpriseDocumentReferences, enterpriseInput, EnterpriseStartFields } from '../enterprise-start';
import { openProcessWorkflow } from '../process-access';
import { faceChecksDocument } from '../../activities/providers/face';
import { samePerson } from '../../workflows/person';
import { sameName } from '../../workflows/enterprise/same-name';
import { problems, refusal, type FieldProblem } from '../problem';
import { AccountIdParam, Applicant, DocumentIdSchema, IdempotencyKeyHeader, ProcessIdParam, problemContent } from '../schemas';
import { processIdFor, requestHash, retriedStart, startProcessWithUpdate, updateRefusal } from '../start-process';
import { sealedPlaces, unseal } from '../../prisma/sealed';
import { maskedSubject } from '../subject-view';
import { decodeCursor, DEFAULT_PAGE_SIZE, NextCursor, PageQuery, pageOf } from '../pagination';

/** R-C5.2: what the start answers when the pre-change legal person is not the one the account records. */
const PRE_CHANGE_LEGAL_PERSON_RECORDED = "the pre-change legal person must be the enterprise's legal representative as the account records them (R-C7)";
/** R-C4, R-C6, R-C7: a change to what the account already holds changes nothing, and would restart the R-C1 wait. */
const SAME_SUBJECT = (what: string, why: string) => `${what} must differ from the account's current subject: ${why}`;
/** R-C4: what the start answers when the face adapter cannot check the new individual's document (activities/providers/face.ts). */
const NEW_FACE_UNCHECKED = "with this platform's face check, the new individual needs a mainland ID card: the face check (R-C4) takes no travel permit";

const Person = z.object({ name: z.string().trim().min(1).max(100), documentNumber: z.string().trim().min(1).max(32) });
// Finding 5: only the roles some change kind takes (domain/change-materials.ts), each a document id; any other key is refused.
const Materials = z
  .strictObject(Object.fromEntries(MATERIAL_ROLES.map((role) => [role, DocumentIdSchema.optional()])) as Record<(typeof MATERIAL_ROLES)[number], z.ZodOptional<typeof DocumentIdSchema>>)
  .openapi({
    description:
      'Document ids (POST /v1/documents) by role: enterprise_name takes applicationForm, changeProof, licence; enterprise_entity takes applicationForm, originalLicence, legalPersonIdEmblemSide, legalPersonIdPortraitSide (R-C5.3, R-C6)',
  });

const StartChangeBody = z
  .object({
    kind: z.enum(CHANGE_KINDS),
    agreement: z.literal(true).openapi({ description: 'R-C4: the holder agrees to the change agreement' }),
    enterprise: z.object(EnterpriseStartFields).optional().openapi({ description: 'R-C4 to enterprise, R-C5: the new enterprise (R-E2) and its method (R-E4)' }),
    newIndividual: Applicant.optional().openapi({ description: 'R-C4 to another individual' }),
    newName: z.string().trim().min(1).max(200).optional().openapi({ description: 'R-C6' }),
    legalRepresentative: Person.extend({ method: z.enum(['wechat_qr', 'face']) }).optional().openapi({ description: 'R-C7' }),
    preChangeLegalPerson: Person.optional().openapi({ description: 'R-C5.2' }),
    newEntity: z
      .object({ name: z.string().trim().min(1).max(200), ...EnterpriseCodeFields, address: z.string().trim().min(1).max(300) })
      .optional()
      .openapi({
        description:
          "R-C5.2: the new entity, as the reviewer sees it; its full basic information and method follow the review's approval (POST /v1/processes/{id}/new-entity), and must name this entity: the same name and code (R-C5.5)",
      }),
    materials: Materials.optional(),
  })
  .openapi('StartChange');

const Started = z.object({ processId: z.string(), status: z.string() }).openapi('StartedChange');

const startChange = createRoute({
  method: 'post',
  path: '/v1/accounts/{accountId}/changes',
  tags: ['changes'],
  summary: 'Start a change of the verified subject (its holder)',
  description:
    'R-C1..R-C7. The account keeps its subject until the change succeeds (R-C3); revoke with POST /v1/processes/{id}/revoke. An Idempotency-Key makes a retried start return the same process.',
  security: [{ bearer: [] }],
  request: {
    params: AccountIdParam,
    headers: IdempotencyKeyHeader,
    body: { content: { 'application/json': { schema: StartChangeBody } }, required: true },
  },
  responses: {
    200: { description: 'The same process, for a retried start', content: { 'application/json': { schema: Started } } },
    201: { description: 'Started', content: { 'application/json': { schema: Started } } },
    400: { description: 'Invalid input, naming each field and rule', content: problemContent },
    404: { description: 'No such account (or not yours)', content: problemContent },
    409: { description: 'Not allowed now or for this account: cooldown (R-C1, with allowedFrom), direction (R-C2), code (R-C7), another open process (R-G2), or `subject-changed`: a previous process that closed while this start was judged (or waited for) changed the subject it was judged on (send it again)', content: problemContent },
    422: { description: 'The Idempotency-Key started a process with another request (`idempotency-key-reused`)', content: problemContent },
  },
});

const revokeChange = createRoute({
  method: 'post',
  path: '/v1/processes/{processId}/revoke',
  tags: ['changes'],
  summary: 'Revoke a change before its outcome; the account stays exactly as before (R-C3)',
  security: [{ bearer: [] }],
  request: { params: ProcessIdParam },
  responses: {
    200: { description: 'Revoked', content: { 'application/json': { schema: Started } } },
    403: { description: "Not the account's holder", content: problemContent },
    404: { description: 'No such process (or not yours)', content: problemContent },
    409: { description: 'Not a change, or its outcome is already reached', content: problemContent },
  },
});

const resubmit = createRoute({
  method: 'post',
  path: '/v1/processes/{processId}/materials',
  tags: ['changes'],
  summary: 'Resubmit corrected materials after a rejected review (R-C5.4, R-C6)',
  security: [{ bearer: [] }],
  request: { params: ProcessIdParam, body: { content: { 'application/json': { schema: z.object({ materials: Materials }).openapi('ResubmitMaterials') } }, required: true } },
  responses: {
    200: { description: 'Back in review', content: { 'application/json': { schema: Started } } },
    400: { description: 'Unknown documents', content: problemContent },
    403: { description: "Not the account's holder", content: problemContent },
    404: { description: 'No such process (or not yours)', content: problemContent },
    409: { description: 'Nothing was rejected', content: problemContent },
  },
});

const newEntityRoute = createRoute({
  method: 'post',
  path: '/v1/processes/{processId}/new-entity',
  tags: ['changes'],
  summary: "After an entity change's approval: the new entity's basic information and method (R-C5.5)",
  security: [{ bearer: [] }],
  request: {
    params: ProcessIdParam,
    body: {
      content: {
        'application/json': {
          schema: z.object({ ...EnterpriseStartFields, agreement: z.literal(true).openapi({ description: "R-C5.5: the holder agrees to the new entity's verification agreement" }) }).openapi('NewEntity'),
        },
      },
      required: true,
    },
  },
  responses: {
    200: { description: 'The new entity verifies by the chosen method', content: { 'application/json': { schema: Started } } },
    400: { description: 'Invalid input, naming each field and rule', content: problemContent },
    403: { description: "Not the account's holder", content: problemContent },
    404: { description: 'No such process (or not yours)', content: problemContent },
    409: { description: 'Not an approved entity change waiting for it', content: problemContent },
    422: { description: 'Not the entity the review approved (`not-the-reviewed-entity`, R-C5.5): another name or code, each named in errors', content: problemContent },
  },
});

const HistoryEntry = z
  .object({
    processId: z.string(),
    kind: z.string(),
    requestedBy: z.string(),
    outcome: z.string(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
  })
  .openapi('SubjectHistoryEntry');

const history = createRoute({
  method: 'get',
  path: '/v1/accounts/{accountId}/history',
  tags: ['changes'],
  summary: 'Every verification and change of the account, oldest first, subjects masked (R-C9)',
  description: 'A page at a time: `limit` entries (default 50, at most 200), then the next page from `cursor=<nextCursor>` until nextCursor is null.',
  security: [{ bearer: [] }],
  request: { params: AccountIdParam, query: PageQuery },
  responses: {
    200: { description: 'A page of the history', content: { 'application/json': { schema: z.object({ history: z.array(HistoryEntry), nextCursor: NextCursor }) } } },
    400: { description: 'Invalid limit or cursor', content: problemContent },
    404: { description: 'No such account (or not yours)', content: problemContent },
  },
});

// Where a page of the history ended: its last process, by creation time then id.
const HistoryPosition = z.object({ at: z.number().int().nonnegative().max(8.64e15), id: z.string().min(1).max(80) });

export function registerChangeRoutes(app: OpenAPIHono<AuthEnv>, { db, temporal, config, now = Date.now }: ApiDeps): void {
  /** R-C5.3, R-C6 and finding 5: only this kind's roles, all of them when `required`, each a document of the account. */
  const materialReferences = (kind: ChangeKind, materials: Readonly<Record<string, string | undefined>>): DocumentReference[] => {
    const roles = changeMaterials(kind);
    return Object.entries(materials).flatMap(([role, id]) =>
      id !== undefined && role in roles ? [{ field: `materials.${role}`, id, purposes: roles[role]!, rule: CHANGE_RULES[kind] }] : [],
    );
  };
  const checkMaterials = async (accountId: string, kind: ChangeKind, materials: Readonly<Record<string, string | undefined>>, required: boolean, errors: FieldProblem[]) => {
    errors.push(...materialRoleProblems(kind, materials, required));
    await checkDocumentReferences({ db, config, now: now() }, accountId, materialReferences(kind, materials), errors);
  };
  const materialIds = (materials: Readonly<Record<string, string | undefined>> | undefined) =>
    Object.values(materials ?? {}).filter((id): id is string => id !== undefined);

  app.openapi(startChange, async (c) => {
    const { accountId } = c.req.valid('param');
    const principal = c.get('principal');
    requireAccountAccess(principal, accountId);
    if (principal.role !== 'holder') throw problems.forbidden(PROBLEM_DETAILS.holderOnly('change'));
    const body = c.req.valid('json');
    const account = await db.account.findUnique({ where: { id: accountId } });
    if (!account) throw problems.notFound(`account ${accountId}`);
    const processId = processIdFor(accountId, c.req.valid('header')['idempotency-key']);
    // A new individual's document type as validation takes it (any case): a retry writing it otherwise is the same request.
    const hashed = body.newIndividual ? { ...body, newIndividual: { ...body.newIndividual, documentType: body.newIndividual.documentType.trim().toLowerCase() } } : body;
    const hash = requestHash(config.identityHashSecret, 'change', hashed);
    const retried = await db.process.findUnique({ where: { id: processId } });
    if (retried) {
      // Security finding 5: the same request or 422. A retry after a crash between the start and the
      // record below records its documents now: only those the original start carried, checked again.
      const { documentIds } = await retriedStart(temporal, retried, { kind: 'change', requestHash: hash });
      const references = [...(body.enterprise ? enterpriseDocumentReferences(body.enterprise, 'enterprise.enterprise') : []), ...materialReferences(body.kind, body.materials ?? {})];
      await recordDocumentReferences(db, accountId, processId, await retriedDocumentIds({ db, config, now: now() }, accountId, references, documentIds), now());
      return c.json({ processId, status: retried.status }, 200);
    }

    const subjectOf = (row: typeof account) =>
      unseal<{ type?: string; name?: string; documentType?: string; documentNumber?: string; creditCode?: string; legalPerson?: { name: string; documentNumber: string } }>(row.subject, config.payloadKeys, sealedPlaces.accountSubject(accountId)) ?? {};
    const subject = subjectOf(account);
    // R-C2, R-C7, then R-C1 (domain/change-rules.ts).
    const refuseOn = (row: typeof account, rowSubject: typeof subject) => {
      const refusal = changeStartRefusal(
        body.kind,
        { status: row.status, lastCompletedAt: row.verifiedAt?.getTime() ?? null, creditCode: rowSubject.creditCode ?? null },
        now(),
        config.changes.cooldownDays,
      );
      if (refusal?.rule === 'R-C1') {
        const allowedFrom = new Date(refusal.allowedFrom).toISOString();
        throw problems.conflict('change-cooldown', PROBLEM_DETAILS.changeCooldown(config.changes.cooldownDays, allowedFrom), { rule: 'R-C1', allowedFrom });
      }
      if (refusal) throw problems.conflict('change-not-allowed', PROBLEM_DETAILS.changeNotAllowed(refusal.rule, refusal.reason), { rule: refusal.rule });
    };
    refuseOn(account, subject);
    // R-C4: a change from an individual starts with that individual's face check, which the face adapter must be able to make.
    if (CHANGE_FROM[body.kind] === 'individual' && !faceChecksDocument(config.providers.face, subject.documentType ?? 'mainland_id')) {
      throw problems.conflict('change-not-allowed', PROBLEM_DETAILS.currentFaceUnchecked(subject.documentType ?? 'mainland_id'), { rule: 'R-C4' });
    }
    /**
     * R-C1, R-C2: a start that waited for the account's previous process to
     * close is judged again on what that process left: a change it completed
     * moved the subject (and its cooldown), and this start's checks and its
     * `current` were made on the subject before it.
     */
    const recheck = async () => {
      const fresh = await db.account.findUnique({ where: { id: accountId } });
      if (!fresh) throw problems.notFound(`account ${accountId}`);
      if (fresh.status === account.status && fresh.verifiedAt?.getTime() === account.verifiedAt?.getTime()) return;
      refuseOn(fresh, subjectOf(fresh));
      throw problems.conflict('subject-changed', PROBLEM_DETAILS.subjectChanged(accountId));
    };

    const errors: FieldProblem[] = [];
    // The parts this kind needs (R-C4, R-C5.2, R-C6, R-C7), each required; those of other kinds are not read.
    const given = (part: ChangePart, value: unknown) => {
      if (!changeNeeds(body.kind, part)) return false;
      if (value === undefined) errors.push({ field: part, rule: CHANGE_RULES[body.kind], message: `required for a ${body.kind} change` });
      return value !== undefined;
    };
    const mainland = (person: { name: string; documentNumber: string }, field: string, rule: string) => {
      const check = validateIndividualIdentity({ documentType: 'mainland_id', documentNumber: person.documentNumber }, now());
      if (!check.ok) for (const p of check.problems) errors.push({ field: `${field}.documentNumber`, rule, message: p.message });
      return { name: person.name, documentNumber: check.ok ? check.normalisedNumber : person.documentNumber };
    };
    const input: SubjectChangeInput = {
      processId,
      accountId,
      kind: body.kind,
      requestedBy: principal.subject,
      judgedOn: { status: account.status, verifiedAt: account.verifiedAt?.getTime() ?? null },
      current: {
        type: account.status === 'enterprise' ? 'enterprise' : 'individual',
        name: subject.name ?? '',
        ...(subject.documentNumber ? { documentNumber: subject.documentNumber } : {}),
        ...(isDocumentType(subject.documentType) ? { documentType: subject.documentType } : {}),
        ...(subject.creditCode ? { creditCode: subject.creditCode } : {}),
      },
      durations: {
        qrValidity: config.durations.qrValidity,
        abandonment: config.durations.enterpriseAbandonment,
        entityValidity: config.changes.entityValidity,
        resubmissionDeadline: config.durations.resubmissionDeadline,
      },
      faceMaxTries: config.limits.faceMaxTries,
      maxCodes: config.limits.codesPerProcess,
      maxReviews: config.limits.reviewsPerChange,
      reviewSlaBusinessDays: config.changes.reviewSlaBusinessDays,
      reviewExpiryBusinessDays: config.review.expiryBusinessDays,
      calendar: calendarForStart(config.calendar, now()),
    };
    if (given('enterprise', body.enterprise)) {
      input.enterprise = await enterpriseInput({ db, config, now: now() }, accountId, processId, body.enterprise!, errors, 'enterprise.enterprise');
    }
    if (given('newEntity', body.newEntity)) {
      // R-G3, R-E2: as any enterprise's code; an individually-owned business is named by its registration number.
      const entity = body.newEntity!;
      const code = enterpriseCode(entity, errors, 'newEntity', 'R-C5');
      input.newEntity = { name: entity.name, creditCode: code.normalised ?? entity.creditCode, address: entity.address };
    }
    if (given('newIndividual', body.newIndividual)) {
      const identity = validateIndividualIdentity(body.newIndividual!, now());
      if (!identity.ok) for (const p of identity.problems) errors.push({ field: `newIndividual.${p.field}`, rule: p.rule, message: p.message });
      else if (!faceChecksDocument(config.providers.face, identity.documentType)) errors.push({ field: 'newIndividual.documentType', rule: 'R-C4', message: NEW_FACE_UNCHECKED });
      else if (subject.type === 'individual' && subject.documentNumber !== undefined && identity.normalisedNumber === subject.documentNumber.trim().toUpperCase()) {
        // A change to the same person would write nothing new and restart the 30-day wait (R-C1).
        errors.push({ field: 'newIndividual.documentNumber', rule: 'R-C4', message: SAME_SUBJECT('the new individual', 'this account already verifies as that person') });
      } else input.newIndividual = { ...body.newIndividual!, documentType: identity.documentType, documentNumber: identity.normalisedNumber, birthDate: identity.birthDate };
    }
    if (given('newName', body.newName)) {
      input.newName = body.newName!;
      if (subject.name !== undefined && sameName(input.newName, subject.name)) errors.push({ field: 'newName', rule: 'R-C6', message: SAME_SUBJECT('the new name', 'it is the name the account holds') });
      // R-C6: a complete subject with a 91/92 code takes the new name without review.
      input.automatic = nameChangeIsAutomatic(subject);
    }
    if (given('legalRepresentative', body.legalRepresentative)) {
      input.legalRepresentative = { ...mainland(body.legalRepresentative!, 'legalRepresentative', 'R-C7'), method: body.legalRepresentative!.method };
      if (subject.legalPerson && samePerson(input.legalRepresentative, subject.legalPerson)) {
        errors.push({ field: 'legalRepresentative', rule: 'R-C7', message: SAME_SUBJECT('the new legal representative', 'the account already records them') });
      }
    }
    if (given('preChangeLegalPerson', body.preChangeLegalPerson)) {
      input.preChangeLegalPerson = mainland(body.preChangeLegalPerson!, 'preChangeLegalPerson', 'R-C5');
      // R-C5.2: where the account records its legal representative (R-C7), the pre-change legal person is that one.
      if (subject.legalPerson && !samePerson(input.preChangeLegalPerson, subject.legalPerson)) {
        errors.push({ field: 'preChangeLegalPerson', rule: 'R-C5', message: PRE_CHANGE_LEGAL_PERSON_RECORDED });
      }
    }
    // R-C5.4, R-C6: a review of documents takes them all; materials sent anyway are checked all the same.
    const reviewed = changeNeedsReview(body.kind, subject);
    await checkMaterials(accountId, body.kind, body.materials ?? {}, reviewed, errors);
    if (reviewed) input.materials = Object.fromEntries(Object.entries(body.materials ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));
    if (errors.length > 0) throw problems.validation(errors);
    const carried = [...(input.enterprise ? enterpriseDocumentIds(input.enterprise) : []), ...materialIds(input.materials)];

    const { joined } = await answeredWithin({ temporal, config }, () =>
      startProcessWithUpdate(
      {
        db,
        temporal,
        taskQueue: config.temporal.taskQueue,
        workflowType: 'subjectChange',
        processId,
        accountId,
        kind: 'change',
        method: body.kind,
        args: input,
        record: { requestHash: hash, documentIds: carried },
        recheck,
      },
      changeOpenedUpdate,
      ),
    // Finding 6: the process took them; they leave the upload quota and the sweep keeps them (as soon as it may have them).
    () => recordDocumentReferences(db, accountId, processId, carried, now()),
    ).catch(updateRefusal);
    await recordDocumentReferences(db, accountId, processId, carried, now());
    // A start that raced its own retry and joined its process is that retry: 200, as for one that found the row.
    return c.json({ processId, status: 'open' }, joined ? 200 : 201);
  });

  app.openapi(revokeChange, async (c) => {
    const { processId } = c.req.valid('param');
    const handle = await openProcessWorkflow(db, temporal, c.get('principal'), processId, 'revoke_change');
    const view = await answeredWithin({ temporal, config }, () => handle.executeUpdate(revokeChangeUpdate, { args: [{ processId, request: 'revoke_change' }] })).catch(updateRefusal);
    // R-C3: a change that ended another way before the revocation took (its enterprise part failed in the same moment) was not revoked.
    if (view.status !== 'revoked') throw problems.conflict('change-not-revocable', refusalDetail('ChangeNotRevocable', `the change already reached its outcome (${view.status}) (R-C3)`));
    return c.json({ processId, status: view.status }, 200);
  });

  app.openapi(resubmit, async (c) => {
    const { processId } = c.req.valid('param');
    const principal = c.get('principal');
    const handle = await openProcessWorkflow(db, temporal, principal, processId, 'resubmit_materials');
    const { materials } = c.req.valid('json');
    const process = await db.process.findUniqueOrThrow({ where: { id: processId }, select: { accountId: true, method: true } });
    const errors: FieldProblem[] = [];
    const kind = isChangeKind(process.method) ? process.method : undefined;
    if (!kind) throw problems.conflict('not-a-reviewed-change', PROBLEM_DETAILS.notAReviewedChange());
    await checkMaterials(process.accountId, kind, materials, true, errors);
    if (errors.length > 0) throw problems.validation(errors);
    const corrected = Object.fromEntries(Object.entries(materials).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const carried = () => recordDocumentReferences(db, process.accountId, processId, materialIds(corrected), now());
    const view = await answeredWithin({ temporal, config }, () => handle.executeUpdate(resubmitMaterialsUpdate, { args: [corrected] }), carried).catch(updateRefusal);
    await carried();
    return c.json({ processId, status: view.status }, 200);
  });

  /**
   * R-C5.5: the new entity the approving review showed its reviewer (the
   * change's newEntity), from its sealed materials; null when no approved
   * review names one, and the workflow, which holds it too, decides.
   */
  const reviewedEntity = async (processId: string): Promise<{ name: string; creditCode: string } | null> => {
    const review = await db.review.findFirst({ where: { processId, status: 'approved' }, orderBy: { createdAt: 'desc' }, select: { id: true, materials: true } });
    if (!review) return null;
    const materials = unseal<{ fields?: { newEntity?: unknown } }>(review.materials, config.payloadKeys, sealedPlaces.reviewMaterials(review.id));
    const entity = materials?.fields?.newEntity as { name?: unknown; creditCode?: unknown } | undefined;
    return typeof entity?.name === 'string' && typeof entity.creditCode === 'string' ? { name: entity.name, creditCode: entity.creditCode } : null;
  };

  app.openapi(newEntityRoute, async (c) => {
    const { processId } = c.req.valid('param');
    const handle = await openProcessWorkflow(db, temporal, c.get('principal'), processId, 'submit_new_entity');
    const process = await db.process.findUniqueOrThrow({ where: { id: processId }, select: { accountId: true } });
    const errors: FieldProblem[] = [];
    const { agreement: _agreed, ...submitted } = c.req.valid('json');
    const entity = await enterpriseInput({ db, config, now: now() }, process.accountId, processId, submitted, errors);
    if (errors.length > 0) throw problems.validation(errors);
    // R-C5.5: only the reviewed entity (same name and code); the workflow refuses any other as well.
    const reviewed = await reviewedEntity(processId);
    const differences = reviewed ? reviewedEntityProblems(reviewed, entity.enterprise) : [];
    if (differences.length > 0) {
      throw refusal(422, 'not-the-reviewed-entity', PROBLEM_DETAILS.notTheReviewedEntity(differences), {
        rule: 'R-C5',
        errors: differences.map((p) => ({ field: `enterprise.${p.field}`, rule: p.rule, message: p.message })),
      });
    }
    const carried = () => recordDocumentReferences(db, process.accountId, processId, enterpriseDocumentIds(entity), now());
    const view = await answeredWithin({ temporal, config }, () => handle.executeUpdate(submitNewEntityUpdate, { args: [entity] }), carried).catch(updateRefusal);
    await carried();
    return c.json({ processId, status: view.status }, 200);
  });

  app.openapi(history, async (c) => {
    const { accountId } = c.req.valid('param');
    const { limit = DEFAULT_PAGE_SIZE, cursor } = c.req.valid('query');
    requireAccountAccess(c.get('principal'), accountId);
    const after = decodeCursor(cursor, HistoryPosition);
    const page = pageOf(
      await db.process.findMany({
        where: { accountId, ...(after ? { OR: [{ createdAt: { gt: new Date(after.at) } }, { createdAt: new Date(after.at), id: { gt: after.id } }] } : {}) },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: limit + 1,
      }),
      limit,
      (last) => ({ at: last.createdAt.getTime(), id: last.id }),
    );
    const processes = page.items;
    const rows = await db.subjectHistory.findMany({ where: { accountId, processId: { in: processes.map((process) => process.id) } } });
    const byProcess = new Map(rows.map((row) => [row.processId, row]));
    return c.json(
      {
        history: processes.map((process) => {
          const row = byProcess.get(process.id);
          return {
            processId: process.id,
            kind: process.kind === 'change' ? (process.method ?? 'change') : process.kind,
            requestedBy: row?.requestedBy ?? 'holder',
            outcome: process.status === 'open' ? 'open' : (row?.outcome === 'changed' ? 'changed' : process.status),
            before: maskedSubject(unseal(row?.before, config.payloadKeys, sealedPlaces.historyBefore(process.id))),
            after: maskedSubject(unseal(row?.after, config.payloadKeys, sealedPlaces.historyAfter(process.id))),
            startedAt: process.createdAt.toISOString(),
            endedAt: process.completedAt?.toISOString() ?? null,
          };
        }),
        nextCursor: page.nextCursor,
      },
      200,
    );
  });
}
