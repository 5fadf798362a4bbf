import pino, { type Logger } from 'pino';

// Personal data never reaches a log in clear text: these paths are censored
// wherever they appear in a logged object.
const PERSONAL_DATA_PATHS = [
  'name', 'documentNumber', 'birthDate', 'address', 'mobile', 'phone', 'email', 'idNumber', 'bankAccount',
  '*.name', '*.documentNumber', '*.birthDate', '*.address', '*.mobile', '*.phone', '*.email', '*.idNumber', '*.bankAccount',
  '*.*.name', '*.*.documentNumber', '*.*.birthDate', '*.*.address', '*.*.mobile', '*.*.idNumber',
  'req.headers.authorization',
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    { level: options.level ?? process.env.LOG_LEVEL ?? 'info', redact: { paths: PERSONAL_DATA_PATHS, censor: '[redacted]' } },
    options.destination,
  );
}

export type { Logger };
