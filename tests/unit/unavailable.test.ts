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
  ])('%s is unavailable', (_, error) => {
    expect(isUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', known('P2002')],
    ['a missing table (P2021)', known('P2021', { kind: 'TableDoesNotExist', originalCode: '42P01' })],
    ['another database error', known('P2039', { kind: 'postgres', code: '22P02' })],
    ['a plain bug', new TypeError('x is undefined')],
  ])('%s is not', (_, error) => {
    expect(isUnavailable(error)).toBe(false);
  });
});
