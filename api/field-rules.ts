/**
 * The rule each request field answers to, for shape errors (a missing field, an
 * empty name, a malformed date) that zod finds before the rules' own checks:
 * the problem names the rule as those checks do. Business-rule fields only;
 * a field of no rule (an id, a cursor) names none.
 */
const FIELD_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // R-P3: permit holders state their birth date.
  [/^(applicant|newIndividual)\.birthDate$/, 'R-P3'],
  // R-P1: an individual's basic information, for a verification or a change to another individual.
  [/^(applicant|newIndividual)(\.|$)/, 'R-P1'],
  // R-E4: the enterprise's method in a change's enterprise part (a start's top-level method may be an individual's).
  [/^enterprise\.method$/, 'R-E4'],
  // In a change's enterprise part, the method's own details: R-E6's remittance, R-E4's legal person.
  [/^enterprise\.remittance(\.|$)/, 'R-E6'],
  [/^enterprise\.legalPerson(\.|$)/, 'R-E4'],
  // R-E2: the enterprise's basic information, in a start (enterprise.*) or a change (enterprise.enterprise.*).
  [/^enterprise(\.enterprise)?(\.|$)/, 'R-E2'],
  // The changes' own parts: R-C5.2's pre-change legal person and new entity, R-C6's new name, R-C7's new representative.
  [/^(preChangeLegalPerson|newEntity)(\.|$)/, 'R-C5'],
  [/^newName$/, 'R-C6'],
  [/^legalRepresentative(\.|$)/, 'R-C7'],
];

export function ruleOfField(field: string): string | undefined {
  return FIELD_RULES.find(([pattern]) => pattern.test(field))?.[1];
}
