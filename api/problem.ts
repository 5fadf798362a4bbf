import type { Context } from 'hono';
import { LANGUAGE_TAGS, negotiateLanguage, type Language } from '../domain/language';
import { fieldMessage, PROBLEM_DETAILS, PROBLEM_TITLES, problemTitle, type Localised } from '../domain/texts';

export interface FieldProblem {
  field: string;
  message: string;
  /** The rule book id the field breaks, when a business rule (not just shape) is at stake. */
  rule?: string;
  /** The message in both languages, when the catalogue (domain/texts.ts) composed it; never answered as such. */
  text?: Localised;
}

export interface Problem {
  status: number;
  type: string;
  title: string;
  detail?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** A detail given as English only (answered as it is in both languages) or from the catalogue in both. */
export type DetailText = string | Localised;

const english = (text: DetailText): string => (typeof text === 'string' ? text : text.en);

/**
 * Thrown anywhere in a request; the app's error handler answers it as RFC 9457 problem+json.
 * `problem` is the English problem; `detail` carries the catalogue's texts
 * when its detail has them, for the holder's language (see problemResponse).
 */
export class ProblemError extends Error {
  constructor(readonly problem: Problem, readonly headers: Record<string, string> = {}, readonly detail?: Localised) {
    super(problem.detail ?? problem.title);
  }
}

/**
 * The problem in `language`: in English as it was made; in Chinese its title
 * by its type from the catalogue, its detail from the catalogue when it has
 * one (a validation problem's from its fields' messages), its fields'
 * messages translated. Types, field names, rule ids and extensions stay as
 * they are. A detail the catalogue has no Chinese for is answered in English.
 */
export function localise(problem: Problem, language: Language, detail?: Localised): Problem {
  const errors = problem.errors?.map(({ field, message, rule, text }) => ({
    field,
    message: text ? text[language] : fieldMessage(message, language),
    ...(rule !== undefined ? { rule } : {}),
  }));
  if (language === 'en') return { ...problem, ...(detail ? { detail: detail.en } : {}), ...(errors ? { errors } : {}) };
  const zhDetail = detail?.zh ?? (problem.type === 'validation' && errors ? validationDetail(errors) : problem.detail);
  return {
    ...problem,
    title: problemTitle(problem.type, problem.status, language) ?? problem.title,
    ...(zhDetail !== undefined ? { detail: zhDetail } : {}),
    ...(errors ? { errors } : {}),
  };
}

const validationDetail = (errors: Array<{ field: string; message: string }>): string => errors.map((e) => `${e.field}: ${e.message}`).join('; ');

/** Answers the problem in the language the request asks for (Accept-Language; Chinese by default). */
export function problemResponse(c: Context, problem: Problem, headers: Record<string, string> = {}, detail?: Localised): Response {
  const language = negotiateLanguage(c.req.header('accept-language'));
  const answered = localise(problem, language, detail);
  return c.body(JSON.stringify({ ...answered, type: `https://realname.example/problems/${problem.type}` }), problem.status as 400, {
    'content-type': 'application/problem+json',
    'content-language': LANGUAGE_TAGS[language],
    vary: 'Accept-Language',
    ...headers,
  });
}

export const problems = {
  validation: (errors: FieldProblem[]): ProblemError =>
    new ProblemError({
      status: 400,
      type: 'validation',
      title: PROBLEM_TITLES.validation.en,
      detail: validationDetail(errors.map((e) => ({ field: e.field, message: e.text?.en ?? e.message }))),
      errors,
    }),
  unauthorized: (detail: DetailText): ProblemError =>
    new ProblemError(
      { status: 401, type: 'unauthorized', title: PROBLEM_TITLES.unauthorized.en, detail: english(detail) },
      { 'www-authenticate': 'Bearer' },
      typeof detail === 'string' ? undefined : detail,
    ),
  forbidden: (detail: DetailText): ProblemError =>
    new ProblemError({ status: 403, type: 'forbidden', title: PROBLEM_TITLES.forbidden.en, detail: english(detail) }, {}, typeof detail === 'string' ? undefined : detail),
  notFound: (what: string): ProblemError => {
    const detail = PROBLEM_DETAILS.notFound(what);
    return new ProblemError({ status: 404, type: 'not-found', title: PROBLEM_TITLES['not-found'].en, detail: detail.en }, {}, detail);
  },
  conflict: (type: string, detail: DetailText, extensions: Record<string, unknown> = {}): ProblemError =>
    new ProblemError({ status: 409, type, title: PROBLEM_TITLES.conflict.en, detail: english(detail), ...extensions }, {}, typeof detail === 'string' ? undefined : detail),
  unavailable: (detail: DetailText): ProblemError =>
    new ProblemError(
      { status: 503, type: 'unavailable', title: PROBLEM_TITLES.unavailable.en, detail: english(detail) },
      { 'retry-after': '5' },
      typeof detail === 'string' ? undefined : detail,
    ),
};
