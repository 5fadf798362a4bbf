import { loadTencentFaceIdConfig } from '../../config/tencent-faceid';
import { loadTencentSmsConfig } from '../../config/tencent-sms';
import { ownPairsProblems, tencentKeyPair } from '../../config/tencent-cloud-keys';

// Each Tencent Cloud adapter may sign with a sub-account of its own service's rights only.
describe('Tencent Cloud key pairs, one per service or one shared', () => {
  const shared = { TENCENTCLOUD_SECRET_ID: 'shared-id', TENCENTCLOUD_SECRET_KEY: 'shared-key' };
  const sms = { TENCENT_SMS_SDK_APP_ID: '1400000000', TENCENT_SMS_SIGN_NAME: '实名认证', TENCENT_SMS_TEMPLATE_ID: '123456' };

  it('a service\'s own pair is used before the shared one, and the other service keeps the shared one', () => {
    const problems: string[] = [];
    const env = { ...shared, ...sms, TENCENT_FACEID_RULE_ID: '7', TENCENT_SMS_SECRET_ID: 'sms-id', TENCENT_SMS_SECRET_KEY: 'sms-key' };
    expect(loadTencentSmsConfig(env, problems)).toMatchObject({ secretId: 'sms-id', secretKey: 'sms-key' });
    expect(loadTencentFaceIdConfig(env, 'https://verify.example.cn', problems)).toMatchObject({ secretId: 'shared-id', secretKey: 'shared-key' });
    expect(problems).toEqual([]);
  });

  it('the shared pair serves a service without its own', () => {
    const problems: string[] = [];
    expect(tencentKeyPair(shared, 'TENCENT_FACEID', 'TENCENT_FACEID_RULE_ID', problems)).toEqual({ secretId: 'shared-id', secretKey: 'shared-key' });
    expect(problems).toEqual([]);
  });

  it('half a service pair is a problem naming the missing half, never mixed with the shared key, never quoting a value', () => {
    const problems: string[] = [];
    const pair = tencentKeyPair({ ...shared, TENCENT_SMS_SECRET_ID: 'sms-id' }, 'TENCENT_SMS', 'TENCENT_SMS_SDK_APP_ID', problems);
    expect(pair.secretKey).not.toBe('shared-key');
    expect(problems).toEqual(['TENCENT_SMS_SECRET_KEY is required with TENCENT_SMS_SECRET_ID']);
    expect(problems.join(' ')).not.toContain('sms-id');
  });

  it('no pair at all names both ways to give one', () => {
    const problems: string[] = [];
    tencentKeyPair({}, 'TENCENT_SMS', 'TENCENT_SMS_SDK_APP_ID', problems);
    expect(problems).toEqual([
      'TENCENTCLOUD_SECRET_ID is required when TENCENT_SMS_SDK_APP_ID is set (or TENCENT_SMS_SECRET_ID and _KEY, its own pair)',
      'TENCENTCLOUD_SECRET_KEY is required when TENCENT_SMS_SDK_APP_ID is set (or TENCENT_SMS_SECRET_ID and _KEY, its own pair)',
    ]);
  });

  it('the same own key id for both services is a problem, naming the variables and never the value', () => {
    expect(ownPairsProblems({ TENCENT_FACEID_SECRET_ID: 'one-id', TENCENT_SMS_SECRET_ID: ' one-id ' })).toEqual([expect.stringContaining('TENCENT_FACEID_SECRET_ID and TENCENT_SMS_SECRET_ID are the same key')]);
    expect(ownPairsProblems({ TENCENT_FACEID_SECRET_ID: 'one-id', TENCENT_SMS_SECRET_ID: ' one-id ' }).join(' ')).not.toContain('one-id');
    expect(ownPairsProblems({ TENCENT_FACEID_SECRET_ID: 'face-id', TENCENT_SMS_SECRET_ID: 'sms-id' })).toEqual([]);
    expect(ownPairsProblems({})).toEqual([]);
  });
});
