// R-P5: the identity that limits count is the document type plus the part of
// the number that identifies the person. For Hong Kong/Macao permits that is the
// first 9 characters (the last 2 count re-issues); otherwise the whole number.
export function identityKeyOf(documentType: string, documentNumber: string): string {
  const normalised = documentNumber.trim().toUpperCase();
  const personPart = documentType === 'hk_macao_permit' ? normalised.slice(0, 9) : normalised;
  return `${documentType}:${personPart}`;
}
