import { request } from 'node:http';
import { startSystem, uniqueId, http, uploadDocument, type RunningSystem } from '../support/system';

const GB = 1024 ** 3;

/**
 * Sends a request's headers and the first part of its body, never the rest, and
 * resolves with the answer: a server that waits for the whole body before
 * answering never answers, and the test fails on the timeout.
 */
function answerWithoutTheBody(
  system: RunningSystem,
  path: string,
  headers: Record<string, string>,
  firstPart: Buffer,
  timeoutMs = 5_000,
): Promise<{ status: number; contentType: string | undefined; body: any }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, system.baseUrl);
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer in ${timeoutMs} ms: the server is reading the body`));
    }, timeoutMs);
    req.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: response.statusCode!, contentType: response.headers['content-type'], body: text ? JSON.parse(text) : null });
      });
    });
    req.on('error', (error) => {
      // The server may close the connection after answering; only an error before an answer counts.
      if (!req.destroyed) {
        clearTimeout(timer);
        reject(error);
      }
    });
    req.write(firstPart);
  });
}

describe('upload bodies (security finding 2)', () => {
  let system: RunningSystem;
  // Each test its own holder: the upload rate limit counts per token subject.
  const holder = async () => {
    const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'upload bodies' } })).body.id;
    return system.holderToken(accountId);
  };
  beforeAll(async () => {
    system = await startSystem({ RATE_LIMIT_UPLOADS_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await system.stop();
  });

  it('security finding 2: POST /v1/documents with a JSON content type and a 4 GB declared body gets 415 problem+json before the body is read', async () => {
    const token = await holder();
    const answer = await answerWithoutTheBody(
      system,
      '/v1/documents',
      { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': String(4 * GB) },
      Buffer.from('{"purpose":"business_licence","file":"'),
    );
    expect(answer.status).toBe(415);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ type: 'https://realname.example/problems/unsupported-media-type' });
  });

  it('security finding 2: a chunked JSON body to /v1/documents larger than MAX_JSON_BODY_BYTES is refused with 415 without waiting for its end', async () => {
    const token = await holder();
    const answer = await answerWithoutTheBody(
      system,
      '/v1/documents',
      { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8', 'transfer-encoding': 'chunked' },
      Buffer.alloc(system.config.maxJsonBodyBytes * 4, 0x20),
    );
    expect(answer.status).toBe(415);
  });

  it('security finding 2: a multipart boundary holding "json" is not read as JSON, and a JSON route never reads past MAX_JSON_BODY_BYTES', async () => {
    // A chunked body on a JSON route: refused with 413 once the limit is passed, the rest never read.
    const answer = await answerWithoutTheBody(
      system,
      '/v1/accounts',
      { authorization: `Bearer ${system.operatorToken}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      Buffer.from(`{"id":"${'x'.repeat(system.config.maxJsonBodyBytes * 2)}`),
    );
    expect(answer.status).toBe(413);
    // An upload whose boundary says json is an upload.
    const token = await holder();
    const boundary = 'json-boundary-7d1f';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbusiness_licence\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="licence.png"\r\nContent-Type: image/png\r\n\r\n`),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const uploaded = await fetch(`${system.baseUrl}/v1/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(uploaded.status).toBe(201);
  });

  it('security finding 2: the upload rate limit answers 429 before anything reads the body, whatever its type', async () => {
    const other = await holder();
    for (let i = 0; i < 3; i++) await uploadDocument(system, other, 'business_licence');
    const answer = await answerWithoutTheBody(
      system,
      '/v1/documents',
      { authorization: `Bearer ${other}`, 'content-type': 'application/json', 'content-length': String(4 * GB) },
      Buffer.from('{'),
    );
    expect(answer.status).toBe(429);
  });
});
