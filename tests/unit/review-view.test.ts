import { maskedMaterials } from '../../api/review-view';

// Security finding 6: a review made before the API checked whose documents a
// process names may hold another account's document id; the review view links
// only documents of the review's account, found at display time.
const OWN = `doc_${'1'.repeat(32)}`;
const FOREIGN = `doc_${'2'.repeat(32)}`;

describe('review materials as the review API shows them (security finding 6)', () => {
  it("security finding 6: links a document of the review's account, and gives another account's (or an unknown) id url null, refused", () => {
    const shown = maskedMaterials({ documents: { licence: OWN, changeProof: FOREIGN, applicationForm: '../accounts/acc_1/subject/unmasked' }, fields: {} }, new Set([OWN]));
    expect(shown.documents).toEqual({
      licence: { documentId: OWN, url: `/v1/documents/${OWN}`, refused: null },
      changeProof: { documentId: FOREIGN, url: null, refused: 'not-the-accounts-document' },
      applicationForm: { documentId: '../accounts/acc_1/subject/unmasked', url: null, refused: 'not-a-document-id' },
    });
  });

  it('security finding 6: links nothing when the account holds none of the ids', () => {
    const shown = maskedMaterials({ documents: { licence: OWN }, fields: {} }, new Set());
    expect(shown.documents.licence).toEqual({ documentId: OWN, url: null, refused: 'not-the-accounts-document' });
  });
});
