import { answerSigningString, HEADERS, hmacHex, sha256Hex, signedHttpClient } from '../../activities/providers/signed-http';

// Issue 20, security review (r20): signing.md signs an answer over the SHA-256
// of its body bytes. The client checked the hash of the body as decoded text,
// which is not those bytes when the body starts with a UTF-8 byte-order mark
// (the decoder drops it) or holds a byte that is not UTF-8 (it becomes U+FFFD):
// a provider signing what it sent was then refused as "not signed".
const SECRET = 'r20-signed-answer-bytes-secret-0123456789';
const config = { baseUrl: 'https://provider.example/realname', keyId: 'r20', secret: SECRET, timeoutSeconds: 5 };

/** A fetch that answers 200 with `bytes`, signed as signing.md says: over those bytes. */
function answering(bytes: Buffer): typeof fetch {
  return (async (_url: string, init: RequestInit) => {
    const nonce = (init.headers as Record<string, string>)[HEADERS.nonce]!;
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = hmacHex(SECRET, answerSigningString(200, nonce, timestamp, '').replace(sha256Hex(''), sha256Hex(bytes)));
    return new Response(bytes, { status: 200, headers: { [HEADERS.nonce]: nonce, [HEADERS.timestamp]: String(timestamp), [HEADERS.signature]: signature, 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
}

describe('issue 20: an answer\'s signature is checked over the body bytes as sent', () => {
  it('issue 20: a signed answer whose body starts with a UTF-8 byte-order mark is believed, and read as its JSON', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"found":false}')]);
    const client = signedHttpClient('registry', config, { fetch: answering(bytes) });
    await expect(client.call({ method: 'POST', path: '/v1/registrations/lookup', body: { creditCode: 'X' }, what: 'registry lookup' })).resolves.toMatchObject({ status: 200, body: { found: false } });
  });

  it('issue 20: the same body with one byte changed on the way is still refused as not signed', async () => {
    const signed = answering(Buffer.from('{"found":false}'));
    const altered = (async (url: string, init: RequestInit) => {
      const response = await signed(url, init);
      return new Response('{"found":true }', { status: 200, headers: response.headers });
    }) as unknown as typeof fetch;
    const client = signedHttpClient('registry', config, { fetch: altered });
    await expect(client.call({ method: 'POST', path: '/v1/registrations/lookup', body: { creditCode: 'X' }, what: 'registry lookup' })).rejects.toThrow(/not signed by the provider's key/);
  });
});
