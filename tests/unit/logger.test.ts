import { Writable } from 'node:stream';
import { createLogger } from '../../config/logger';

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
});
