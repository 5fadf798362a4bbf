/**
 * What a workflow's refusal of a request may name, as its failure's details:
 * the field of the request and the rule it breaks. The API's problem names
 * them beside the catalogue's type (api/start-process.ts updateRefusal), as a
 * validation problem names its fields.
 */
export interface RefusedField {
  field: string;
  rule: string;
}

export function isRefusedField(value: unknown): value is RefusedField {
  return typeof value === 'object' && value !== null && typeof (value as RefusedField).field === 'string' && typeof (value as RefusedField).rule === 'string';
}
