import type { Database } from '../../prisma/client';

/** Removes a test account and what its processes wrote (platform events, steps, the processes): the rows webhook tests create. */
export async function deleteAccountWithProcesses(db: Database, accountId: string): Promise<void> {
  await db.platformEvent.deleteMany({ where: { accountId } });
  const processIds = (await db.process.findMany({ where: { accountId }, select: { id: true } })).map((p) => p.id);
  await db.processStep.deleteMany({ where: { processId: { in: processIds } } });
  await db.process.deleteMany({ where: { accountId } });
  await db.account.delete({ where: { id: accountId } });
}
