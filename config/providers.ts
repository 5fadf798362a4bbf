// Which adapter each external system uses: read once here, resolved to an
// adapter in activities/providers/index.ts (the one place a provider plugs in).

/**
 * Every external system this platform talks to, with the variable that selects
 * its adapter. Sandbox mode defaults each to `sandbox` (the stand-in); outside
 * sandbox mode each must name a real adapter, and `sandbox` is refused.
 */
export const EXTERNAL_SYSTEMS = {
  wechat: { variable: 'WECHAT_PROVIDER', what: 'WeChat QR codes (R-P4)' },
  qq: { variable: 'QQ_PROVIDER', what: 'QQ QR codes (R-P4)' },
  face: { variable: 'FACE_PROVIDER', what: 'the live face check (R-P4, R-P8, R-P10)' },
  paymentGateway: { variable: 'PAYMENT_GATEWAY_PROVIDER', what: 'the payment gateway (R-E5 recharges and refunds)' },
  bank: { variable: 'BANK_PROVIDER', what: 'the bank (R-E6.4 payouts)' },
  registry: { variable: 'REGISTRY_PROVIDER', what: 'the business registry (R-E3)' },
  sms: { variable: 'SMS_PROVIDER', what: 'SMS notices (R-G5)' },
  email: { variable: 'EMAIL_PROVIDER', what: 'e-mail notices (R-G5)' },
  wechatNotices: { variable: 'WECHAT_NOTICE_PROVIDER', what: 'WeChat notices (R-G5)' },
  operatorAlerts: { variable: 'OPERATOR_ALERT_PROVIDER', what: 'operator alerts (R-E6.3, R-E6.4, R-G7)' },
  contactDirectory: { variable: 'CONTACT_DIRECTORY_PROVIDER', what: 'the account contact directory (the mobile numbers and e-mail addresses SMS and e-mail notices go to, R-G5)' },
} as const;

export type ExternalSystem = keyof typeof EXTERNAL_SYSTEMS;

/** The adapter name each system's variable selects; undefined when none is (only outside sandbox mode). */
export type ProviderSelection = Record<ExternalSystem, string | undefined>;

/** The name of every sandbox stand-in. */
export const SANDBOX_ADAPTER = 'sandbox';

export const externalSystems = (): ExternalSystem[] => Object.keys(EXTERNAL_SYSTEMS) as ExternalSystem[];

/**
 * Issue 20, fail closed: outside sandbox mode every external system names its
 * adapter, never the sandbox stand-in; each one that does not is a problem
 * naming its variable. Whether the name is an adapter that exists is
 * activities/providers/index.ts's to say (it holds the adapters).
 */
export function loadProviderSelection(env: Record<string, string | undefined>, sandbox: boolean, problems: string[]): ProviderSelection {
  const selection = {} as ProviderSelection;
  for (const system of externalSystems()) {
    const { variable, what } = EXTERNAL_SYSTEMS[system];
    const raw = env[variable]?.trim();
    const name = raw === undefined || raw === '' ? undefined : raw.toLowerCase();
    if (sandbox) {
      selection[system] = name ?? SANDBOX_ADAPTER;
    } else if (name === undefined) {
      problems.push(`${variable} is required outside sandbox mode: the adapter for ${what}`);
    } else if (name === SANDBOX_ADAPTER) {
      problems.push(`${variable}=${SANDBOX_ADAPTER} is the sandbox stand-in for ${what}, refused outside sandbox mode`);
    } else {
      selection[system] = name;
    }
  }
  return selection;
}
