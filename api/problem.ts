import type { Context } from 'hono';

export interface FieldProblem {
  field: string;
  message: string;
  /** The rule book id the field breaks, when a business rule (not just shape) is at stake. */
  rule?: string;
}

export interface Problem {
  status: number;
  type: string;
  title: string;
  detail?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** Thrown anywhere in a request; the app's error handler answers it as RFC 9457 problem+json. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem, readonly headers: Record<string, string> = {}) {
    super(problem.detail ?? problem.title);
  }
}

export function problemResponse(c: Context, problem: Problem, headers: Record<string, string> = {}): Response {
  return c.body(JSON.stringify({ ...problem, type: `https://realname.example/problems/${problem.type}` }), problem.status as 400, {
    'content-type': 'application/problem+json',
    ...headers,
  });
}

export const problems = {
  validation: (errors: FieldProblem[]): ProblemError =>
    new ProblemError({ status: 400, type: 'validation', title: 'The request is not valid', detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors }),
  unauthorized: (detail: string): ProblemError =>
    new ProblemError({ status: 401, type: 'unauthorized', title: 'Authentication required', detail }, { 'www-authenticate': 'Bearer' }),
  forbidden: (detail: string): ProblemError => new ProblemError({ status: 403, type: 'forbidden', title: 'Not allowed', detail }),
  notFound: (what: string): ProblemError => new ProblemError({ status: 404, type: 'not-found', title: 'Not found', detail: `${what} does not exist` }),
  conflict: (type: string, detail: string, extensions: Record<string, unknown> = {}): ProblemError =>
    new ProblemError({ status: 409, type, title: 'Conflict with the current state', detail, ...extensions }),
  unavailable: (detail: string): ProblemError =>
    new ProblemError({ status: 503, type: 'unavailable', title: 'Temporarily unavailable', detail }, { 'retry-after': '5' }),
};
