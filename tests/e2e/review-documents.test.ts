import { randomUUID } from 'node:crypto';
import { sealedPlaces, seal } from '../../prisma/sealed';
import { http, startSystem, uniqueId, uploadDocument, type RunningSystem } from '../support/system';

// Security finding 6 over HTTP: reviews created before the API checked whose
// documents a process names may list another account's document. The review
// API links only documents of the review's account, checked when it is shown.
describe("review documents of another account (security finding 6), over HTTP", () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(async () => {
    await system.stop();
  });

  async function account() {
    const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'review documents' } })).body.id as string;
    return { accountId, token: await system.holderToken(accountId) };
  }

  it("security finding 6: a review naming another account's document shows it with url null and refused, and its own with a link", async () => {
    const holder = await account();
    const other = await account();
    const own = await uploadDocument(system, holder.token, 'business_licence');
    const foreign = await uploadDocument(system, other.token, 'registry_change_proof');
    const unknown = `doc_${randomUUID().replace(/-/g, '')}`;
    // A review as one made before the ownership check was stored.
    const reviewId = `rev_${randomUUID().replace(/-/g, '')}`;
    await system.db.review.create({
      data: {
        id: reviewId,
        processId: `prc_${randomUUID().replace(/-/g, '')}`,
        accountId: holder.accountId,
        workflowId: `review-${reviewId}`,
        kind: 'enterprise_name',
        status: 'pending',
        materials: seal(
          { documents: { licence: own, changeProof: foreign, applicationForm: unknown }, fields: { kind: 'enterprise_name' } },
          system.config.payloadKeys,
          sealedPlaces.reviewMaterials(reviewId),
        ) as object,
        rules: ['R-C6'],
        dueAt: new Date(Date.now() + 86_400_000),
      },
    });
    try {
      const shown = await http(system, 'GET', `/v1/reviews/${reviewId}`, { token: system.operatorToken });
      expect(shown.status).toBe(200);
      expect(shown.body.materials.documents).toEqual({
        licence: { documentId: own, url: `/v1/documents/${own}`, refused: null },
        changeProof: { documentId: foreign, url: null, refused: 'not-the-accounts-document' },
        applicationForm: { documentId: unknown, url: null, refused: 'not-the-accounts-document' },
      });
    } finally {
      await system.db.review.delete({ where: { id: reviewId } });
    }
  });
});
