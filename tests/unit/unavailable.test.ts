import { NamespaceNotFoundError } from '@temporalio/client';
import { isUnavailable } from '../../api/unavailable';
import { Prisma } from '../../generated/prisma/client';

const known = (code: string, cause?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError('failed', { code, clientVersion: 'test', meta: cause ? { driverAdapterError: { name: 'DriverAdapterError', cause } } : undefined });

// What Prisma 7 with the pg adapter throws while PostgreSQL stops, is down and starts (seen in tests/faults/postgres-outage.test.ts).
describe('a dependency that is down answers 503, not 500', () => {
  it.each([
    ['unreachable (P1001)', known('P1001', { kind: 'DatabaseNotReachable' })],
    ['connection closed (P1017)', known('P1017', { kind: 'ConnectionClosed' })],
    ['shutting down (57P03 in P2039)', known('P2039', { kind: 'postgres', code: '57P03', originalCode: '57P03' })],
    ['terminated by the administrator (57P01 in P2010)', known('P2010', { kind: 'postgres', code: '57P01' })],
    ['unreachable in a raw query (P2010)', known('P2010', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 })],
    ['connection closed in a raw query (P2010)', known('P2010', { kind: 'ConnectionClosed' })],
    ["pg's dropped connection", new Error('Connection terminated unexpectedly')],
    ["pg's pool with no connection free in time", new Error('timeout exceeded when trying to connect')],
    ['refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    // pg's own, from the paths that skip Prisma: what the adapter would have reported as DatabaseNotReachable, ConnectionClosed, SocketTimeout.
    ['a host not found', Object.assign(new Error('getaddrinfo ENOTFOUND db'), { code: 'ENOTFOUND' })],
    ['a connection reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a socket timeout', Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })],
    ['terminated by the administrator (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' })],
    ['starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03', severity: 'FATAL' })],
    ['too many connections (53300)', Object.assign(new Error('sorry, too many clients already'), { code: '53300', severity: 'FATAL' })],
    ["pg's connection timeout", new Error('Connection terminated due to connection timeout')],
    ["pg's broken connection, queried again", new Error('Client has encountered a connection error and is not queryable')],
    // Issue 17: how a Temporal cluster with its PostgreSQL down refuses a workflow start.
    ["Temporal's namespace registry unable to read", new NamespaceNotFoundError('default')],
    ['the same, as update-with-start raises it (a bare gRPC error)', Object.assign(new Error('Namespace default is not found.'), { code: 5 })],
    ['a bare gRPC UNAVAILABLE', Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 })],
  ])('%s is unavailable', (_, error) => {
    expect(isUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', known('P2002')],
    ['a missing table (P2021)', known('P2021', { kind: 'TableDoesNotExist', originalCode: '42P01' })],
    ['another database error', known('P2039', { kind: 'postgres', code: '22P02' })],
    ['a plain bug', new TypeError('x is undefined')],
    ["pg's unique violation", Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', severity: 'ERROR' })],
    ["pg's syntax error", Object.assign(new Error('syntax error at or near "x"'), { code: '42601', severity: 'ERROR' })],
    ['a gRPC NOT_FOUND of a workflow', Object.assign(new Error('5 NOT_FOUND: workflow execution not found'), { code: 5 })],
  ])('%s is not', (_, error) => {
    expect(isUnavailable(error)).toBe(false);
  });
});
