// Sends a signed provider webhook to a running API, the way WeChat would.
//   npm run sign-webhook -- wechat '{"eventId":"e1","type":"scanned","ticket":"<ticket>"}'
// Prints the signature headers too, so the same request can be made with curl.
import { signWebhook } from '../api/webhook-signature';
import { loadConfig } from '../config';

async function main(): Promise<void> {
  const [provider, body] = process.argv.slice(2);
  const config = loadConfig();
  if ((provider !== 'wechat' && provider !== 'qq' && provider !== 'face') || !body) {
    console.error("usage: npm run sign-webhook -- <wechat|qq|face> '<json body>'");
    process.exit(2);
  }
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = signWebhook(config.webhookSecrets[provider], timestamp, body);
  const url = `${config.api.publicUrl}/v1/webhooks/${provider}`;
  console.log(`X-Signature-Timestamp: ${timestamp}\nX-Signature: ${signature}`);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature-timestamp': String(timestamp), 'x-signature': signature },
    body,
  });
  console.log(`${response.status} ${await response.text()}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
