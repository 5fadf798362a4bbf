// Issue 19: the hosted verification page, left open for a person to try: a WeChat QR
// verification nobody has scanned yet, its session URL, and the sandbox calls that
// play the phone. The page follows the process live while those calls move it.
import type { DemoClient } from './client';
import { person } from './flows';

export interface HostedPage {
  url: string;
  expiresAt: string;
  processId: string;
  /** What to print: where to open the page and how to move its process. */
  lines: string[];
}

export async function openHostedPage(demo: DemoClient): Promise<HostedPage> {
  const tag = 'hosted verification page';
  const { accountId, token } = await demo.newAccount('Demo: the hosted verification page');
  const applicant = person('王小明');
  const started = await demo.ok(
    demo.api(token).POST('/v1/accounts/{accountId}/verifications', { params: { path: { accountId } }, body: { type: 'individual', method: 'wechat_qr', applicant } }),
  );
  // The platform asks on the holder's behalf, with its operator token.
  const session = await demo.ok((await demo.operatorApi()).POST('/v1/processes/{processId}/session', { params: { path: { processId: started.processId } } }));
  demo.say(tag, `process ${started.processId} awaits a scan; its page: ${session.url}`);
  const api = demo.target.baseUrl;
  const sandbox = `${api}/v1/sandbox/wechat/tickets/${started.qrCode.ticket}`;
  return {
    ...session,
    processId: started.processId,
    lines: [
      `Hosted verification page (issue 19), until ${session.expiresAt}: open it on a phone or a browser (Chinese; append ?lang=en for English)`,
      `  ${session.url}`,
      '  then play the phone in the sandbox and watch the page follow, without reloading:',
      `  curl -X POST ${sandbox}/scan`,
      `  curl -X POST ${sandbox}/authorize -H 'content-type: application/json' -d '{"name":"${applicant.name}","documentNumber":"${applicant.documentNumber}"}'`,
      `  (the code lasts 10 minutes; after that the page's button asks for a fresh one, whose ticket the page's QR code carries)`,
    ],
  };
}
