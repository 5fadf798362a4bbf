import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FAILURES, failureKind, InvariantViolated, isFailureType, NON_RETRYABLE_FAILURE_TYPES, RecordMissing, UNLISTED_REFUSAL } from '../failures';

/** Every failure type workflow code raises: `refuse('Type', …)` and `ApplicationFailure.create({ type: 'Type', … })`. */
function typesRaisedByWorkflows(): string[] {
  const root = join(__dirname, '..', '..', 'workflows');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) files.push(path);
    }
  };
  walk(root);
  const types = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/refuse\(\s*'([A-Za-z]+)'/g)) types.add(match[1]!);
    for (const match of text.matchAll(/ApplicationFailure\.create\(\{\s*type:\s*'([A-Za-z]+)'/g)) types.add(match[1]!);
    for (const match of text.matchAll(/_FAILURE = '([A-Za-z]+)'/g)) types.add(match[1]!);
  }
  return [...types].sort();
}

describe('the failure catalogue', () => {
  it('lists every failure type a workflow raises, so the API answers each with its own status', () => {
    const raised = typesRaisedByWorkflows();
    expect(raised).toEqual(expect.arrayContaining(['ProcessNotOpen', 'QrCodeInUse', 'ReviewClosed', 'UnsealedPayloadRefused']));
    expect(raised.filter((type) => !isFailureType(type))).toEqual([]);
  });

  it('a refusal of the process state is a 409 with its own problem type; one of what the request carries is a 422', () => {
    expect(failureKind('QrCodeInUse')).toEqual({ retryable: false, status: 409, problem: 'qr-code-in-use', title: expect.any(String), showMessage: true });
    expect(failureKind('NoAmountAwaited')).toMatchObject({ status: 409, problem: 'no-amount-awaited' });
    // R-E6.5: an entry that reaches the process after its amount deadline.
    expect(failureKind('AmountWindowClosed')).toMatchObject({ status: 409, problem: 'amount-window-closed' });
    expect(failureKind('InvalidAmount')).toMatchObject({ status: 422, problem: 'invalid-amount', showMessage: true });
  });

  it('a permanent activity failure is not retried and its message is not shown to API callers', () => {
    for (const type of ['InvariantViolated', 'RecordMissing', 'InvalidActivityInput'] as const) {
      expect(FAILURES[type]).toMatchObject({ retryable: false, status: 500, showMessage: false });
    }
  });

  it('only a dependency that is down is retryable, and answered 503', () => {
    const retryable = Object.entries(FAILURES).filter(([, kind]) => kind.retryable).map(([type]) => type);
    expect(retryable).toEqual(['DependencyUnavailable']);
    expect(FAILURES.DependencyUnavailable.status).toBe(503);
    expect(NON_RETRYABLE_FAILURE_TYPES).not.toContain('DependencyUnavailable');
    expect(NON_RETRYABLE_FAILURE_TYPES).toEqual(expect.arrayContaining(['InvariantViolated', 'RecordMissing', 'InvalidActivityInput']));
  });

  it('a type it does not list, or none, is still a refusal (409), never a 500; names of Object.prototype are not types', () => {
    expect(failureKind('SomethingNew')).toBe(UNLISTED_REFUSAL);
    expect(failureKind(undefined)).toBe(UNLISTED_REFUSAL);
    expect(failureKind('constructor')).toBe(UNLISTED_REFUSAL);
    expect(isFailureType('toString')).toBe(false);
    expect(UNLISTED_REFUSAL).toMatchObject({ status: 409, problem: 'update-refused', retryable: false });
  });

  it('problem types are unique slugs, except the shared internal and unavailable ones', () => {
    const slugs = Object.values(FAILURES).map((kind) => kind.problem).filter((slug) => slug !== 'internal');
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('the error classes carry their catalogue type as their name, which Temporal takes as the failure type', () => {
    expect(new InvariantViolated('x').name).toBe('InvariantViolated');
    expect(new RecordMissing('x').name).toBe('RecordMissing');
    expect(new RecordMissing('x')).toBeInstanceOf(Error);
  });
});
