import { randomUUID } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { sandboxFacePerson } from '../../activities/providers/face';
import { DOCUMENT_TYPES } from '../../domain';
import type { CheckedPerson, CodeProvider, FaceFailureReason, ProviderEvent } from '../../workflows/individual/messages';
import type { AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { FaceFailureReasonSchema, problemContent } from '../schemas';
import { deliverProviderEvent } from './webhooks';

// Sandbox mode only: stand-ins for a person's phone, like a payment
// provider's test mode, so a process can be driven without signing webhooks.
// Events go through the same delivery path as signed webhooks.

/**
 * Magic names for the face sandbox: a `pass` with one of these names reports
 * the R-P8 failure instead, so a client can rehearse each reason (README,
 * "Sandbox magic values").
 */
export const FACE_SANDBOX_MAGIC_NAMES: Record<string, FaceFailureReason> = {
  人脸遮挡: 'face_covered',
  人脸不符: 'face_mismatch',
  信息有误: 'identity_wrong',
  不在框内: 'face_not_in_frame',
};

const TicketParam = z.object({ ticket: z.string().min(1).max(64).openapi({ param: { name: 'ticket', in: 'path' } }) });
const Ack = z.object({ received: z.boolean(), duplicate: z.boolean(), ignored: z.string().optional(), eventId: z.string() });

// Bounded as the signed webhooks' real name (api/schemas.ts) and the workflow's signal shapes: a longer one would be acknowledged and dropped.
const Person = z.object({ name: z.string().min(1).max(100), documentNumber: z.string().min(1).max(32) }).openapi('SandboxPerson');
const WechatPerson = Person.extend({
  officialAccountName: z.string().min(1).max(200).optional().openapi({ description: "R-E4: authorise as an official account's administrator, with the name verified on it" }),
}).openapi('SandboxWechatPerson');
const magicReason = (name: string | undefined): FaceFailureReason | undefined =>
  name !== undefined && Object.hasOwn(FACE_SANDBOX_MAGIC_NAMES, name) ? FACE_SANDBOX_MAGIC_NAMES[name] : undefined;

const FacePass = z
  .object({
    name: z.string().min(1).max(100).optional(),
    documentNumber: z.string().min(1).max(32).optional(),
    documentType: z.enum(DOCUMENT_TYPES).optional().openapi({ description: 'Defaults to the type of the person the code was issued for, else mainland_id' }),
  })
  .superRefine((body, context) => {
    if (magicReason(body.name)) return;
    if (body.name === undefined && (body.documentNumber !== undefined || body.documentType !== undefined)) {
      context.addIssue({ code: 'custom', path: ['name'], message: 'required to report another person (R-P10)' });
    }
    if (body.name !== undefined && body.documentNumber === undefined) {
      context.addIssue({ code: 'custom', path: ['documentNumber'], message: 'required with a name that is not a magic name, to report that person (R-P10)' });
    }
  })
  .openapi('SandboxFacePass', {
    description:
      'Optional. Without it the pass reports the person the code was issued for (R-P10); `name` with `documentNumber` reports that person instead, ' +
      'to rehearse a pass for the wrong person; a magic name (人脸遮挡, 人脸不符, 信息有误, 不在框内) reports that R-P8 failure instead',
  });
type FacePassBody = z.infer<typeof FacePass>;
const FaceFail = z.object({ reason: FaceFailureReasonSchema }).openapi('SandboxFaceFail');

const responses = {
  200: { description: 'Delivered to the process', content: { 'application/json': { schema: Ack } } },
  404: { description: 'Unknown ticket', content: problemContent },
};

const actionRoute = (provider: CodeProvider, action: string, summary: string) =>
  createRoute({ method: 'post', path: `/v1/sandbox/${provider}/tickets/{ticket}/${action}`, tags: ['sandbox'], summary, request: { params: TicketParam }, responses });

const bodyRoute = <B extends z.ZodType>(provider: CodeProvider, action: string, summary: string, schema: B, required = true) =>
  createRoute({
    method: 'post',
    path: `/v1/sandbox/${provider}/tickets/{ticket}/${action}`,
    tags: ['sandbox'],
    summary,
    request: { params: TicketParam, body: { content: { 'application/json': { schema } }, required } },
    responses,
  });

type Delivery = ProviderEvent extends infer E ? (E extends ProviderEvent ? Omit<E, 'eventId' | 'ticket'> : never) : never;

export function registerSandboxRoutes(app: OpenAPIHono<AuthEnv>, deps: ApiDeps): void {
  if (!deps.config.sandbox) return;
  const deliver = async (ticket: string, event: Delivery) => {
    const eventId = `sandbox-${randomUUID()}`;
    return { ...(await deliverProviderEvent(deps, { ...event, eventId, ticket } as ProviderEvent)), eventId };
  };
  /** An action without a body: the event is fixed by the route. */
  const simple = (provider: CodeProvider, action: string, summary: string, event: Delivery) =>
    app.openapi(actionRoute(provider, action, summary), async (c) => c.json(await deliver(c.req.valid('param').ticket, event), 200));
  const authorize = (provider: 'wechat' | 'qq', summary: string) =>
    app.openapi(bodyRoute(provider, 'authorize', summary, provider === 'wechat' ? WechatPerson : Person), async (c) => {
      const { officialAccountName, ...realName } = c.req.valid('json') as { name: string; documentNumber: string; officialAccountName?: string };
      const event: Delivery =
        provider === 'wechat' && officialAccountName !== undefined
          ? { provider, type: 'authorized', realName, officialAccountName }
          : { provider, type: 'authorized', realName };
      return c.json(await deliver(c.req.valid('param').ticket, event), 200);
    });

  simple('wechat', 'scan', 'Scan the ticket with WeChat (sandbox)', { provider: 'wechat', type: 'scanned' });
  authorize('wechat', "Authorise as the given person (WeChat Pay's real-name record)");
  simple('wechat', 'reject', 'Decline the authorisation (sandbox)', { provider: 'wechat', type: 'rejected' });

  simple('qq', 'scan', 'Scan the ticket with mobile QQ (sandbox)', { provider: 'qq', type: 'scanned' });
  authorize('qq', "Authorise as the given person (QQ's real-name record)");
  simple('qq', 'require-bank-card', 'This QQ has no linked bank card: send the person to link one (sandbox)', { provider: 'qq', type: 'bank_card_required' });
  simple('qq', 'link-bank-card', 'The person linked a bank card in QQ (sandbox)', { provider: 'qq', type: 'bank_card_linked' });

  app.openapi(bodyRoute('face', 'pass', 'Pass the live face check, reporting whom it verified (sandbox; R-P10; magic names fail it, R-P8)', FacePass, false), async (c) => {
    const { ticket } = c.req.valid('param');
    const body = c.req.valid('json') as FacePassBody | undefined;
    const reason = magicReason(body?.name);
    if (reason) return c.json(await deliver(ticket, { provider: 'face', type: 'failed', reason }), 200);
    // R-P10: like a real provider, the sandbox reports whom it verified: by default the person the code was issued for.
    const issuedFor = await sandboxFacePerson(deps.db, deps.config.payloadKeys, ticket);
    const person: CheckedPerson | null =
      body?.name !== undefined && body.documentNumber !== undefined
        ? { name: body.name, documentType: body.documentType ?? issuedFor?.documentType ?? 'mainland_id', documentNumber: body.documentNumber }
        : issuedFor;
    // A code issued for nobody (a process from before R-P10) passes with no person, as it did.
    return c.json(await deliver(ticket, person ? { provider: 'face', type: 'passed', person } : { provider: 'face', type: 'passed' }), 200);
  });
  app.openapi(bodyRoute('face', 'fail', 'Fail the live face check with an R-P8 reason (sandbox)', FaceFail), async (c) =>
    c.json(await deliver(c.req.valid('param').ticket, { provider: 'face', type: 'failed', reason: c.req.valid('json').reason }), 200),
  );
}
