import { businessDaysBetween, type BusinessCalendar } from '../../domain/business-days';
import { chinaDate, CHINA_UTC_OFFSET_MS } from '../../domain/china-time';
import { CHANGE_MATERIALS } from '../../domain/change-materials';
import type { Language } from '../../domain/language';
import { isPayoutRefusal } from '../../domain/payout-refusals';
import { noticeText, PAYOUT_OVERDUE_TEXT, payoutRefusedText, type Localised } from '../../domain/texts';
import { DEADLINE_TEXTS, FACE_FAILURE_TEXTS, MATERIAL_TEXTS, PAGE_TEXTS, STEP_TEXTS } from '../../domain/verification-page-texts';

// Issue 19: the hosted page's panel, rendered on the server from the process view
// (GET /v1/processes/{id}'s JSON) for the first load and again on every event the
// page's script gets from the stream: one renderer, no copy of it in the browser.

/** The part of the process view (api/views.ts) the page shows. */
export interface PageView {
  processId: string;
  kind: string;
  method: string | null;
  status: string;
  step: string;
  failureReason: string | null;
  lastFaceFailure: string | null;
  faceTriesLeft: number | null;
  deadlines: Record<string, string>;
  qrCode: { ticket: string; qrUrl: string; expiresAt: string; expired: boolean } | null;
  recharge: { amountYuan: string; payeeAccount: string; reference: string; deadline: string; attemptsLeft: number } | null;
  remittance: {
    reviewDueAt: string | null;
    reviewReason: string | null;
    amountDeadline: string | null;
    attemptsLeft: number;
    deliveryDueAt: string | null;
    deliveryDeadline: string | null;
    payoutOverdue: boolean;
    payoutRefusal?: string | null;
  } | null;
  history: Array<{ step: string; detail: Record<string, unknown> | null }>;
}

export interface RenderContext {
  language: Language;
  now: number;
  /** The page's own base path, /verify/<token>. */
  base: string;
  /** R-G6: the business-day calendar from today to `through` (config/business-calendar.ts). */
  calendarThrough: (through: string) => BusinessCalendar;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (value: unknown): string => String(value).replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

/** China time, as the holder's deadlines are meant: `2026-12-04 18:00 (UTC+8)`. */
export function chinaTime(iso: string): string {
  return `${new Date(Date.parse(iso) + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')} (UTC+8)`;
}

/** Steps in which the code on the page is the one to scan. */
const SCAN_STEPS = new Set(['awaiting_scan', 'face_failed', 'awaiting_handler_face']);
const AMOUNT_STEPS = new Set(['awaiting_amount', 'amount_wrong']);
const PAYOUT_STEPS = new Set(['awaiting_payout_delivery', 'payout_overdue']);
/** R-E6.1: what a remittance's review judged, to be submitted again after a rejection. */
const REMITTANCE_MATERIALS = ['licence', 'legalPersonIdEmblemSide', 'legalPersonIdPortraitSide', 'bankAccount'];

function scanText(view: PageView): Localised {
  if (view.step === 'awaiting_handler_face' || view.step === 'face_failed' || (view.method ?? '').includes('face')) return PAGE_TEXTS.scanFace;
  if ((view.method ?? '').includes('qq')) return PAGE_TEXTS.scanQq;
  return PAGE_TEXTS.scanWechat;
}

function countdown(iso: string, t: (text: Localised) => string): string {
  return `<p class="countdown">${esc(t(PAGE_TEXTS.codeValidFor))} <strong data-countdown="${esc(iso)}" data-expired-text="${esc(t(PAGE_TEXTS.codeExpired))}">${esc(chinaTime(iso))}</strong></p>`;
}

function codeBlock(view: PageView, ctx: RenderContext, t: (text: Localised) => string): string {
  const code = view.qrCode;
  if (!code || !SCAN_STEPS.has(view.step)) return '';
  const expired = code.expired || Date.parse(code.expiresAt) <= ctx.now;
  const button = view.step === 'face_failed' ? PAGE_TEXTS.freshFaceTry : PAGE_TEXTS.freshCode;
  return `<div class="code">
  <p>${esc(t(scanText(view)))}</p>
  ${expired ? `<p class="warn">${esc(t(PAGE_TEXTS.codeExpired))}</p>` : `<img id="qr" src="${esc(ctx.base)}/qr.png?ticket=${encodeURIComponent(code.ticket)}" alt="${esc(t(PAGE_TEXTS.qrAlt))}" width="264" height="264">`}
  ${expired ? '' : countdown(code.expiresAt, t)}
  <button type="button" data-action="qr-code">${esc(t(button))}</button>
</div>`;
}

/** R-P8: the tries left, from the view where its workflow keeps them there, else from the latest failure's step. */
function faceTriesLeft(view: PageView): number | null {
  if (view.faceTriesLeft !== null) return view.faceTriesLeft;
  const left = [...view.history].reverse().find((entry) => entry.step === 'face_failed')?.detail?.faceTriesLeft;
  return typeof left === 'number' ? left : null;
}

function faceBlock(view: PageView, t: (text: Localised) => string): string {
  if (!view.lastFaceFailure || view.status !== 'open') return '';
  const reason = FACE_FAILURE_TEXTS[view.lastFaceFailure];
  const triesLeft = faceTriesLeft(view);
  return `<div class="face-failure">
  <p class="warn">${esc(t(PAGE_TEXTS.faceFailed))}: ${esc(reason ? t(reason) : '')} (${esc(view.lastFaceFailure)}, R-P8)</p>
  ${triesLeft === null ? '' : `<p>${esc(t(PAGE_TEXTS.faceTriesLeft))}: <strong id="face-tries-left">${esc(triesLeft)}</strong></p>`}
</div>`;
}

function rechargeBlock(view: PageView, t: (text: Localised) => string): string {
  const recharge = view.recharge;
  if (!recharge || view.status !== 'open') return '';
  return `<div class="recharge">
  <h3>${esc(t(PAGE_TEXTS.rechargeTitle))}</h3>
  <dl>
    <dt>${esc(t(PAGE_TEXTS.amount))}</dt><dd id="recharge-amount"><strong>${esc(recharge.amountYuan)}</strong> ${esc(t(PAGE_TEXTS.yuan))}</dd>
    <dt>${esc(t(PAGE_TEXTS.payeeAccount))}</dt><dd>${esc(recharge.payeeAccount)}</dd>
    <dt>${esc(t(PAGE_TEXTS.reference))}</dt><dd><code>${esc(recharge.reference)}</code></dd>
    <dt>${esc(t(PAGE_TEXTS.payBy))}</dt><dd>${esc(chinaTime(recharge.deadline))}</dd>
    <dt>${esc(t(PAGE_TEXTS.attemptsLeft))}</dt><dd>${esc(recharge.attemptsLeft)}</dd>
  </dl>
  <p class="hint">${esc(t(PAGE_TEXTS.rechargeNote))}</p>
</div>`;
}

function remittanceBlock(view: PageView, t: (text: Localised) => string): string {
  const remittance = view.remittance;
  if (!remittance || view.status !== 'open') return '';
  if (view.step === 'in_review') return `<p class="remittance">${esc(t(PAGE_TEXTS.inReview))}</p>`;
  if (PAYOUT_STEPS.has(view.step)) {
    return `<div class="remittance"><p>${esc(t(PAGE_TEXTS.awaitingPayout))}</p>${remittance.payoutOverdue ? `<p class="warn">${esc(t(PAYOUT_OVERDUE_TEXT))}</p>` : ''}</div>`;
  }
  // R-E6.4: the bank refused the account; until another method runs, the holder reads what to correct.
  const refusal = remittance.payoutRefusal;
  if ((view.step === 'payout_refused' || view.step === 'choosing_method') && isPayoutRefusal(refusal)) {
    return `<div class="remittance refused"><p class="warn" id="payout-refusal">${esc(t(payoutRefusedText(refusal)))}</p></div>`;
  }
  if (!AMOUNT_STEPS.has(view.step)) return '';
  return `<form class="remittance" data-action="remittance-amount" novalidate>
  <h3>${esc(t(PAGE_TEXTS.amountTitle))}</h3>
  ${view.step === 'amount_wrong' ? `<p class="warn">${esc(t(PAGE_TEXTS.amountWrong))}</p>` : ''}
  <label for="amount-yuan">${esc(t(PAGE_TEXTS.amountLabel))}</label>
  <input id="amount-yuan" name="amountYuan" inputmode="decimal" autocomplete="off" required pattern="0?\\.[0-9]{1,2}">
  <p>${esc(t(PAGE_TEXTS.attemptsLeft))}: <strong id="amount-attempts-left">${esc(remittance.attemptsLeft)}</strong></p>
  <button type="submit">${esc(t(PAGE_TEXTS.submitAmount))}</button>
</form>`;
}

/** The reviewer's reason of the latest rejection (a remittance's view has it; a change's is in its step). */
function rejectionReason(view: PageView): string | null {
  const step = [...view.history].reverse().find((entry) => entry.step === 'review_rejected');
  const reason = step?.detail?.reason;
  return typeof reason === 'string' ? reason : (view.remittance?.reviewReason ?? null);
}

function rejectedBlock(view: PageView, t: (text: Localised) => string): string {
  if (view.step !== 'review_rejected' || view.status !== 'open') return '';
  const reason = rejectionReason(view);
  const roles = view.kind === 'change' ? Object.keys((CHANGE_MATERIALS as Record<string, Record<string, unknown>>)[view.method ?? ''] ?? {}) : REMITTANCE_MATERIALS;
  return `<div class="rejected">
  <h3>${esc(t(PAGE_TEXTS.reviewRejected))}</h3>
  ${reason ? `<p>${esc(t(PAGE_TEXTS.reason))}: <q id="review-reason">${esc(reason)}</q></p>` : ''}
  <p>${esc(t(PAGE_TEXTS.uploadAgain))}:</p>
  <ul>${roles.map((role) => `<li>${esc(MATERIAL_TEXTS[role] ? t(MATERIAL_TEXTS[role]) : role)}</li>`).join('')}</ul>
</div>`;
}

function outcomeBlock(view: PageView, t: (text: Localised) => string, language: Language): string {
  if (view.status === 'verified') return `<p class="outcome verified" id="outcome">✓ ${esc(t(PAGE_TEXTS.verified))}</p>`;
  if (view.status === 'failed') return `<p class="outcome failed" id="outcome">${esc(noticeText({ outcome: 'failed', processId: view.processId, reason: view.failureReason }, language).body)}</p>`;
  return `<p class="outcome" id="outcome">${esc(t(PAGE_TEXTS.closed))} (${esc(view.status)})</p>`;
}

interface Deadline {
  name: string;
  at: string;
  /** Whether its rule counts it in business days (R-E6.3, R-E6.4). */
  businessDays: boolean;
}

/** What happens next and by when: the current step's deadlines and the process's (R-E5, R-E6, R-G7), soonest first. */
export function deadlinesOf(view: PageView, now: number): Deadline[] {
  if (view.status !== 'open') return [];
  const found: Deadline[] = [];
  const add = (name: string, at: string | null | undefined, businessDays = false) => {
    if (at && Date.parse(at) > now) found.push({ name, at, businessDays });
  };
  if (view.qrCode && !view.qrCode.expired && SCAN_STEPS.has(view.step)) add('qrCode', view.qrCode.expiresAt);
  if (view.recharge) add('recharge', view.recharge.deadline);
  const remittance = view.remittance;
  if (remittance && view.step === 'in_review') add('reviewDueAt', remittance.reviewDueAt, true);
  if (remittance && PAYOUT_STEPS.has(view.step)) {
    add('deliveryDueAt', remittance.deliveryDueAt, true);
    add('deliveryDeadline', remittance.deliveryDeadline);
  }
  if (remittance && AMOUNT_STEPS.has(view.step)) add('amountDeadline', remittance.amountDeadline);
  for (const [name, at] of Object.entries(view.deadlines)) add(name, at);
  return found.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

function nextBlock(view: PageView, ctx: RenderContext, t: (text: Localised) => string): string {
  const deadlines = deadlinesOf(view, ctx.now);
  if (deadlines.length === 0) return `<aside id="next"><h2>${esc(t(PAGE_TEXTS.nextTitle))}</h2><p>${esc(t(PAGE_TEXTS.nothingNext))}</p></aside>`;
  const today = chinaDate(ctx.now);
  const items = deadlines.map((deadline) => {
    const day = chinaDate(Date.parse(deadline.at));
    const count = deadline.businessDays ? businessDaysBetween(today, day, ctx.calendarThrough(day)) : null;
    const label = DEADLINE_TEXTS[deadline.name] ? t(DEADLINE_TEXTS[deadline.name]!) : deadline.name;
    return `<li data-deadline="${esc(deadline.name)}"><span>${esc(label)}</span> <time datetime="${esc(deadline.at)}">${esc(chinaTime(deadline.at))}</time>${
      count === null ? '' : ` <small class="business-days">(${esc(count)} ${esc(t(PAGE_TEXTS.businessDaysLeft))})</small>`
    }</li>`;
  });
  return `<aside id="next"><h2>${esc(t(PAGE_TEXTS.nextTitle))}</h2><ul>${items.join('')}</ul></aside>`;
}

/** The panel: the current step, what to do in it, and what happens next. */
export function renderPanel(view: PageView, ctx: RenderContext): string {
  const t = (text: Localised) => text[ctx.language];
  const step = STEP_TEXTS[view.step];
  const body =
    view.status === 'open'
      ? [faceBlock(view, t), codeBlock(view, ctx, t), rechargeBlock(view, t), remittanceBlock(view, t), rejectedBlock(view, t)].join('\n')
      : outcomeBlock(view, t, ctx.language);
  return `<section id="status" data-status="${esc(view.status)}" data-step="${esc(view.step)}">
<p class="step">${esc(t(PAGE_TEXTS.currentStep))}: <strong id="step">${esc(step ? t(step) : view.step)}</strong> <small>(${esc(view.step)})</small></p>
${body}
</section>
${nextBlock(view, ctx, t)}`;
}

/** The whole page: the panel inside, the texts the script needs, no inline script or style. */
export function renderPage(view: PageView, ctx: RenderContext & { streamUrl: string }): string {
  const t = (text: Localised) => text[ctx.language];
  const settings = { base: ctx.base, streamUrl: ctx.streamUrl, language: ctx.language, texts: { offline: t(PAGE_TEXTS.offline), linkExpired: t(PAGE_TEXTS.linkExpired), refused: t(PAGE_TEXTS.refused), amountInvalid: t(PAGE_TEXTS.amountInvalid), amountRight: t(PAGE_TEXTS.amountRight), amountWrong: t(PAGE_TEXTS.amountWrong) } };
  return `<!doctype html>
<html lang="${ctx.language === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(t(PAGE_TEXTS.title))}</title>
<link rel="stylesheet" href="/verify/assets/verify.css">
<script id="page-settings" type="application/json">${JSON.stringify(settings).replace(/</g, '\\u003c')}</script>
<script src="/verify/assets/verify.js" defer></script>
</head>
<body>
<header><h1>${esc(t(PAGE_TEXTS.title))}</h1><p class="process">${esc(t(PAGE_TEXTS.process))} <code>${esc(view.processId)}</code> <span id="live" hidden>${esc(t(PAGE_TEXTS.live))}</span></p></header>
<main>
<p id="message" role="status" hidden></p>
<div id="panel">
${renderPanel(view, ctx)}
</div>
</main>
</body>
</html>
`;
}
