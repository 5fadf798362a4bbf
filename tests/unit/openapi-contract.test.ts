// Issue 22: the OpenAPI document is a contract integrators generate clients from. Every operation
// has a stable operationId from the one map, declares the security api/app.ts applies to it, and
// shows an example of its body that the route itself takes.
import { createApp } from '../../api/app';
import { issueToken } from '../../api/auth';
import { applyContract, OPERATION_IDS, operationsOf, type OpenApiDocument } from '../../api/openapi-contract';
import { OPERATION_EXAMPLES } from '../../api/openapi-examples';
import { EVENT_TYPES } from '../../domain/webhook-events';
import { signWebhook } from '../../api/webhook-signature';
import { loadConfig } from '../../config';
import { createLogger } from '../../config/logger';
import { buildOpenApiDocument } from '../../scripts/openapi/document';

const document = buildOpenApiDocument();
const operations = operationsOf(document);
const config = loadConfig({});

/** The app on stand-in clients: what runs before a route touches PostgreSQL or Temporal is real. */
const app = () => createApp({ config, db: {} as never, temporal: {} as never, logger: createLogger({ level: 'silent' }) });
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, 'x1');

describe('the OpenAPI document as a contract (issue 22)', () => {
  it('has every operation of the sandbox app, each with the readable operationId the map gives it, none twice', () => {
    expect(operations.length).toBeGreaterThanOrEqual(43);
    for (const { key, operation } of operations) {
      expect([key, operation.operationId]).toEqual([key, OPERATION_IDS[key as keyof typeof OPERATION_IDS]]);
      expect(operation.operationId).toMatch(/^[a-z][A-Za-z]+$/);
    }
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('fails the document when an operation has no operationId in the map, so no route ships without one', () => {
    const withNewRoute = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: { '/v1/things/{thingId}': { post: { responses: { 200: { description: 'ok' } } } } },
    } as unknown as OpenApiDocument;
    expect(() => applyContract(withNewRoute, { publicUrl: 'http://localhost:3000', sandbox: true })).toThrow(
      'POST /v1/things/{thingId} has no operationId: add one to OPERATION_IDS in api/openapi-contract.ts',
    );
  });

  it('declares security on every operation: bearer, the webhook signature, or explicitly none for the sandbox stand-ins, saying so', () => {
    const schemes = Object.keys(document.components?.securitySchemes ?? {});
    for (const { path, operation } of operations) {
      expect(Array.isArray(operation.security)).toBe(true);
      for (const requirement of operation.security as Array<Record<string, string[]>>) expect(schemes).toEqual(expect.arrayContaining(Object.keys(requirement)));
      if (path.startsWith('/v1/webhooks/')) expect(operation.security).toEqual([{ webhookSignature: [], webhookTimestamp: [] }]);
      else if (path.startsWith('/v1/sandbox/')) {
        expect(operation.security).toEqual([]);
        expect(operation.description).toContain('No security: a sandbox stand-in');
      } else if (path === '/v1/processes/{processId}/events') expect(operation.security).toEqual([{ bearer: [] }, { sessionToken: [] }]);
      else expect(operation.security).toEqual([{ bearer: [] }]);
    }
    expect(document.components?.securitySchemes).toMatchObject({
      webhookSignature: { type: 'apiKey', in: 'header', name: 'X-Signature' },
      webhookTimestamp: { type: 'apiKey', in: 'header', name: 'X-Signature-Timestamp' },
    });
  });

  it('applies the security it declares: without credentials a bearer operation and a webhook answer 401, a sandbox stand-in asks for none', async () => {
    const api = app();
    for (const { key, method, path, operation } of operations) {
      const response = await api.request(concrete(path), { method: method.toUpperCase() });
      const unauthenticated = operation.security!.length > 0;
      expect([key, response.status === 401]).toEqual([key, unauthenticated]);
    }
  });

  it('lists every platform event this system sends in its webhooks section, signed per Standard Webhooks, with an operationId and an example', () => {
    const webhooks = (document as { webhooks?: Record<string, { post: { operationId?: string; parameters?: Array<{ name: string }>; requestBody?: { content: Record<string, { example?: { type?: string } }> } } }> }).webhooks ?? {};
    expect(Object.keys(webhooks).sort()).toEqual([...EVENT_TYPES].sort());
    for (const [type, { post }] of Object.entries(webhooks)) {
      expect(post.operationId).toMatch(/^on[A-Z]/);
      expect(post.parameters?.map((p) => p.name)).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
      expect(post.requestBody?.content['application/json']?.example?.type).toBe(type);
    }
  });

  it('names servers and a licence', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: config.api.publicUrl })]);
    expect(document.info.license).toEqual(expect.objectContaining({ name: expect.any(String) }));
  });

  it('shows an example of every request body and of the main answers, each for an operation of the document', () => {
    for (const { key, operation } of operations) {
      for (const media of Object.values(operation.requestBody?.content ?? {})) {
        expect([key, media.example !== undefined || media.examples !== undefined]).toEqual([key, true]);
      }
    }
    const ids = new Set(operations.map(({ operation }) => operation.operationId));
    for (const operationId of Object.keys(OPERATION_EXAMPLES)) expect([operationId, ids.has(operationId)]).toEqual([operationId, true]);
    for (const main of ['startVerification', 'getProcess', 'startEnterpriseVerification', 'submitRemittanceAmount', 'startChange', 'getAccount']) {
      expect([main, OPERATION_EXAMPLES[main as keyof typeof OPERATION_EXAMPLES]?.responses]).toEqual([main, expect.any(Object)]);
    }
  });

  it('takes every request example as it is written: no route refuses one as invalid (400)', async () => {
    const api = app();
    const operator = await issueToken(config.auth.jwtSecret, config.auth.issuer, { role: 'operator', subject: 'contract-test' });
    // An account's own routes run their checks (the applicant's ID, R-P1..R-P3) for its holder only.
    const holder = await issueToken(config.auth.jwtSecret, config.auth.issuer, { role: 'holder', subject: 'contract-test', accountId: 'x1' });
    for (const { key, method, path, operation } of operations) {
      const content = operation.requestBody?.content ?? {};
      // The upload is multipart: its example names the fields, the file itself cannot be written down.
      if (!content['application/json']) continue;
      const media = content['application/json'];
      const examples = media.examples ? Object.values(media.examples as Record<string, { value: unknown }>).map((example) => example.value) : [media.example];
      for (const example of examples) {
        const body = JSON.stringify(example);
        const token = path.startsWith('/v1/accounts/{accountId}/') ? holder : operator;
        const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
        const provider = /^\/v1\/webhooks\/(\w+)$/.exec(path)?.[1] as keyof typeof config.webhookSecrets | undefined;
        if (provider) {
          const timestamp = Math.floor(Date.now() / 1000);
          Object.assign(headers, { 'x-signature-timestamp': String(timestamp), 'x-signature': signWebhook(config.webhookSecrets[provider], timestamp, body) });
        }
        const response = await api.request(concrete(path), { method: method.toUpperCase(), headers, body });
        // Past validation the route reaches for the database, which these stand-ins do not have (500).
        const refusal = response.status === 400 ? await response.text() : '';
        expect([key, example, response.status === 400, refusal]).toEqual([key, example, false, '']);
      }
    }
  });
});
