import { loadTencentFaceIdConfig } from '../../config/tencent-faceid';
import { loadTencentSmsConfig } from '../../config/tencent-sms';
import { ACTIVITY_OPTIONS } from '../../workflows/activity-options';
import { NOTICE_DEFAULTS } from '../../config';

// Issue 20, security review (r20): an adapter's own deadline stays below what
// bounds its call (signing.md, "Timeouts"), so a slow provider is ended by the
// adapter, classified, and not by Temporal or the delivery loop while the call
// is still open (a FaceID DetectAuth started twice; an SMS, which takes no
// idempotency key, sent twice).
const seconds = (duration: string) => Number(/^(\d+) seconds?$/.exec(duration)?.[1]);

describe('issue 20: the Tencent adapters\' timeouts stay below what bounds their calls', () => {
  const faceEnv = { TENCENT_FACEID_RULE_ID: '7', TENCENTCLOUD_SECRET_ID: 'AKIDr20', TENCENTCLOUD_SECRET_KEY: 'r20-key' };
  const smsEnv = { TENCENT_SMS_SDK_APP_ID: '1400000000', TENCENT_SMS_SIGN_NAME: '实名认证', TENCENT_SMS_TEMPLATE_ID: '123', TENCENTCLOUD_SECRET_ID: 'AKIDr20', TENCENTCLOUD_SECRET_KEY: 'r20-key' };

  it('issue 20: TENCENT_FACEID_TIMEOUT_SECONDS at or above the issuing activity\'s start-to-close timeout is refused, naming the variable', () => {
    const activitySeconds = seconds(String(ACTIVITY_OPTIONS.startToCloseTimeout));
    expect(activitySeconds).toBe(30);
    const problems: string[] = [];
    loadTencentFaceIdConfig({ ...faceEnv, TENCENT_FACEID_TIMEOUT_SECONDS: String(activitySeconds) }, 'https://realname.example', problems);
    expect(problems).toEqual([expect.stringMatching(/^TENCENT_FACEID_TIMEOUT_SECONDS must be an integer from 1 to 25/)]);
    const accepted: string[] = [];
    expect(loadTencentFaceIdConfig({ ...faceEnv, TENCENT_FACEID_TIMEOUT_SECONDS: '25' }, 'https://realname.example', accepted)?.timeoutSeconds).toBe(25);
    expect(accepted).toEqual([]);
  });

  it('issue 20: TENCENT_SMS_TIMEOUT_SECONDS defaults below the delivery loop\'s attempt, and one at or above it is refused, naming the variable', () => {
    const attemptSeconds = NOTICE_DEFAULTS.sendTimeoutMs / 1000;
    const defaults: string[] = [];
    expect(loadTencentSmsConfig(smsEnv, defaults)!.timeoutSeconds).toBeLessThan(attemptSeconds);
    expect(defaults).toEqual([]);
    const problems: string[] = [];
    loadTencentSmsConfig({ ...smsEnv, TENCENT_SMS_TIMEOUT_SECONDS: String(attemptSeconds) }, problems);
    expect(problems).toEqual([expect.stringMatching(/^TENCENT_SMS_TIMEOUT_SECONDS must be an integer from 1 to 8/)]);
  });
});

describe('issue 20: the Tencent FaceID return travels over TLS', () => {
  const faceEnv = { TENCENT_FACEID_RULE_ID: '7', TENCENTCLOUD_SECRET_ID: 'AKIDr20', TENCENTCLOUD_SECRET_KEY: 'r20-key' };

  it('issue 20: a plain-http return URL to another host than this machine is refused, naming the variable; https and loopback are taken', () => {
    const problems: string[] = [];
    loadTencentFaceIdConfig(faceEnv, 'http://realname.example.com', problems);
    loadTencentFaceIdConfig({ ...faceEnv, TENCENT_FACEID_REDIRECT_URL: 'http://realname.example.com/v1/face/tencent/return' }, 'https://realname.example.com', problems);
    expect(problems).toEqual([expect.stringContaining('TENCENT_FACEID_REDIRECT_URL (or PUBLIC_URL'), expect.stringContaining('TENCENT_FACEID_REDIRECT_URL (or PUBLIC_URL')]);
    const accepted: string[] = [];
    for (const publicUrl of ['https://realname.example.com', 'http://localhost:3000', 'http://127.0.0.1:3000']) loadTencentFaceIdConfig(faceEnv, publicUrl, accepted);
    expect(accepted).toEqual([]);
  });
});
