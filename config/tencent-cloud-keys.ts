/**
 * The API key pair a Tencent Cloud adapter signs with. Each service may have
 * its own (`TENCENT_FACEID_SECRET_ID`/`_KEY`, `TENCENT_SMS_SECRET_ID`/`_KEY`),
 * so each sub-account holds the rights of one service only and a leaked SMS
 * key cannot start face checks; without one, the shared
 * `TENCENTCLOUD_SECRET_ID`/`_KEY` serves. A pair is taken whole from one
 * place: an id of one pair never signs with the key of another.
 */
type Env = Record<string, string | undefined>;

export interface TencentKeyPair {
  secretId: string;
  secretKey: string;
}

/** `service`: the variables' prefix (`TENCENT_FACEID`); `trigger`: the variable that turned the adapter on, for the problems. */
export function tencentKeyPair(env: Env, service: 'TENCENT_FACEID' | 'TENCENT_SMS', trigger: string, problems: string[]): TencentKeyPair {
  const own = { secretId: env[`${service}_SECRET_ID`]?.trim() ?? '', secretKey: env[`${service}_SECRET_KEY`]?.trim() ?? '' };
  if (own.secretId !== '' || own.secretKey !== '') {
    if (own.secretId === '') problems.push(`${service}_SECRET_ID is required with ${service}_SECRET_KEY`);
    if (own.secretKey === '') problems.push(`${service}_SECRET_KEY is required with ${service}_SECRET_ID`);
    return own;
  }
  const shared = { secretId: env.TENCENTCLOUD_SECRET_ID?.trim() ?? '', secretKey: env.TENCENTCLOUD_SECRET_KEY?.trim() ?? '' };
  if (shared.secretId === '') problems.push(`TENCENTCLOUD_SECRET_ID is required when ${trigger} is set (or ${service}_SECRET_ID and _KEY, its own pair)`);
  if (shared.secretKey === '') problems.push(`TENCENTCLOUD_SECRET_KEY is required when ${trigger} is set (or ${service}_SECRET_ID and _KEY, its own pair)`);
  return shared;
}

/** Own pairs are for separate sub-accounts: the same key id given to both services is a problem (naming the variables, never the value). */
export function ownPairsProblems(env: Env): string[] {
  const faceId = env.TENCENT_FACEID_SECRET_ID?.trim() ?? '';
  const smsId = env.TENCENT_SMS_SECRET_ID?.trim() ?? '';
  return faceId !== '' && faceId === smsId
    ? ['TENCENT_FACEID_SECRET_ID and TENCENT_SMS_SECRET_ID are the same key: give each service a sub-account of its own, or set the shared TENCENTCLOUD_SECRET_ID/_KEY instead']
    : [];
}
