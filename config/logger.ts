import pino, { type Logger } from 'pino';

// Personal data never reaches a log in clear text: these paths are censored
// wherever they appear in a logged object.
const PERSONAL_DATA_PATHS = [
  'name', 'documentNumber', 'birthDate', 'address', 'mobile', 'phone', 'email', 'idNumber', 'bankAccount',
  '*.name', '*.documentNumber', '*.birthDate', '*.address', '*.mobile', '*.phone', '*.email', '*.idNumber', '*.bankAccount',
  '*.*.name', '*.*.documentNumber', '*.*.birthDate', '*.*.address', '*.*.mobile', '*.*.idNumber',
  'req.headers.authorization',
];

/** Where an error is logged (pino's err serializer, `{ err: { name, message } }`): its `name` there is its class, no person's. */
const ERROR_KEYS = new Set(['err', 'error']);
// Named here as well so that pino censors these keys knowing their name: under `*.name` it passes the
// censor no top-level key (a symbol stands for it), and `err.name` could not be told from `applicant.name`.
const ERROR_NAME_PATHS = [...ERROR_KEYS].map((key) => `${key}.name`);
/**
 * An error class's name: one ending as error classes do ('TypeError', 'PrismaClientKnownRequestError',
 * 'ApplicationFailure'), or one of our own below. Any other identifier could be a person's ('ZhangWei').
 */
const ERROR_CLASS_NAME = /^(?:[A-Za-z_$][\w$]{0,99})?(Error|Exception|Failure)$/;
/** Our error classes whose names end otherwise; a test keeps this list complete. */
export const OWN_ERROR_NAMES: ReadonlySet<string> = new Set([
  'EmbeddedPostgresUnavailable', 'InvariantViolated', 'MissingAdapters', 'NoAnswerInTime', 'NonPublicAddress',
  'NoticeTimeout', 'OperatorAlertTimeout', 'RecordMissing', 'RefundTimeout', 'WebhookLookupBusy',
]);

const isErrorClassName = (value: string): boolean => ERROR_CLASS_NAME.test(value) || OWN_ERROR_NAMES.has(value);

const REDACTED = '[redacted]';

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * pino's err serializer, whose `stack` begins with the error's name (`Name: message`, and `caused by: Name: …`
 * for each cause): a name that is no error class's is censored there too, as under `err.name`.
 */
function serializeError(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const serialized = pino.stdSerializers.err(value);
  if (typeof serialized.stack !== 'string') return serialized;
  let stack = serialized.stack;
  let error: unknown = value;
  for (let depth = 0; error instanceof Error && depth < 10; depth++, error = error.cause) {
    if (!isErrorClassName(error.name)) stack = stack.replace(new RegExp(`^(caused by: )?${escaped(error.name)}(?=:|$)`, 'gm'), `$1${REDACTED}`);
  }
  return { ...serialized, stack };
}

/** Censors every path above, but lets an error's name through: without it no error log line says what failed. */
function censor(value: unknown, path: Array<string | symbol>): unknown {
  const key = path.at(-2);
  const errorName = path.at(-1) === 'name' && typeof key === 'string' && ERROR_KEYS.has(key);
  return errorName && typeof value === 'string' && isErrorClassName(value) ? value : REDACTED;
}

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      serializers: { err: serializeError },
      redact: { paths: [...PERSONAL_DATA_PATHS, ...ERROR_NAME_PATHS], censor },
    },
    options.destination,
  );
}

export type { Logger };
