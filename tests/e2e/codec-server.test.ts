import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { SignJWT } from 'jose';
import { issueToken } from '../../api/auth';
import { codecTokens, issueCodecToken, REVOCATION_CHECK_CACHE_MS } from '../../api/codec-token';
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

  it('security finding 2: encodes for nobody, operators included, so no one but the API and the worker makes a payload the worker trusts', async () => {
    const body = toJson([defaultPayloadConverter.toPayload(applicant)]);
    const encoded = await http(system, 'POST', '/codec/encode', { token: system.operatorToken, body });
    expect(encoded.status).toBe(403);
    expect(encoded.headers.get('content-type')).toContain('application/problem+json');
    expect(encoded.body.type).toContain('codec-encode-refused');
    expect(JSON.stringify(encoded.body)).not.toContain('binary/encrypted');
    const personal = await http(system, 'POST', '/codec/operator-endpoint', { token: system.operatorToken });
    const path = new URL(personal.body.endpoint as string).pathname;
    const viaEndpoint = await http(system, 'POST', `${path}/encode`, { body });
    expect(viaEndpoint.status).toBe(403);
    expect(viaEndpoint.body.type).toContain('codec-encode-refused');
    // Decoding still works through the same endpoint.
    expect((await http(system, 'POST', `${path}/decode`, { body: encrypted })).status).toBe(200);
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

  /** A personal endpoint of `operatorToken`'s operator: its path and jti. */
  async function personalEndpoint(operatorToken = system.operatorToken) {
    const issued = await http(system, 'POST', '/codec/operator-endpoint', { token: operatorToken });
    expect(issued.status).toBe(201);
    return { url: issued.body.endpoint as string, path: new URL(issued.body.endpoint as string).pathname, jti: issued.body.jti as string };
  }
  const decodeAt = (path: string) => http(system, 'POST', `${path}/decode`, { body: encrypted, headers: { origin: webUi } });

  it('finding 10: a revoked personal endpoint answers 401 problem+json, while another of the same operator still decodes', async () => {
    const leaked = await personalEndpoint();
    const kept = await personalEndpoint();
    expect((await decodeAt(leaked.path)).status).toBe(200);
    const listed = await http(system, 'GET', '/codec/operator-endpoints', { token: system.operatorToken });
    expect(listed.status).toBe(200);
    expect(listed.body.endpoints.map((e: { jti: string }) => e.jti)).toEqual(expect.arrayContaining([leaked.jti, kept.jti]));
    // The list names endpoints by jti, never their URL.
    expect(JSON.stringify(listed.body)).not.toContain(leaked.path.split('/')[3]);

    const revoked = await http(system, 'POST', '/codec/operator-endpoint/revoke', { token: system.operatorToken, body: { endpoint: leaked.url } });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ jti: leaked.jti, operator: 'test-operator', revokedBy: 'test-operator' });
    expect(Date.parse(revoked.body.revokedAt)).toBeLessThanOrEqual(Date.now());

    // At once, in this API process (the check is cached only for live tokens), for both directions.
    const refused = await decodeAt(leaked.path);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.detail).toMatch(/revoked/);
    expect(JSON.stringify(refused.body)).not.toContain(applicant.documentNumber);
    expect((await http(system, 'POST', `${leaked.path}/encode`, { body: toJson([defaultPayloadConverter.toPayload(applicant)]) })).status).toBe(401);
    const stillWorks = await decodeAt(kept.path);
    expect(stillWorks.status).toBe(200);
    expect(defaultPayloadConverter.fromPayload(fromJson(stillWorks.body)[0]!)).toEqual(applicant);

    // Listed no more; revoking again keeps the first revocation.
    const after = await http(system, 'GET', '/codec/operator-endpoints', { token: system.operatorToken });
    expect(after.body.endpoints.map((e: { jti: string }) => e.jti)).not.toContain(leaked.jti);
    expect(after.body.endpoints.map((e: { jti: string }) => e.jti)).toContain(kept.jti);
    const again = await http(system, 'POST', '/codec/operator-endpoint/revoke', { token: system.operatorToken, body: { jti: leaked.jti } });
    expect(again.status).toBe(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
  });

  it("finding 10: an operator revokes their own endpoint by jti, and anyone's whose URL they hold; another's jti alone is 404", async () => {
    const { jwtSecret, issuer } = system.config.auth;
    const colleague = await issueToken(jwtSecret, issuer, { role: 'operator', subject: 'colleague-operator' }, '1h');
    const theirs = await personalEndpoint(colleague);
    const byJti = await http(system, 'POST', '/codec/operator-endpoint/revoke', { token: system.operatorToken, body: { jti: theirs.jti } });
    expect(byJti.status).toBe(404);
    expect(byJti.headers.get('content-type')).toContain('application/problem+json');
    expect((await decodeAt(theirs.path)).status).toBe(200);
    // Not in anyone else's list either.
    const mine = await http(system, 'GET', '/codec/operator-endpoints', { token: system.operatorToken });
    expect(mine.body.endpoints.map((e: { jti: string }) => e.jti)).not.toContain(theirs.jti);

    const byUrl = await http(system, 'POST', '/codec/operator-endpoint/revoke', { token: system.operatorToken, body: { endpoint: theirs.url } });
    expect(byUrl.status).toBe(200);
    expect(byUrl.body).toMatchObject({ jti: theirs.jti, operator: 'colleague-operator', revokedBy: 'test-operator' });
    expect((await decodeAt(theirs.path)).status).toBe(401);

    const own = await personalEndpoint(colleague);
    expect((await http(system, 'POST', '/codec/operator-endpoint/revoke', { token: colleague, body: { jti: own.jti } })).status).toBe(200);
    expect((await decodeAt(own.path)).status).toBe(401);

    // Holders may not revoke, and a body naming no endpoint is a 400.
    const holder = await system.holderToken('acc_codec');
    expect((await http(system, 'POST', '/codec/operator-endpoint/revoke', { token: holder, body: { jti: own.jti } })).status).toBe(403);
    expect((await http(system, 'GET', '/codec/operator-endpoints', { token: holder })).status).toBe(403);
    for (const body of [{}, { endpoint: 'http://localhost/v1/accounts' }, { jti: 'not-a-uuid' }, { endpoint: theirs.url, jti: theirs.jti }]) {
      const bad = await http(system, 'POST', '/codec/operator-endpoint/revoke', { token: system.operatorToken, body });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('finding 10: another API replica sees a revocation within the cache delay of its live-token check, not later', async () => {
    let clock = Date.now();
    const replica = codecTokens(system.db, system.config.auth, () => clock);
    const elsewhere = codecTokens(system.db, system.config.auth);
    const { token, jti } = await replica.issue('test-operator', 3600);
    await expect(replica.verify(token)).resolves.toMatchObject({ operator: 'test-operator', jti });
    await elsewhere.revoke(jti, 'test-operator');
    // Within the delay this replica still takes its cached answer…
    clock += REVOCATION_CHECK_CACHE_MS - 1;
    await expect(replica.verify(token)).resolves.toMatchObject({ jti });
    // …and past it, asks PostgreSQL and refuses.
    clock += 2;
    await expect(replica.verify(token)).rejects.toMatchObject({ problem: { status: 401, detail: expect.stringMatching(/revoked/) } });
    expect(REVOCATION_CHECK_CACHE_MS).toBeLessThanOrEqual(10_000);
  });

  it('finding 10: a well-signed codec token that was never issued (no codec_tokens row, so not revocable) opens nothing', async () => {
    const { jwtSecret, issuer } = system.config.auth;
    const unrecorded = await issueCodecToken(jwtSecret, issuer, 'test-operator', '1h');
    const refused = await http(system, 'POST', `/codec/operators/${unrecorded}/decode`, { body: encrypted });
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toMatch(/never issued/);
    // Nor one minted the way npm start used to, for 30 days without an id.
    const withoutJti = await new SignJWT({ role: 'codec' }).setProtectedHeader({ alg: 'HS256' }).setSubject('demo-operator').setIssuer(issuer).setAudience('realname-codec').setIssuedAt().setExpirationTime('30d').sign(new TextEncoder().encode(jwtSecret));
    expect((await http(system, 'POST', `/codec/operators/${withoutJti}/decode`, { body: encrypted })).status).toBe(401);
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
