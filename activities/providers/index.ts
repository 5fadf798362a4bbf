// The one place a provider plugs in. Each external system is a port (an
// interface in this folder); config/providers.ts reads which adapter each one
// uses, and ADAPTERS below builds it. Outside sandbox mode nothing falls back
// to a sandbox stand-in: a system without a real adapter stops start-up.
import type { Config } from '../../config';
import { ConfigError } from '../../config';
import { EXTERNAL_SYSTEMS, externalSystems, SANDBOX_ADAPTER, type ExternalSystem } from '../../config/providers';
import { createLogger, type Logger } from '../../config/logger';
import type { Database } from '../../prisma/client';
import { sandboxBank, type Bank } from './bank';
import { httpBank } from './http-bank';
import { httpRegistry } from './http-registry';
import { httpWechat } from './http-wechat';
import { signedHttpClient } from './signed-http';
import { SIGNED_HTTP_SYSTEMS, type SignedHttpSystem } from '../../config/signed-http';
import { sandboxFace, type FaceProvider } from './face';
import { sandboxSender, type ChannelSender } from './notification-channels';
import { sandboxPaymentGateway, type PaymentGateway } from './payment-gateway';
import { sandboxQq, type QqProvider } from './qq';
import { sandboxRegistry, type BusinessRegistry } from './registry';
import { sandboxContactDirectory, type ContactDirectory } from './contact-directory';
import { httpContactDirectory } from './http-contact-directory';
import { httpOperatorAlerts } from './http-operator-alerts';
import { httpPaymentGateway } from './http-payment-gateway';
import { httpQq } from './http-qq';
import { httpWechatNotices } from './http-wechat-notices';
import { smtpEmailSender } from './smtp-email';
import { faceCheckBook } from '../face-backstop';
import { tencentFaceProvider } from './tencent-faceid';
import { tencentSmsSender } from './tencent-sms';
import { sandboxWechat, type WechatProvider } from './wechat';

/** Every port, one adapter each: what the activities and the worker's loops talk to. */
export interface Providers {
  /** WeChat QR codes (code-provider.ts; scans come back as signed webhooks). */
  wechat: WechatProvider;
  /** QQ QR codes, with the bank-card detour reported by webhook. */
  qq: QqProvider;
  /** The live face check, issued for a person (face.ts, R-P10). */
  face: FaceProvider;
  /** Refunds of recharges (payment-gateway.ts, R-E5). */
  paymentGateway: PaymentGateway;
  /** Remittance payouts (bank.ts, R-E6.4). */
  bank: Bank;
  /** Credit-code lookups (registry.ts, R-E3). */
  registry: BusinessRegistry;
  /** Outcome notices per channel (notification-channels.ts, R-G5). */
  sms: ChannelSender;
  email: ChannelSender;
  wechatNotices: ChannelSender;
  /** Overdue reviews and payouts, notices that spent their attempts. */
  operatorAlerts: ChannelSender;
  /** The holders' mobile numbers and e-mail addresses, which the SMS and e-mail adapters send to (contact-directory.ts). */
  contactDirectory: ContactDirectory;
}

// Keeps Providers and config/providers.ts's list of systems the same.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : never;
const _everySystemIsAPort: SameKeys<Providers, typeof EXTERNAL_SYSTEMS> = true;
void _everySystemIsAPort;

/** What an adapter may be built from: the one Config, and the database (the sandbox keeps its books there). */
export interface AdapterContext {
  db: Database;
  config: Config;
  /** Where real adapters log ids (never personal data); the process's default logger when not given. */
  logger?: Logger;
  /**
   * The contact directory port's adapter, which assembleProviders builds (or
   * takes injected) before the senders: where the SMS and e-mail adapters find
   * the holder's number and address (this system keeps none).
   */
  contactDirectory?: ContactDirectory;
}

type AdapterFactory<S extends ExternalSystem> = (context: AdapterContext) => Providers[S];

/**
 * The adapters by system and name, as `<SYSTEM>_PROVIDER` selects them. A
 * real adapter plugs in as one entry here (e.g. `face: { tencent: ... }`),
 * reading its own settings from config/. `sandbox` entries are the stand-ins,
 * built only in sandbox mode.
 */
export const ADAPTERS: { [S in ExternalSystem]: Record<string, AdapterFactory<S>> } = {
  wechat: {
    [SANDBOX_ADAPTER]: ({ config }) => sandboxWechat(config.api.publicUrl),
    // docs/provider-contracts/wechat.md, on the signed HTTP client (signed-http.ts).
    http: ({ config, logger }) => httpWechat({ client: signedClient(config, 'wechat'), logger: logger ?? createLogger() }),
  },
  qq: {
    [SANDBOX_ADAPTER]: ({ config }) => sandboxQq(config.api.publicUrl),
    // docs/provider-contracts/qq.md, on the signed HTTP client.
    http: ({ config, logger }) => httpQq({ client: signedClient(config, 'qq'), logger: logger ?? createLogger() }),
  },
  face: {
    [SANDBOX_ADAPTER]: ({ db, config }) => sandboxFace(db, config.api.publicUrl, config.payloadKeys),
    tencent: ({ db, config, logger }) => {
      const faceConfig = settings(config.tencentFaceId, 'FACE_PROVIDER=tencent needs TENCENT_FACEID_RULE_ID');
      // Each started check is recorded for the worker's backstop (activities/face-backstop.ts).
      return tencentFaceProvider({ config: faceConfig, logger: logger ?? createLogger(), checks: faceCheckBook(db, faceConfig.pollSeconds) });
    },
  },
  paymentGateway: {
    [SANDBOX_ADAPTER]: ({ db }) => sandboxPaymentGateway(db),
    // docs/provider-contracts/payment-gateway.md: refunds keyed by the gateway's transaction id.
    http: ({ config, logger }) => httpPaymentGateway({ client: signedClient(config, 'paymentGateway'), logger: logger ?? createLogger() }),
  },
  bank: {
    [SANDBOX_ADAPTER]: ({ db, config }) => sandboxBank(db, { delayMs: config.sandboxBankDelayMs }),
    http: ({ config, logger }) => httpBank({ client: signedClient(config, 'bank'), logger: logger ?? createLogger() }),
  },
  registry: {
    [SANDBOX_ADAPTER]: () => sandboxRegistry(),
    http: ({ config, logger }) => httpRegistry({ client: signedClient(config, 'registry'), logger: logger ?? createLogger() }),
  },
  sms: {
    [SANDBOX_ADAPTER]: () => sandboxSender,
    tencent: ({ config, logger, contactDirectory }) => {
      const smsConfig = settings(config.tencentSms, 'SMS_PROVIDER=tencent needs TENCENT_SMS_SDK_APP_ID, TENCENT_SMS_SIGN_NAME and TENCENT_SMS_TEMPLATE_ID');
      return tencentSmsSender({ config: smsConfig, mobiles: directory(contactDirectory, 'SMS_PROVIDER=tencent'), logger: logger ?? createLogger() });
    },
  },
  email: {
    [SANDBOX_ADAPTER]: () => sandboxSender,
    smtp: ({ config, logger, contactDirectory }) => {
      const smtpConfig = settings(config.smtp, 'EMAIL_PROVIDER=smtp needs SMTP_URL and SMTP_FROM');
      return smtpEmailSender({ config: smtpConfig, emails: directory(contactDirectory, 'EMAIL_PROVIDER=smtp'), logger: logger ?? createLogger() });
    },
  },
  wechatNotices: {
    [SANDBOX_ADAPTER]: () => sandboxSender,
    // docs/provider-contracts/wechat-notices.md: the platform's notice gateway sends the official account's template message.
    http: ({ config, logger }) => httpWechatNotices({ client: signedClient(config, 'wechatNotices'), logger: logger ?? createLogger() }),
  },
  operatorAlerts: {
    [SANDBOX_ADAPTER]: () => sandboxSender,
    // docs/provider-contracts/operator-alerts.md: the platform's alerting service.
    http: ({ config, logger }) => httpOperatorAlerts({ client: signedClient(config, 'operatorAlerts'), logger: logger ?? createLogger() }),
  },
  contactDirectory: {
    [SANDBOX_ADAPTER]: () => sandboxContactDirectory,
    // docs/provider-contracts/contact-directory.md, on the signed HTTP client (signed-http.ts).
    http: ({ config, logger }) => httpContactDirectory({ client: signedClient(config, 'contactDirectory'), cacheSeconds: config.contactDirectory.cacheSeconds, logger: logger ?? createLogger() }),
  },
};

/** The directory a real sender sends by: assembleProviders builds it first; a sender built alone without one is refused. */
function directory(contactDirectory: ContactDirectory | undefined, sender: string): ContactDirectory {
  return settings(contactDirectory, `${sender} needs the account contact directory (CONTACT_DIRECTORY_PROVIDER) for each account's contacts; none is given`);
}

/** An adapter's own settings, which config/index.ts loads (and refuses to go without when the adapter is selected). */
function settings<T>(value: T | undefined, problem: string): T {
  if (value === undefined) throw new ConfigError([problem]);
  return value;
}

/** The signed HTTP client of a system whose `<P>_HTTP_URL` config/index.ts loaded (docs/provider-contracts/signing.md). */
function signedClient(config: Config, system: SignedHttpSystem) {
  const { variable } = EXTERNAL_SYSTEMS[system];
  const prefix = `${SIGNED_HTTP_SYSTEMS[system]}_HTTP`;
  return signedHttpClient(system, settings(config.signedHttp?.[system], `${variable}=http needs ${prefix}_URL, ${prefix}_KEY_ID and ${prefix}_SECRET`));
}

/** Issue 20: production mode without an adapter for each external system; the problems name every one. */
export class MissingAdapters extends ConfigError {
  constructor(readonly systems: ExternalSystem[], problems: string[]) {
    super(problems);
    this.name = 'MissingAdapters';
  }
}

function realAdapterNames(system: ExternalSystem): string[] {
  return Object.keys(ADAPTERS[system]).filter((name) => name !== SANDBOX_ADAPTER);
}

/**
 * What is missing for every system to have an adapter: none in sandbox mode
 * (stand-ins fill in); outside it, each system neither injected nor selected
 * (by config) as an adapter that exists, and never a sandbox one.
 */
export function missingAdapters(config: Pick<Config, 'sandbox' | 'providers'>, injected: Partial<Providers> = {}): { systems: ExternalSystem[]; problems: string[] } {
  const systems: ExternalSystem[] = [];
  const problems: string[] = [];
  for (const system of externalSystems()) {
    if (injected[system] !== undefined) continue;
    const name = config.providers[system];
    const { variable, what } = EXTERNAL_SYSTEMS[system];
    const known = realAdapterNames(system);
    const choices = known.length > 0 ? `one of: ${known.join(', ')}` : 'no adapter is built yet';
    let problem: string | undefined;
    if (name === undefined) problem = `${what}: set ${variable} (${choices})`;
    else if (name === SANDBOX_ADAPTER && !config.sandbox) problem = `${what}: ${variable}=${SANDBOX_ADAPTER} is the sandbox stand-in, refused outside sandbox mode (${choices})`;
    // Own entries only: `constructor` or `__proto__` is on every object's prototype, and no adapter.
    else if (!Object.hasOwn(ADAPTERS[system], name)) problem = `${what}: ${variable}=${name} names no adapter (${choices})`;
    if (problem !== undefined) {
      systems.push(system);
      problems.push(problem);
    }
  }
  // A real sender sends to whom the directory says: the sandbox's knows nobody, so it cannot serve one (sandbox mode too).
  const senders = (['sms', 'email'] as const).filter((sender) => injected[sender] === undefined && config.providers[sender] !== undefined && config.providers[sender] !== SANDBOX_ADAPTER);
  if (senders.length > 0 && injected.contactDirectory === undefined && config.providers.contactDirectory === SANDBOX_ADAPTER && !systems.includes('contactDirectory')) {
    const { variable, what } = EXTERNAL_SYSTEMS.contactDirectory;
    const named = senders.map((sender) => `${EXTERNAL_SYSTEMS[sender].variable}=${config.providers[sender]}`).join(' and ');
    systems.push('contactDirectory');
    problems.push(`${what}: ${named} send to the contacts it gives, and ${variable}=${SANDBOX_ADAPTER} knows none (one of: ${realAdapterNames('contactDirectory').join(', ')})`);
  }
  return { systems, problems };
}

/** For start-up (the API, which builds no adapter): throws MissingAdapters naming each system without one. */
export function assertAdaptersConfigured(config: Pick<Config, 'sandbox' | 'providers'>, injected: Partial<Providers> = {}): void {
  const { systems, problems } = missingAdapters(config, injected);
  if (problems.length > 0) throw new MissingAdapters(systems, problems);
}

/**
 * Every port's adapter: the injected ones (tests, an embedding platform),
 * else the one config selects. Outside sandbox mode a system with neither
 * throws MissingAdapters, naming all of them at once; no stand-in is built.
 */
export function assembleProviders(context: AdapterContext, injected: Partial<Providers> = {}): Providers {
  assertAdaptersConfigured(context.config, injected);
  let built: AdapterContext = context;
  const build = <S extends ExternalSystem>(system: S): Providers[S] =>
    injected[system] ?? ADAPTERS[system][context.config.providers[system]!]!(built);
  // First: the SMS and e-mail adapters send to the contacts it gives.
  const contactDirectory = build('contactDirectory');
  built = { ...context, contactDirectory };
  return {
    contactDirectory,
    wechat: build('wechat'),
    qq: build('qq'),
    face: build('face'),
    paymentGateway: build('paymentGateway'),
    bank: build('bank'),
    registry: build('registry'),
    sms: build('sms'),
    email: build('email'),
    wechatNotices: build('wechatNotices'),
    operatorAlerts: build('operatorAlerts'),
  };
}

/** Every port's sandbox stand-in (tests of single activities; sandbox mode gets them from assembleProviders). */
export function sandboxProviders(context: AdapterContext): Providers {
  return assembleProviders({ ...context, config: { ...context.config, sandbox: true, providers: sandboxSelection() } });
}

function sandboxSelection(): Config['providers'] {
  return Object.fromEntries(externalSystems().map((system) => [system, SANDBOX_ADAPTER])) as Config['providers'];
}

/** The three holder-facing channels, as the notification activities and the delivery loop take them. */
export function noticeSenders(providers: Pick<Providers, 'sms' | 'email' | 'wechatNotices'>): Record<'sms' | 'email' | 'wechat', ChannelSender> {
  return { sms: providers.sms, email: providers.email, wechat: providers.wechatNotices };
}
