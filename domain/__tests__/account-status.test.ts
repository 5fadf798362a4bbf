import { mayStartVerification } from '../account-status';

describe('account status (R-G1, R-G4)', () => {
  it('R-G1: an unverified account may start a verification', () => {
    expect(mayStartVerification('unverified')).toBe(true);
  });

  it.each(['individual', 'enterprise'])('R-G4: a %s account changes its subject instead of verifying again', (status) => {
    expect(mayStartVerification(status)).toBe(false);
  });
});
