import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { dataConverter } from '../codec/data-converter';
import { loadConfig } from '../config';
import { testEnvironment } from './support/environment';
import { installQuietRuntime } from './support/runtime';

const HISTORIES = join(__dirname, 'histories');

// Histories recorded by `npm run record-histories` from real runs. A change to
// workflow code that would break processes already running fails here: such a
// change needs patched(). Recordings of the code before such a change move to a
// subfolder named after it and keep replaying, since processes of that age may
// still be running; the top level holds the current code's.
describe('replay of recorded histories', () => {
  const files = readdirSync(HISTORIES, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .sort();

  it('has recorded histories of the current code and of the code before each patch', () => {
    expect(files.filter((file) => !file.includes('/')).length).toBeGreaterThan(0);
    for (const patch of ['before-local-activities/', 'before-stages/', 'before-revision-2/', 'before-capabilities/', 'before-enterprise-part-as-child/', 'before-amount-entry-judged-past-deadline/', 'before-unheard-payments/', 'before-legal-representative-by-registry/', 'before-part-attachment-finishes/', 'before-limit-before-payout/', 'before-review-writes-finish/', 'before-rename-by-registry/', 'before-revocation-passed-as-signal/']) {
      expect(files.filter((file) => file.startsWith(patch)).length).toBeGreaterThan(0);
    }
  });

  it('replays every recorded history with the current workflow code without nondeterminism', async () => {
    installQuietRuntime();
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, file), 'utf8'))),
    }));
    const replayed: string[] = [];
    for await (const result of Worker.runReplayHistories(
      // The sandbox key ring: histories recorded encrypted use it; those recorded
      // before encryption hold plain payloads, which only replay may accept.
      { workflowBundle: { codePath: testEnvironment().workflowBundlePath }, dataConverter: dataConverter(loadConfig({}), 'accept') },
      histories,
    )) {
      expect([result.workflowId, result.error]).toEqual([result.workflowId, undefined]);
      replayed.push(result.workflowId);
    }
    expect(replayed.sort()).toEqual(histories.map((h) => h.workflowId).sort());
  });
});
