// Review console: a small vanilla-JS page over the operator API (/v1/reviews, /v1/documents,
// the audited unmasked subject read). No framework, no build step, nothing from a CDN.
'use strict';

(function () {
  const settings = JSON.parse(document.getElementById('console-settings').textContent);
  const TOKEN_KEY = 'realname.operatorToken';
  let blobUrls = [];

  const $ = (id) => document.getElementById(id);
  const token = () => sessionStorage.getItem(TOKEN_KEY);

  // Finding 5: the only form a document id takes (activities/document-store.ts). The console builds
  // each document's URL itself, and only from such an id: a stored id like `../accounts/…/subject/unmasked?…`
  // never becomes a request, with this operator's token, to another route.
  const DOCUMENT_ID = /^doc_[0-9a-f]{32}$/;
  const documentUrl = (id) => (typeof id === 'string' && DOCUMENT_ID.test(id) ? `/v1/documents/${encodeURIComponent(id)}` : null);
  // What a download is saved as, as the API names it (api/routes/documents.ts).
  const FILE_EXTENSIONS = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };

  /** Builds an element; children are nodes or strings (always text, never HTML). */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function notice(message, kind) {
    const box = $('notice');
    box.textContent = message || '';
    box.className = kind || '';
    box.hidden = !message;
  }

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
      this.status = status;
      this.problem = problem;
    }
  }

  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${token()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      signOut('Your token was refused (expired or invalid); sign in again.');
      throw new ApiError(401, null);
    }
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, parsed);
    return parsed;
  }

  const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');

  function show(section) {
    for (const id of ['sign-in', 'queue', 'review']) $(id).hidden = id !== section;
    $('sign-out').hidden = section === 'sign-in';
  }

  function releaseBlobs() {
    for (const url of blobUrls) URL.revokeObjectURL(url);
    blobUrls = [];
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    releaseBlobs();
    $('whoami').textContent = '';
    show('sign-in');
    notice(message, message ? 'error' : '');
  }

  function markers(review) {
    return [
      review.overdue ? el('span', { class: 'badge overdue', text: 'overdue' }) : null,
      review.escalated ? el('span', { class: 'badge escalated', text: 'escalated' }) : null,
      !review.overdue && !review.escalated ? el('span', { class: 'badge ok', text: 'in time' }) : null,
    ];
  }

  async function renderQueue() {
    show('queue');
    const { reviews } = await api('GET', '/v1/reviews?status=pending');
    const rows = $('queue-rows');
    rows.replaceChildren(
      ...reviews.map((review) =>
        el(
          'tr',
          { 'data-review-id': review.reviewId, class: review.overdue ? 'overdue' : '' },
          el('td', { text: when(review.createdAt) }),
          el('td', {}, el('a', { href: `#/reviews/${encodeURIComponent(review.reviewId)}`, text: review.reviewId })),
          el('td', { text: review.kind }),
          el('td', { text: review.rules.join(', ') }),
          el('td', { text: when(review.dueAt) }),
          el('td', {}, markers(review)),
          el('td', { class: 'claim', text: review.claimedBy ? `${review.claimedBy} (until ${when(review.claimExpiresAt)})` : '—' }),
        ),
      ),
    );
    $('queue-empty').hidden = reviews.length > 0;
  }

  /** Submitted fields as nested definition lists (masked by the API). */
  function fieldList(fields) {
    const list = el('dl', { class: 'fields' });
    for (const [name, value] of Object.entries(fields)) {
      list.append(el('dt', { text: name }));
      list.append(el('dd', {}, value !== null && typeof value === 'object' ? fieldList(value) : String(value)));
    }
    return list;
  }

  /** Fetches a document with the token and shows it from a blob: URL (an <img> cannot send a bearer token). */
  async function documentView(name, document) {
    const figure = el('figure', { 'data-document': name }, el('figcaption', { text: `${name} (${document.documentId})` }));
    const path = documentUrl(document.documentId);
    if (!path) {
      figure.append(el('p', { class: 'error', 'data-refused': 'document-id', text: 'not shown: this is not a document id, so it was not fetched' }));
      return figure;
    }
    // Security finding 6: the API links only documents of the review's account; any other it refuses (url null).
    if (document.url === null || document.refused) {
      figure.append(
        el('p', { class: 'error', 'data-refused': 'document-account', text: "not shown: no document of this review's account has this id, so it was not fetched" }),
      );
      return figure;
    }
    try {
      const response = await fetch(path, { headers: { authorization: `Bearer ${token()}` } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      blobUrls.push(url);
      // Security finding 7: a blob: URL has the API's origin, where this page keeps the token. So a PDF
      // (which can carry script) is framed sandboxed (no scripts, an opaque origin), and no link opens the
      // blob as a page of that origin: it only saves the file, for the operator's own viewer.
      if (blob.type.startsWith('image/')) figure.prepend(el('img', { src: url, alt: name, 'data-document': name }));
      else if (blob.type === 'application/pdf') figure.prepend(el('iframe', { src: url, title: name, sandbox: true, 'data-document': name }));
      figure.append(el('a', { href: url, download: `${document.documentId}.${FILE_EXTENSIONS[blob.type] || 'bin'}`, text: 'download' }));
    } catch (error) {
      figure.append(el('p', { class: 'error', text: `could not load: ${error.message}` }));
    }
    return figure;
  }

  function workflowLink(label, workflowId) {
    if (!workflowId) return null;
    const href = `${settings.webUiUrl}/namespaces/${encodeURIComponent(settings.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
    return el('li', {}, el('a', { href, target: '_blank', rel: 'noopener', class: 'workflow-link', text: `${label}: ${workflowId}` }));
  }

  function unmaskedForm(review) {
    const output = el('pre', { id: 'unmasked-output', hidden: true });
    const form = el(
      'form',
      {
        id: 'unmasked-form',
        onsubmit: async (event) => {
          event.preventDefault();
          const reason = form.elements.reason.value.trim();
          try {
            const read = await api('GET', `/v1/accounts/${encodeURIComponent(review.accountId)}/subject/unmasked?reason=${encodeURIComponent(reason)}`);
            output.textContent = read.subject
              ? JSON.stringify(read.subject, null, 2)
              : 'The account has no verified subject yet (a first verification): the materials above are all there is.';
            output.append(`\n\naudited as ${read.auditId} at ${when(read.at)}`);
            output.hidden = false;
          } catch (error) {
            notice(`Unmasked read refused: ${error.message}`, 'error');
          }
        },
      },
      el('label', { for: 'unmasked-reason', text: 'Why do you need the clear subject? (audited)' }),
      el('input', { id: 'unmasked-reason', name: 'reason', required: true, minlength: 3, maxlength: 500 }),
      el('button', { type: 'submit', text: 'Show unmasked subject' }),
    );
    return el('details', { class: 'unmasked' }, el('summary', { text: "Unmasked view of the account's subject" }), form, output);
  }

  function actions(review, reload) {
    const act = async (work, done) => {
      try {
        await work();
        notice(done, 'ok');
        await reload();
      } catch (error) {
        notice(error.message, 'error');
      }
    };
    if (review.status !== 'pending') {
      return el('p', { class: 'decided', id: 'decision-outcome', text: `${review.status} by ${review.decidedBy || '—'} at ${when(review.decidedAt)}: ${review.decisionReason || ''}` });
    }
    const decision = el(
      'form',
      {
        id: 'decision-form',
        onsubmit: (event) => {
          event.preventDefault();
          const reason = decision.elements.reason.value.trim();
          if (!reason) return notice('A reason is mandatory.', 'error');
          const choice = decision.elements.decision.value;
          return act(() => api('POST', `/v1/reviews/${encodeURIComponent(review.reviewId)}/decision`, { decision: choice, reason }), `Review ${choice === 'approve' ? 'approved' : 'rejected'}.`);
        },
      },
      el('fieldset', {}, el('legend', { text: 'Decision' }),
        el('label', {}, el('input', { type: 'radio', name: 'decision', value: 'approve', id: 'decision-approve', required: true }), 'approve'),
        el('label', {}, el('input', { type: 'radio', name: 'decision', value: 'reject', id: 'decision-reject' }), 'reject')),
      el('label', { for: 'decision-reason', text: 'Reason (mandatory, kept in the audit log and sent to the holder)' }),
      el('textarea', { id: 'decision-reason', name: 'reason', rows: 3, required: true, maxlength: 1000 }),
      el('button', { type: 'submit', id: 'decide', text: 'Send decision' }),
    );
    return el(
      'div',
      { class: 'actions' },
      el('button', { type: 'button', id: 'claim', onclick: () => act(() => api('POST', `/v1/reviews/${encodeURIComponent(review.reviewId)}/claim`), 'Claimed.') }, 'Claim'),
      el('button', { type: 'button', id: 'release', onclick: () => act(() => api('POST', `/v1/reviews/${encodeURIComponent(review.reviewId)}/release`), 'Released.') }, 'Release'),
      decision,
    );
  }

  async function renderReview(reviewId) {
    show('review');
    releaseBlobs();
    const section = $('review');
    const reload = () => renderReview(reviewId);
    const [review, workflows] = await Promise.all([
      api('GET', `/v1/reviews/${encodeURIComponent(reviewId)}`),
      api('GET', `/console/reviews/${encodeURIComponent(reviewId)}/workflows`).catch(() => ({})),
    ]);
    const documents = await Promise.all(Object.entries(review.materials.documents).map(([name, document]) => documentView(name, document)));
    section.replaceChildren(
      el('p', {}, el('a', { href: '#/queue', text: '← queue' })),
      el('h2', { text: `Review ${review.reviewId}` }),
      el(
        'dl',
        { class: 'summary' },
        el('dt', { text: 'status' }), el('dd', { id: 'review-status', text: review.status }),
        el('dt', { text: 'kind' }), el('dd', { text: review.kind }),
        el('dt', { text: 'account / process' }), el('dd', { text: `${review.accountId} / ${review.processId}` }),
        el('dt', { text: 'submitted' }), el('dd', { text: when(review.createdAt) }),
        el('dt', { text: 'SLA deadline' }), el('dd', {}, when(review.dueAt), ' ', review.status === 'pending' ? markers(review) : null),
        el('dt', { text: 'claimed by' }), el('dd', { id: 'review-claim', text: review.claimedBy ? `${review.claimedBy} until ${when(review.claimExpiresAt)}` : '—' }),
      ),
      el('h3', { text: 'Temporal Web UI' }),
      el('ul', { class: 'links' }, workflowLink('review workflow', workflows.reviewWorkflowId), workflowLink('process workflow', workflows.processWorkflowId)),
      el('h3', { text: 'Rules to check' }),
      el('table', { class: 'rules' }, el('tbody', {}, review.rules.map((id) => el('tr', { 'data-rule': id }, el('th', { text: id }), el('td', { text: settings.rules[id] || 'see the rule book' }))))),
      el('h3', { text: 'Submitted fields (masked)' }),
      fieldList(review.materials.fields),
      unmaskedForm(review),
      el('h3', { text: 'Documents' }),
      el('div', { class: 'documents' }, documents),
      el('h3', { text: 'Action' }),
      actions(review, reload),
      el('h3', { text: 'Audit log' }),
      el(
        'table',
        { class: 'audit' },
        el('thead', {}, el('tr', {}, el('th', { text: 'when' }), el('th', { text: 'who' }), el('th', { text: 'action' }), el('th', { text: 'reason' }))),
        el('tbody', { id: 'audit-rows' }, review.audit.map((entry) =>
          el('tr', { 'data-action': entry.action }, el('td', { text: when(entry.at) }), el('td', { text: entry.actor }), el('td', { text: entry.action }), el('td', { text: entry.reason || '' })))),
      ),
    );
  }

  async function route() {
    if (!token()) return signOut();
    const match = location.hash.match(/^#\/reviews\/(.+)$/);
    try {
      if (match) await renderReview(decodeURIComponent(match[1]));
      else {
        releaseBlobs();
        await renderQueue();
      }
    } catch (error) {
      if (error.status !== 401) notice(error.status === 403 ? 'This token is not an operator token.' : error.message, 'error');
    }
  }

  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = $('token').value.trim();
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    $('token').value = '';
    try {
      await api('GET', '/v1/reviews?status=pending');
    } catch (error) {
      if (error.status === 403) signOut('That token is not an operator token.');
      return;
    }
    notice('');
    try {
      const subject = JSON.parse(atob(value.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).sub;
      if (subject) sessionStorage.setItem(`${TOKEN_KEY}.subject`, subject);
    } catch {
      /* only for the header; the API decides what the token is worth */
    }
    $('whoami').textContent = sessionStorage.getItem(`${TOKEN_KEY}.subject`) || '';
    // A deep link (/console#/reviews/<id>) survives the sign-in; anything else lands on the queue.
    if (!/^#\/(queue|reviews\/.+)$/.test(location.hash)) location.hash = '#/queue';
    else await route();
  });
  $('sign-out').addEventListener('click', () => signOut());
  window.addEventListener('hashchange', () => {
    notice('');
    void route();
  });
  $('whoami').textContent = (token() && sessionStorage.getItem(`${TOKEN_KEY}.subject`)) || '';
  void route();
})();
