/**
 * One-line summaries of the rules a review checks, keyed by rule id, shown next to the
 * materials. The full text is the rule book (shared/spec/rules.md); keep these in step with it.
 */
export const REVIEW_RULE_SUMMARIES: Readonly<Record<string, string>> = {
  'R-E2':
    'Basic information: licence type; a colour image of the licence (JPG/PNG, ≤ 5 MB); the enterprise name exactly as on the licence; a valid credit code; address; contact name, mainland ID and mobile.',
  'R-E6':
    'Corporate remittance: bank account in the enterprise’s name, legal person’s name and ID with photos holding the ID (emblem and portrait sides), a handler who passed a face check; reviewed within 2 business days.',
  'R-C5':
    'Entity change: application form, the original entity’s licence (or deregistration proof), legal person holding the ID card, both sides; reviewed within 1 business day; rejected materials may be resubmitted.',
  'R-C6':
    'Name change without automatic update: application form, the registry’s change proof and the current licence; reviewed within 1 business day; rejected materials may be resubmitted.',
};
