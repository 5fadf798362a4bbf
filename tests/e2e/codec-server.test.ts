import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { issueCodecToken } from '../../api/codec-token';
import { EncryptionCodec } from '../../codec/encryption-codec';
import { http, startSystem, type RunningSystem } from '../support/system';

const applicant = { name: '王五', documentNumber: '11010519491231002X' };

function toJson(payloads: Payload[]) {
  return {
    payloads: payloads.map((payload) => ({
      metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
      data: Buffer.from(payload.data ?? []).toString('base64'),
    })),
  };
}

function fromJson(body: { payloads: Array<{ metadata: Record<string, string>; data: string }> }): Payload[] {
  return body.payloads.map((payload) => ({
    metadata: Object.fromEntries(Object.entries(payload.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(payload.data, 'base64'),
  }));
}

// Temporal's codec server protocol, as the Web UI and `temporal --codec-endpoint` speak it.
describe('codec server for the Temporal Web UI', () => {
  let system: RunningSystem;
  let codec: EncryptionCodec;
  let encrypted: ReturnType<typeof toJson>;
  let webUi: string;

  beforeAll(async () => {
    system = await startSystem();
    codec = new EncryptionCodec(system.config.payloadKeys);
    encrypted = toJson(await codec.encode([defaultPayloadConverter.toPayload(applicant)]));
    webUi = new URL(system.config.temporal.webUiUrl).origin;
  });
  afterAll(async () => {
    await system.stop();
  });

  it('decodes history payloads for an operator, answering the Web UI origin', async () => {
    const decoded = await http(system, 'POST', '/codec/decode', {
      token: system.operatorToken,
      body: encrypted,
      headers: { origin: webUi, 'x-namespace': 'default' },
    });
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('access-control-allow-origin')).toBe(webUi);
    const [payload] = fromJson(decoded.body);
    expect(defaultPayloadConverter.fromPayload(payload!)).toEqual(applicant);
  });

  it('encodes for an operator (the Web UI encodes signal input this way) with the newest key', async () => {
    const encoded = await http(system, 'POST', '/codec/encode', {
      token: system.operatorToken,
      body: toJson([defaultPayloadConverter.toPayload(applicant)]),
    });
    expect(encoded.status).toBe(200);
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    expect(JSON.stringify(encoded.body)).not.toContain(Buffer.from(JSON.stringify(applicant)).toString('base64'));
    const [payload] = await codec.decode(fromJson(encoded.body));
    expect(defaultPayloadConverter.fromPayload(payload!)).toEqual(applicant);
  });

  it('refuses anonymous callers (401) and holders (403) as problem+json, decoding nothing', async () => {
    const anonymous = await http(system, 'POST', '/codec/decode', { body: encrypted, headers: { origin: webUi } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    // Readable by the Web UI, so it can say why it shows no clear payloads.
    expect(anonymous.headers.get('access-control-allow-origin')).toBe(webUi);
    const holder = await http(system, 'POST', '/codec/decode', { token: await system.holderToken('acc_codec'), body: encrypted });
    expect(holder.status).toBe(403);
    expect(holder.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(holder.body)).not.toContain(applicant.documentNumber);
    const forged = await http(system, 'POST', '/codec/encode', { token: 'garbage', body: encrypted });
    expect(forged.status).toBe(401);
    expect((await http(system, 'POST', '/codec/operator-endpoint', { token: await system.holderToken('acc_codec') })).status).toBe(403);
  });

  it('allows the CORS preflight from the Web UI origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${system.baseUrl}/codec/decode`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
      });
    const allowed = await preflight(webUi);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(webUi);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-headers')).toEqual(expect.stringContaining('x-namespace'));
    expect(allowed.headers.get('access-control-allow-headers')).toEqual(expect.stringContaining('content-type'));

    const foreign = await preflight('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    // Even with an operator's token, a page on another origin gets nothing.
    const fromForeignPage = await http(system, 'POST', '/codec/decode', {
      token: system.operatorToken,
      body: encrypted,
      headers: { origin: 'https://evil.example' },
    });
    expect(fromForeignPage.status).toBe(403);
    expect(fromForeignPage.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("an operator's personal codec endpoint works from the Web UI without a header, and only for the codec", async () => {
    const issued = await http(system, 'POST', '/codec/operator-endpoint', { token: system.operatorToken });
    expect(issued.status).toBe(201);
    const endpoint = new URL(issued.body.endpoint as string);
    expect(endpoint.pathname).toMatch(/^\/codec\/operators\/[^/]+$/);
    expect(Date.parse(issued.body.expiresAt)).toBeGreaterThan(Date.now());

    // As the Web UI (2.54) calls it: endpoint + /decode, with a query string.
    const decoded = await http(system, 'POST', `${endpoint.pathname}/decode?preserveStorageRefs=true`, {
      body: encrypted,
      headers: { origin: webUi, 'x-namespace': 'default' },
    });
    expect(decoded.status).toBe(200);
    expect(defaultPayloadConverter.fromPayload(fromJson(decoded.body)[0]!)).toEqual(applicant);

    // The codec token opens nothing else, and the ordinary tokens do not fit a codec path.
    const codecToken = endpoint.pathname.split('/')[3]!;
    expect((await http(system, 'GET', '/v1/accounts/acc_codec', { token: codecToken })).status).toBe(401);
    expect((await http(system, 'POST', `/codec/operators/${system.operatorToken}/decode`, { body: encrypted })).status).toBe(401);
    const { jwtSecret, issuer } = system.config.auth;
    const expired = await issueCodecToken(jwtSecret, issuer, 'test-operator', Math.floor(Date.now() / 1000) - 60);
    expect((await http(system, 'POST', `/codec/operators/${expired}/decode`, { body: encrypted })).status).toBe(401);
    const foreignKey = await issueCodecToken('another-secret', issuer, 'test-operator', '1h');
    expect((await http(system, 'POST', `/codec/operators/${foreignKey}/decode`, { body: encrypted })).status).toBe(401);
  });

  it('answers 422 for a payload of an unknown key and 400 for a body that is not Payloads JSON', async () => {
    const stranger = new EncryptionCodec([{ id: 'retired', key: randomBytes(32) }]);
    const unknown = await http(system, 'POST', '/codec/decode', {
      token: system.operatorToken,
      body: toJson(await stranger.encode([defaultPayloadConverter.toPayload(applicant)])),
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail).toContain('"retired"');
    const malformed = await http(system, 'POST', '/codec/decode', { token: system.operatorToken, body: { payloads: [{ data: '%%%' }] } });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    const plainPayload = toJson([defaultPayloadConverter.toPayload(applicant)]);
    const passThrough = await http(system, 'POST', '/codec/decode', { token: system.operatorToken, body: plainPayload });
    expect(passThrough.body).toEqual(plainPayload);
  });
});
