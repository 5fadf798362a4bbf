import { Writable } from 'node:stream';
import { execFileSync } from 'node:child_process';
import { createLogger, OWN_ERROR_NAMES } from '../../config/logger';

class OwnFailure extends Error {
  override name = 'RefundTimeout';
}

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

describe('structured logs', () => {
  it('censors personal data wherever it appears in a logged object', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        applicant: { name: '张三', documentNumber: '11010519491231002X', birthDate: '1949-12-31', address: '北京市' },
        contact: { mobile: '13800138000' },
        name: '李四',
        processId: 'prc_1',
      },
      'verification started',
    );
    const text = lines.join('');
    for (const secret of ['张三', '11010519491231002X', '1949-12-31', '北京市', '13800138000', '李四']) {
      expect(text).not.toContain(secret);
    }
    expect(JSON.parse(text)).toMatchObject({ processId: 'prc_1', applicant: { documentNumber: '[redacted]' }, msg: 'verification started' });
  });

  it('never writes the bearer token of a logged request', () => {
    const { lines, logger } = capture();
    logger.info({ req: { headers: { authorization: 'Bearer secret-token' } } }, 'request');
    expect(lines.join('')).not.toContain('secret-token');
  });

  it("keeps an error's name where errors are logged (err, error), which '*.name' censored in every error line, and still censors a person's name", () => {
    const { lines, logger } = capture();
    class ReviewClaimedError extends Error {
      override name = 'ReviewClaimedError';
    }
    logger.error({ err: new ReviewClaimedError('claimed') }, 'an Error');
    logger.error(new TypeError('bad'));
    logger.error({ err: { message: 'no', name: 'PrismaClientKnownRequestError' } }, 'unhandled error');
    logger.warn({ transactionId: 'tx_1', err: { name: 'AbortError' } }, 'operator alert not sent');
    logger.warn({ notice: { id: 'ntc_1', error: { name: 'SmtpError' } } }, 'nested');
    logger.info({ applicant: { name: '张三' }, err: { name: '李四' }, error: { name: 'Wang Wu' }, person: { contact: { name: 'Zhao Liu' } }, name: 'Sun Qi' }, 'names');
    // A name written as one identifier is still a person's, unless it is an error class's.
    logger.warn({ err: { name: 'ZhangWei' }, error: { name: 'LiNa' } }, 'identifier-shaped names');
    logger.warn({ err: new OwnFailure('late') }, 'own class');
    const [classed, thrown, unhandled, alert, nested, names, identifiers, own] = lines.map((line) => JSON.parse(line));
    expect(classed.err).toMatchObject({ type: 'ReviewClaimedError', name: 'ReviewClaimedError', message: 'claimed' });
    expect(thrown.err).toMatchObject({ type: 'TypeError', message: 'bad' });
    expect(unhandled.err).toMatchObject({ name: 'PrismaClientKnownRequestError', message: 'no' });
    expect(alert).toMatchObject({ transactionId: 'tx_1', err: { name: 'AbortError' } });
    expect(nested.notice.error).toEqual({ name: 'SmtpError' });
    // A person's name stays censored, under err too when it is no error class's name.
    expect(names).toMatchObject({
      applicant: { name: '[redacted]' },
      err: { name: '[redacted]' },
      error: { name: '[redacted]' },
      person: { contact: { name: '[redacted]' } },
      name: '[redacted]',
    });
    expect(identifiers).toMatchObject({ err: { name: '[redacted]' }, error: { name: '[redacted]' } });
    expect(own.err).toMatchObject({ name: 'RefundTimeout', message: 'late' });
    for (const person of ['张三', '李四', 'Wang Wu', 'Zhao Liu', 'Sun Qi', 'ZhangWei', 'LiNa']) expect(lines.join('')).not.toContain(person);
  });

  it('lets the name of every error class of ours through, so a new class whose name does not end in Error is listed, and lists no class that is gone', () => {
    const declared = execFileSync('git', ['grep', '-hoE', `(override (readonly )?name = |this\\.name = )['"][A-Za-z]+['"]`, '--', '*.ts', ':!tests/**'], { encoding: 'utf8' })
      .split('\n').filter(Boolean).map((line) => /['"]([A-Za-z]+)['"]/.exec(line)![1]!);
    expect(declared.length).toBeGreaterThanOrEqual(OWN_ERROR_NAMES.size);
    for (const name of OWN_ERROR_NAMES) expect(declared).toContain(name);
    const { lines, logger } = capture();
    for (const name of declared) logger.error({ err: { name } }, 'declared');
    expect(lines.map((line) => JSON.parse(line).err.name)).toEqual(declared);
  });

  it("censors a person's name in a thrown error's stack, where pino writes the name again, causes included; a class's name and the frames stay", () => {
    const { lines, logger } = capture();
    const named = new Error('lookup failed');
    named.name = 'ZhangWei';
    logger.error({ err: named }, 'thrown');
    const cause = new Error('inner');
    cause.name = 'Li Na';
    logger.error({ err: new TypeError('outer', { cause }) }, 'with cause');
    logger.error({ err: new Error('plain') }, 'plain');
    logger.error({ err: { name: 'Error', message: 'plain object' } }, 'plain object');
    const [thrown, caused, plain, object] = lines.map((line) => JSON.parse(line));
    expect(thrown.err.stack).toMatch(/^\[redacted\]: lookup failed\n\s+at /);
    expect(caused.err.stack).toMatch(/^TypeError: outer\n/);
    expect(plain.err.stack).toMatch(/^Error: plain\n\s+at /);
    expect(object.err).toEqual({ name: 'Error', message: 'plain object' });
    expect(lines.join('')).not.toMatch(/ZhangWei|Li Na/);
  });
});
