import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { EncryptionCodec } from '../../codec/encryption-codec';
import { applicant } from '../support/people';
import { eventually, http, postWebhook, startSystem, uniqueId, type RunningSystem } from '../support/system';

type JsonPayload = { metadata?: Record<string, string>; data?: string };

/** Every Payload anywhere in a history, as protobuf JSON puts it: base64 metadata and data. */
function payloadsIn(node: unknown, found: Array<{ path: string; payload: JsonPayload }> = [], path = ''): typeof found {
  if (Array.isArray(node)) node.forEach((item, index) => payloadsIn(item, found, `${path}[${index}]`));
  else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.metadata && typeof record.metadata === 'object' && ('data' in record || 'encoding' in (record.metadata as object))) {
      found.push({ path, payload: record as JsonPayload });
    }
    for (const [key, value] of Object.entries(record)) payloadsIn(value, found, `${path}.${key}`);
  }
  return found;
}

const decoded = (base64: string | undefined) => Buffer.from(base64 ?? '', 'base64').toString('utf8');

// Issue 6: what Temporal stores (and its Web UI shows to anyone) holds no personal data in clear.
const LOCAL_ACTIVITY_MARKER_FIELDS = ['activity_id', 'activity_type', 'attempt', 'backoff', 'complete_time', 'original_schedule_time', 'seq'];

describe('workflow history holds personal data only as ciphertext', () => {
  let system: RunningSystem;
  let raw: Client;
  let rawConnection: Connection;
  beforeAll(async () => {
    system = await startSystem();
    // A client as anyone with access to Temporal has one: no codec, no keys.
    rawConnection = await Connection.connect({ address: system.config.temporal.address! });
    raw = new Client({ connection: rawConnection, namespace: system.config.temporal.namespace });
  });
  afterAll(async () => {
    await rawConnection.close();
    await system.stop();
  });

  it('a verified individual process: no name or ID number in the raw history; the codec reads the input back', async () => {
    const created = await http(system, 'POST', '/v1/accounts', {
      token: system.operatorToken,
      body: { id: uniqueId('acc'), displayName: 'Encrypted history' },
    });
    const accountId = created.body.id as string;
    const token = await system.holderToken(accountId);
    const person = applicant({ name: '欧阳加密' });
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, {
      token,
      body: { type: 'individual', method: 'wechat_qr', applicant: person },
    });
    expect(started.status).toBe(201);
    const { processId, qrCode } = started.body;
    await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'scanned', ticket: qrCode.ticket });
    await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.step === 'awaiting_authorization');
    const realName = { name: person.name, documentNumber: person.documentNumber };
    await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'authorized', ticket: qrCode.ticket, realName });
    const done = await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.status !== 'open');
    expect(done.body.status).toBe('verified');

    const history = await raw.workflow.getHandle(`account-process-${accountId}`).fetchHistory();
    const json = historyToJSON(history);
    const tree = JSON.parse(json) as unknown;
    const payloads = payloadsIn(tree);
    // The process carried input, signals, an update and activity calls: many payloads to check.
    expect(payloads.length).toBeGreaterThan(10);

    const leaks = [person.name, person.documentNumber, person.address];
    for (const secret of leaks) expect(json).not.toContain(secret);
    for (const { path, payload } of payloads) {
      const clear = `${decoded(payload.data)} ${Object.values(payload.metadata ?? {}).map(decoded).join(' ')}`;
      for (const secret of leaks) {
        if (clear.includes(secret)) throw new Error(`${secret} in clear at ${path}`);
      }
      // Search attributes are unencrypted by design (ids, kinds, methods, statuses), and so is what
      // the SDK writes in markers itself: a patch's name, a local activity's type, attempt and times.
      // A local activity's arguments and result go through the codec like any payload.
      if (path.includes('patch-data')) {
        expect(decoded(payload.data)).toMatch(/^\{"id":"[a-z-]+","deprecated":false\}$/);
        continue;
      }
      if (path.includes('markerRecordedEventAttributes.details.data.')) {
        expect(Object.keys(JSON.parse(decoded(payload.data)) as object).sort()).toEqual(LOCAL_ACTIVITY_MARKER_FIELDS);
        continue;
      }
      if (!path.includes('searchAttributes')) {
        expect([path, decoded(payload.metadata?.encoding)]).toEqual([path, 'binary/encrypted']);
        // Security finding 2: each is bound to this workflow, so it opens in no other.
        expect([path, decoded(payload.metadata?.['encryption-bound-to'])]).toEqual([path, `account-process-${accountId}`]);
      }
    }

    // With the codec (as the worker, the API and an operator's Web UI have it) the input reads back.
    const startedEvent = history.events!.find((event) => event.workflowExecutionStartedEventAttributes)!;
    const input = startedEvent.workflowExecutionStartedEventAttributes!.input!.payloads as Payload[];
    const codec = new EncryptionCodec(system.config.payloadKeys, 'accept');
    const [clearInput] = await codec.decode(input);
    expect(defaultPayloadConverter.fromPayload(clearInput!)).toMatchObject({
      accountId,
      applicant: { name: person.name, documentNumber: person.documentNumber },
    });
  });
});
