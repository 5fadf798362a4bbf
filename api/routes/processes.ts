import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { refreshQrCodeUpdate } from '../../workflows/individual/messages';
import { requireAccountAccess, type AuthEnv, type Principal } from '../auth';
import type { ApiDeps } from '../deps';
import { problems } from '../problem';
import { ProcessIdParam, ProcessSchema, QrCodeSchema, problemContent } from '../schemas';
import { updateRefusal } from '../start-process';
import { processView, qrCodeView } from '../views';

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
    409: { description: 'The process is closed, or its code is in use', content: problemContent },
  },
});

export function registerProcessRoutes(app: OpenAPIHono<AuthEnv>, { db, temporal }: ApiDeps): void {
  const findVisible = async (principal: Principal, processId: string) => {
    const process = await db.process.findUnique({ where: { id: processId }, include: { steps: { orderBy: { seq: 'asc' } } } });
    if (!process) throw problems.notFound(`process ${processId}`);
    try {
      requireAccountAccess(principal, process.accountId);
    } catch {
      throw problems.notFound(`process ${processId}`);
    }
    return process;
  };

  // Answered from PostgreSQL, which activities keep current; Temporal is not asked.
  app.openapi(getProcess, async (c) => {
    const process = await findVisible(c.get('principal'), c.req.valid('param').processId);
    return c.json(processView(process), 200);
  });

  app.openapi(refreshQrCode, async (c) => {
    const process = await findVisible(c.get('principal'), c.req.valid('param').processId);
    if (process.status !== 'open') throw problems.conflict('process-closed', `process ${process.id} already ended as ${process.status}`);
    const handle = temporal.workflow.getHandle(process.workflowId, process.runId);
    const qrCode = await handle.executeUpdate(refreshQrCodeUpdate).catch(updateRefusal);
    return c.json(qrCodeView(qrCode), 200);
  });
}
