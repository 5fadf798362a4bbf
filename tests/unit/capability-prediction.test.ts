import { randomUUID } from 'node:crypto';
import { alea } from '@temporalio/workflow/lib/alea';
import { uuid4FromRandom } from '@temporalio/workflow/lib/random-helpers';
import { drawSmallAmount } from '../../domain';
import { predictNextRandoms } from '../support/uuid4-prediction';

// Security finding 1 (R-E6.4): the derivation that computed the payout amount
// from a process's face ticket and review id, run against the generator the
// workflows used, and against ids made the way they are made now.
describe('R-E6.4: a process shows nothing its amount can be derived from', () => {
  it('the derivation is real: from two uuid4s of the workflow generator it computes the amount drawn next, every time', () => {
    for (let run = 0; run < 50; run++) {
      const random = alea([Math.floor(Math.random() * 2 ** 32), run]);
      const ticket = uuid4FromRandom(random);
      const reviewId = uuid4FromRandom(random);
      const amount = drawSmallAmount(random);
      const [next] = predictNextRandoms(ticket, reviewId, 1) ?? [];
      expect(next).toBeDefined();
      expect(drawSmallAmount(() => next!)).toBe(amount);
    }
  });

  it('against ids from a cryptographic source it finds no generator state at all', () => {
    for (let run = 0; run < 50; run++) expect(predictNextRandoms(randomUUID(), randomUUID(), 1)).toBeNull();
  });
});
