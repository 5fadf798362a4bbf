// The hosted verification page (issue 19). The server renders the panel; this script
// follows the process's event stream and swaps in the freshly rendered panel on each
// event, counts the code's validity down, and sends the page's two actions.
(() => {
  'use strict';
  const settings = JSON.parse(document.getElementById('page-settings').textContent);
  const panel = document.getElementById('panel');
  const message = document.getElementById('message');
  const live = document.getElementById('live');
  const texts = settings.texts;
  const withLang = (path) => `${path}${path.includes('?') ? '&' : '?'}lang=${encodeURIComponent(settings.language)}`;
  let expired = false;

  function say(text, kind) {
    message.textContent = text;
    message.className = kind || '';
    message.hidden = !text;
  }

  function linkExpired() {
    expired = true;
    live.hidden = true;
    say(texts.linkExpired, 'warn');
    for (const control of panel.querySelectorAll('button, input')) control.disabled = true;
  }

  function tick() {
    for (const element of panel.querySelectorAll('[data-countdown]')) {
      const left = Date.parse(element.dataset.countdown) - Date.now();
      if (left <= 0) {
        element.textContent = element.dataset.expiredText;
        continue;
      }
      const seconds = Math.floor(left / 1000);
      element.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
    }
  }

  async function refresh() {
    const answer = await fetch(withLang(`${settings.base}/panel`), { cache: 'no-store' });
    if (answer.status === 401) return linkExpired();
    if (!answer.ok) return undefined;
    panel.innerHTML = await answer.text();
    tick();
    return undefined;
  }

  const isOpen = () => panel.querySelector('#status')?.dataset.status === 'open';

  function follow() {
    const source = new EventSource(settings.streamUrl);
    source.addEventListener('open', () => {
      live.hidden = false;
      if (message.className === 'offline') say('');
    });
    source.addEventListener('process', () => void refresh());
    source.addEventListener('error', () => {
      live.hidden = true;
      // CONNECTING: EventSource resumes by itself (Last-Event-ID). CLOSED: the stream
      // refused us (an expired or replaced link) or ended after the outcome (204).
      if (source.readyState !== EventSource.CLOSED) return say(texts.offline, 'offline');
      source.close();
      void refresh().then(() => {
        if (!expired && isOpen()) setTimeout(follow, 3000);
      });
      return undefined;
    });
  }

  /** The answer's body, or null when there was none to use (said to the holder); `answered(status)` hears every HTTP answer. */
  async function post(path, body, headers = {}, answered = () => undefined) {
    const answer = await fetch(withLang(`${settings.base}/${path}`), {
      method: 'POST',
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    answered(answer.status);
    if (answer.status === 401) {
      linkExpired();
      return null;
    }
    const json = await answer.json().catch(() => ({}));
    if (!answer.ok) {
      say(`${texts.refused}: ${json.detail || answer.status}`, 'warn');
      return null;
    }
    return json;
  }

  panel.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-action="qr-code"]');
    if (!button) return;
    button.disabled = true;
    try {
      if (await post('qr-code')) {
        say('');
        await refresh();
      }
    } finally {
      button.disabled = false;
    }
  });

  // R-E6.5: each entry goes with its own Idempotency-Key, kept until the entry is
  // answered: sending the same amount again after a lost answer or a server failure
  // (which may have come after the entry was judged) is the same entry, answered as
  // the first time, never a second attempt. A refusal (4xx) took nothing: the next
  // entry is a new one. Keyed by the amount in fen, so "0.3" and ".30" are one entry.
  let entry = null;
  const fenOf = (amountYuan) => Number(amountYuan.split('.')[1].padEnd(2, '0'));
  function entryKey(amountYuan) {
    const fen = fenOf(amountYuan);
    if (entry === null || entry.fen !== fen) {
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      entry = { fen, key: Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('') };
    }
    return entry.key;
  }
  const entryAnswered = (status) => {
    if (status < 500) entry = null;
  };
  // One entry in flight at a time: a double click, or Enter, sends nothing more (the panel may be swapped meanwhile).
  let entering = false;

  panel.addEventListener('submit', async (event) => {
    const form = event.target.closest('form[data-action="remittance-amount"]');
    if (!form) return;
    event.preventDefault();
    if (entering) return;
    const amountYuan = form.elements.amountYuan.value.trim();
    if (!/^0?\.\d{1,2}$/.test(amountYuan) || Number(amountYuan) <= 0) return say(texts.amountInvalid, 'warn');
    const submit = form.querySelector('button[type="submit"]');
    entering = true;
    if (submit) submit.disabled = true;
    try {
      const answer = await post('remittance-amount', { amountYuan }, { 'idempotency-key': entryKey(amountYuan) }, entryAnswered);
      if (answer) {
        say(answer.correct ? texts.amountRight : texts.amountWrong, answer.correct ? 'ok' : 'warn');
      }
      await refresh();
    } catch {
      // No answer came (the network): the key stays for this amount's retry.
      say(texts.offline, 'offline');
    } finally {
      entering = false;
      if (submit) submit.disabled = false;
    }
    return undefined;
  });

  setInterval(tick, 1000);
  tick();
  follow();
})();
