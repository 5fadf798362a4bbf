import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';

// The console's own script (api/console/assets/console.js), run on a minimal stand-in for the DOM
// with a recording fetch: what it requests for a review, without a browser.

class FakeNode {
  children: unknown[] = [];
  attributes: Record<string, string> = {};
  textContent = '';
  hidden = false;
  className = '';
  constructor(readonly tagName: string) {}
  setAttribute(name: string, value: string) {
    this.attributes[name] = value;
  }
  addEventListener() {}
  append(...nodes: unknown[]) {
    this.children.push(...nodes);
  }
  prepend(...nodes: unknown[]) {
    this.children.unshift(...nodes);
  }
  replaceChildren(...nodes: unknown[]) {
    this.children = nodes;
  }
}

function walk(node: unknown, visit: (node: FakeNode) => void): void {
  if (!(node instanceof FakeNode)) return;
  visit(node);
  for (const child of node.children) walk(child, visit);
}

const GOOD = `doc_${'0123456789abcdef'.repeat(2)}`;
const TRAVERSAL = '../accounts/acc_demo/subject/unmasked?reason=forged';
const BAD_IDS = {
  traversal: TRAVERSAL,
  deeper: '../../v1/accounts/acc_demo/subject/unmasked?reason=forged',
  dotSegment: '..',
  encoded: '%2e%2e/accounts/acc_demo/subject/unmasked?reason=forged',
  suffixed: `${GOOD}/../../accounts/acc_demo/subject/unmasked`,
  upperCase: `doc_${'A'.repeat(32)}`,
};

async function renderReviewInConsole(documents: Record<string, { documentId: string; url: string | null; refused?: string | null }>, blobType = 'image/png') {
  const nodes = new Map<string, FakeNode>();
  const byId = (id: string) => {
    if (!nodes.has(id)) nodes.set(id, new FakeNode('div'));
    return nodes.get(id)!;
  };
  byId('console-settings').textContent = JSON.stringify({ webUiUrl: 'http://localhost:8233', namespace: 'default', rules: {} });
  const review = {
    reviewId: 'rev_1',
    processId: 'prc_1',
    accountId: 'acc_demo',
    kind: 'enterprise_name',
    status: 'pending',
    rules: ['R-C6'],
    dueAt: '2026-12-02T00:00:00.000Z',
    escalated: false,
    overdue: false,
    claimedBy: null,
    claimExpiresAt: null,
    decidedBy: null,
    decisionReason: null,
    decidedAt: null,
    createdAt: '2026-12-01T00:00:00.000Z',
    materials: { documents, fields: { kind: 'enterprise_name' } },
    audit: [],
  };
  const requested: string[] = [];
  const fetch = async (path: string) => {
    requested.push(path);
    const { pathname } = new URL(path, 'https://console.example');
    if (pathname === '/v1/reviews/rev_1') return { ok: true, status: 200, text: async () => JSON.stringify(review) };
    if (pathname === '/console/reviews/rev_1/workflows') return { ok: true, status: 200, text: async () => '{}' };
    if (pathname.startsWith('/v1/documents/')) return { ok: true, status: 200, blob: async () => ({ type: blobType }) };
    return { ok: true, status: 200, text: async () => JSON.stringify({ auditId: 'forged', subject: null }) };
  };
  runInNewContext(readFileSync(join(__dirname, '..', '..', 'api', 'console', 'assets', 'console.js'), 'utf8'), {
    document: { getElementById: byId, createElement: (tag: string) => new FakeNode(tag) },
    Node: FakeNode,
    sessionStorage: { getItem: (key: string) => (key === 'realname.operatorToken' ? 'operator-token' : null), setItem() {}, removeItem() {} },
    location: { hash: '#/reviews/rev_1' },
    window: { addEventListener() {} },
    URL: { createObjectURL: () => 'blob:fake', revokeObjectURL() {} },
    fetch,
  });
  const section = byId('review');
  for (let turn = 0; turn < 200 && section.children.length === 0; turn++) await new Promise((resolve) => setImmediate(resolve));
  expect(section.children.length).toBeGreaterThan(0);
  const figures = new Map<string, FakeNode>();
  walk(section, (node) => {
    if (node.tagName === 'figure') figures.set(node.attributes['data-document']!, node);
  });
  return { requested, figures };
}

describe('review console: document links (finding 5)', () => {
  it('finding 5: a stored id that is not a document id is never fetched, so it cannot reach the audited unmasking route or any other', async () => {
    // The links as the API built them before finding 5: `/v1/documents/<id>`, the id as stored.
    const documents = Object.fromEntries(
      [['licence', GOOD], ...Object.entries(BAD_IDS)].map(([name, id]) => [name, { documentId: id!, url: `/v1/documents/${id}` }]),
    );
    const { requested, figures } = await renderReviewInConsole(documents);

    const paths = requested.map((path) => new URL(path, 'https://console.example').pathname);
    expect(paths.sort()).toEqual(['/console/reviews/rev_1/workflows', `/v1/documents/${GOOD}`, '/v1/reviews/rev_1']);
    expect(requested.some((path) => path.includes('unmasked'))).toBe(false);
    for (const name of Object.keys(BAD_IDS)) {
      const refused: FakeNode[] = [];
      walk(figures.get(name), (node) => {
        if (node.attributes['data-refused'] === 'document-id') refused.push(node);
      });
      expect(refused).toHaveLength(1);
    }
  });

  it('finding 5: the console builds the URL from the id itself, ignoring the url the API sent', async () => {
    const { requested } = await renderReviewInConsole({ licence: { documentId: GOOD, url: `/v1/accounts/acc_demo/subject/unmasked?reason=forged` } });
    expect(requested).toContain(`/v1/documents/${GOOD}`);
    expect(requested.some((path) => path.includes('unmasked'))).toBe(false);
  });
});

describe('review console: documents of another account (security finding 6)', () => {
  it("security finding 6: a document the API refused (url null: not the review's account's) is never fetched and is shown as refused", async () => {
    const FOREIGN = `doc_${'fedcba9876543210'.repeat(2)}`;
    const { requested, figures } = await renderReviewInConsole({
      licence: { documentId: GOOD, url: `/v1/documents/${GOOD}`, refused: null },
      changeProof: { documentId: FOREIGN, url: null, refused: 'not-the-accounts-document' },
    });
    expect(requested).toContain(`/v1/documents/${GOOD}`);
    expect(requested.some((path) => path.includes(FOREIGN))).toBe(false);
    const refused: FakeNode[] = [];
    walk(figures.get('changeProof'), (node) => {
      if (node.attributes['data-refused'] === 'document-account') refused.push(node);
    });
    expect(refused).toHaveLength(1);
  });
});

describe('review console: PDFs from blob: URLs (security finding 7)', () => {
  it('security finding 7: a PDF is framed with sandbox (no scripts) and no link opens its blob: URL as a page, only a download', async () => {
    const { figures } = await renderReviewInConsole({ licence: { documentId: GOOD, url: `/v1/documents/${GOOD}`, refused: null } }, 'application/pdf');
    const frames: FakeNode[] = [];
    const links: FakeNode[] = [];
    walk(figures.get('licence'), (node) => {
      if (node.tagName === 'iframe' || node.tagName === 'object' || node.tagName === 'embed') frames.push(node);
      if (node.tagName === 'a') links.push(node);
    });
    expect(frames.map((frame) => frame.tagName)).toEqual(['iframe']);
    // An empty sandbox: every restriction, scripts and same-origin included.
    expect(frames[0]!.attributes.sandbox).toBe('');
    expect(frames[0]!.attributes.src).toBe('blob:fake');
    expect(links.map((link) => ({ href: link.attributes.href, target: link.attributes.target, download: link.attributes.download }))).toEqual([
      { href: 'blob:fake', target: undefined, download: `${GOOD}.pdf` },
    ]);
  });

  it('security finding 7: an image is no longer linked to open in a new tab either', async () => {
    const { figures } = await renderReviewInConsole({ licence: { documentId: GOOD, url: `/v1/documents/${GOOD}`, refused: null } });
    const links: FakeNode[] = [];
    walk(figures.get('licence'), (node) => {
      if (node.tagName === 'a') links.push(node);
    });
    expect(links.map((link) => ({ target: link.attributes.target, download: link.attributes.download }))).toEqual([{ target: undefined, download: `${GOOD}.png` }]);
  });
});
