import type { Context } from 'hono';
import { LANGUAGE_TAGS, negotiateLanguage, type Language } from '../domain/language';
import { fieldMessage, PROBLEM_DETAILS, PROBLEM_TITLES, problemTitle, type Localised, type ProblemTitleType } from '../domain/texts';

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
 * The problem in `language`: its title by its type from the catalogue (in
 * both languages), its detail from the catalogue when it has one (a
 * validation problem's from its fields' messages), its fields' messages
 * translated. Types, field names, rule ids and extensions stay as they are.
 * A detail the catalogue has no Chinese for is answered in English.
 */
export function localise(problem: Problem, language: Language, detail?: Localised): Problem {
  const errors = problem.errors?.map(({ field, message, rule, text }) => ({
    field,
    message: text ? text[language] : fieldMessage(message, language),
    ...(rule !== undefined ? { rule } : {}),
  }));
  const title = problemTitle(problem.type, problem.status, language) ?? problem.title;
  if (language === 'en') return { ...problem, title, ...(detail ? { detail: detail.en } : {}), ...(errors ? { errors } : {}) };
  const zhDetail = detail?.zh ?? (problem.type === 'validation' && errors ? validationDetail(errors) : problem.detail);
  return {
    ...problem,
    title,
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

/** A problem of a catalogued type (domain/texts.ts): its title the catalogue's, its detail in both languages. */
export function refusal(status: number, type: ProblemTitleType, detail: Localised, extensions: Record<string, unknown> = {}, headers: Record<string, string> = {}): ProblemError {
  return new ProblemError({ status, type, title: PROBLEM_TITLES[type].en, detail: detail.en, ...extensions }, headers, detail);
}

/** Every detail comes from the catalogue (PROBLEM_DETAILS), in both languages: tests/unit/problem-catalogue.test.ts holds api/ to it. */
export const problems = {
  validation: (errors: FieldProblem[]): ProblemError =>
    new ProblemError({
      status: 400,
      type: 'validation',
      title: PROBLEM_TITLES.validation.en,
      detail: validationDetail(errors.map((e) => ({ field: e.field, message: e.text?.en ?? e.message }))),
      errors,
    }),
  unauthorized: (detail: Localised): ProblemError => refusal(401, 'unauthorized', detail, {}, { 'www-authenticate': 'Bearer' }),
  forbidden: (detail: Localised): ProblemError => refusal(403, 'forbidden', detail),
  notFound: (what: string): ProblemError => refusal(404, 'not-found', PROBLEM_DETAILS.notFound(what)),
  conflict: (type: ProblemTitleType, detail: Localised, extensions: Record<string, unknown> = {}): ProblemError => refusal(409, type, detail, extensions),
  unavailable: (detail: Localised): ProblemError => refusal(503, 'unavailable', detail, {}, { 'retry-after': '5' }),
};
