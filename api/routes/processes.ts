import { answeredWithin } from '../answer-wait';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { refreshQrCodeUpdate, switchMethodUpdate } from '../../workflows/individual/messages';
import { requireAccountAccess, type AuthEnv, type Principal } from '../auth';
import { findVisibleProcess, openProcessWorkflow } from '../process-access';
import type { ApiDeps } from '../deps';
import { decodeCursor, DEFAULT_PAGE_SIZE, MAX_POSITION_INTEGER, NextCursor, PageQuery, pageOf } from '../pagination';
import { problems } from '../problem';
import { ProcessIdParam, ProcessSchema, ProcessStepSchema, QrCodeSchema, SwitchMethodBody, problemContent } from '../schemas';
import { updateRefusal } from '../start-process';
import { processView, qrCodeView } from '../../read-model/process-view';
import { languageHeaders, requestLanguage } from '../holder-language';

const security = [{ bearer: [] }];

const getProcess = createRoute({
  method: 'get',
  path: '/v1/processes/{processId}',
  tags: ['processes'],
  summary: 'Status, current step, deadlines and history of a process',
  security,
  request: { params: ProcessIdParam },
  responses: {
    200: { description: 'The process', content: { 'application/json': { schema: ProcessSchema } } },
    404: { description: 'No such process (or not yours)', content: problemContent },
  },
});

const listSteps = createRoute({
  method: 'get',
  path: '/v1/processes/{processId}/steps',
  tags: ['processes'],
  summary: 'Every step of a process, oldest first, a page at a time',
  description: '`limit` steps (default 50, at most 200), then the next page from `cursor=<nextCursor>` until nextCursor is null.',
  security,
  request: { params: ProcessIdParam, query: PageQuery },
  responses: {
    200: { description: 'A page of steps', content: { 'application/json': { schema: z.object({ steps: z.array(ProcessStepSchema), nextCursor: NextCursor }) } } },
    400: { description: 'Invalid limit or cursor', content: problemContent },
    404: { description: 'No such process (or not yours)', content: problemContent },
  },
});

// Where a page of steps ended: its last step's sequence number.
const StepPosition = z.object({ seq: z.number().int().nonnegative().max(MAX_POSITION_INTEGER) });

const refreshQrCode = createRoute({
  method: 'post',
  path: '/v1/processes/{processId}/qr-code',
  tags: ['processes'],
  summary: 'Issue a fresh QR code when the old one expired (R-P7)',
  security,
  request: { params: ProcessIdParam },
  responses: {
    200: { description: 'The fresh code', content: { 'application/json': { schema: QrCodeSchema } } },
    404: { description: 'No such process (or not yours)', content: problemContent },
    403: { description: "Not the account's holder", content: problemContent },
    409: { description: 'The process is closed, or its code is in use', content: problemContent },
  },
});

const switchMethod = createRoute({
  method: 'post',
  path: '/v1/processes/{processId}/method',
  tags: ['processes'],
  summary: 'Switch to another allowed method, with a fresh code (R-P6)',
  description: 'Allowed while nothing is pending: before a scan, or once the current code expired.',
  security,
  request: { params: ProcessIdParam, body: { content: { 'application/json': { schema: SwitchMethodBody } }, required: true } },
  responses: {
    200: { description: "The new method's code", content: { 'application/json': { schema: QrCodeSchema } } },
    400: { description: 'Not a method', content: problemContent },
    404: { description: 'No such process (or not yours)', content: problemContent },
    403: { description: "Not the account's holder", content: problemContent },
    409: { description: 'The process is closed, its code is in use, or the document does not allow the method (`method-not-allowed`, naming `field` and `rule`: R-P6)', content: problemContent },
  },
});

export function registerProcessRoutes(app: OpenAPIHono<AuthEnv>, { db, temporal, config }: ApiDeps): void {
  const findVisible = (principal: Principal, processId: string) => findVisibleProcess(db, principal, processId);

  // Answered from PostgreSQL, which activities keep current; Temporal is not asked.
  app.openapi(getProcess, async (c) => {
    const process = await findVisible(c.get('principal'), c.req.valid('param').processId);
    const language = requestLanguage(c);
    return c.json(processView(process, language), 200, languageHeaders(language));
  });

  app.openapi(listSteps, async (c) => {
    const { processId } = c.req.valid('param');
    const { limit = DEFAULT_PAGE_SIZE, cursor } = c.req.valid('query');
    const after = decodeCursor(cursor, StepPosition);
    const process = await db.process.findUnique({ where: { id: processId }, select: { accountId: true } });
    if (!process) throw problems.notFound(`process ${processId}`);
    try {
      requireAccountAccess(c.get('principal'), process.accountId);
    } catch {
      // Someone else's process is reported as missing, never as forbidden (as findVisibleProcess does).
      throw problems.notFound(`process ${processId}`);
    }
    const page = pageOf(
      await db.processStep.findMany({ where: { processId, ...(after ? { seq: { gt: after.seq } } : {}) }, orderBy: { seq: 'asc' }, take: limit + 1 }),
      limit,
      (last) => ({ seq: last.seq }),
    );
    const steps = page.items.map((step) => ({ step: step.step, at: step.at.toISOString(), detail: (step.detail as Record<string, unknown> | null) ?? null }));
    return c.json({ steps, nextCursor: page.nextCursor }, 200);
  });

  app.openapi(refreshQrCode, async (c) => {
    const handle = await openProcessWorkflow(db, temporal, c.get('principal'), c.req.valid('param').processId, 'refresh_code');
    const { processId } = c.req.valid('param');
    const qrCode = await answeredWithin({ temporal, config }, () => handle.executeUpdate(refreshQrCodeUpdate, { args: [{ processId, request: 'refresh_code' }] })).catch(updateRefusal);
    return c.json(qrCodeView(qrCode), 200);
  });

  app.openapi(switchMethod, async (c) => {
    const handle = await openProcessWorkflow(db, temporal, c.get('principal'), c.req.valid('param').processId, 'switch_method');
    const qrCode = await answeredWithin({ temporal, config }, () => handle.executeUpdate(switchMethodUpdate, { args: [{ method: c.req.valid('json').method }] })).catch(updateRefusal);
    return c.json(qrCodeView(qrCode), 200);
  });
}
