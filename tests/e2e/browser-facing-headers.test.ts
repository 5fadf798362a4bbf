// Finding 9: what a browser opens on the API's origin (where the console keeps its token) cannot run
// injected script, be framed, or keep tokens; documents download instead of rendering there.
import { http, startSystem, uniqueId, type RunningSystem } from '../support/system';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const PDF = new TextEncoder().encode('%PDF-1.7\n%fake but well-signed\n');

/** The CSP's directives by name. */
function directives(policy: string | null): Record<string, string> {
  return Object.fromEntries(
    (policy ?? '')
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name, ...values] = part.split(/\s+/);
        return [name!, values.join(' ')];
      }),
  );
}

describe('browser-facing routes (finding 9)', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(async () => {
    await system.stop();
  });

  it('finding 9: /docs has a strict CSP (scripts and styles from self, nothing inline, no framing) and X-Frame-Options DENY', async () => {
    const response = await fetch(`${system.baseUrl}/docs`);
    expect(response.status).toBe(200);
    const csp = directives(response.headers.get('content-security-policy'));
    expect(csp).toMatchObject({ 'default-src': "'none'", 'script-src': "'self'", 'style-src': "'self'", 'frame-ancestors': "'none'", 'base-uri': "'none'" });
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    // Under that CSP an inline script would not run: every script of the page is a served file.
    const html = await response.text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\/docs\/assets\/[^"]+"/);
      expect(body!.trim()).toBe('');
    }
  });

  it("finding 9: the docs' assets carry the same headers, and the start-up script keeps tokens out of localStorage", async () => {
    for (const asset of ['docs.js', 'swagger-ui-bundle.js', 'swagger-ui.css']) {
      const response = await fetch(`${system.baseUrl}/docs/assets/${asset}`);
      expect(response.status).toBe(200);
      expect(directives(response.headers.get('content-security-policy'))['frame-ancestors']).toBe("'none'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      await response.arrayBuffer();
    }
    const init = await fetch(`${system.baseUrl}/docs/assets/docs.js`);
    expect(init.headers.get('content-type')).toContain('text/javascript');
    const script = await init.text();
    expect(script).toContain('SwaggerUIBundle(');
    expect(script).toContain('persistAuthorization: false');
  });

  it("finding 9: a docs asset named like an object's inherited member (constructor, __proto__, toString) is 404, not a 500", async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const response = await fetch(`${system.baseUrl}/docs/assets/${name}`);
      expect([name, response.status]).toEqual([name, 404]);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      await response.arrayBuffer();
    }
  });

  it('finding 9: a document downloads as an attachment named after its id, sandboxed, never cached or sniffed', async () => {
    const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'Downloads' } })).body.id;
    const token = await system.holderToken(accountId);
    const upload = async (purpose: string, bytes: Uint8Array, name: string) => {
      const form = new FormData();
      form.set('purpose', purpose);
      form.set('file', new Blob([Buffer.from(bytes)]), name);
      const response = await fetch(`${system.baseUrl}/v1/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    for (const [purpose, bytes, extension, type] of [
      ['change_application_form', PDF, 'pdf', 'application/pdf'],
      ['business_licence', PNG, 'png', 'image/png'],
    ] as const) {
      const id = await upload(purpose, bytes, `whatever.${extension === 'pdf' ? 'png' : 'pdf'}`);
      const response = await fetch(`${system.baseUrl}/v1/documents/${id}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${id}.${extension}"`);
      expect(response.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
    }
    await system.db.document.deleteMany({ where: { accountId } });
    await system.db.account.delete({ where: { id: accountId } });
  });
});
