import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/** What every Tencent Cloud adapter's config carries to reach the API (a local stand-in in tests). */
export interface TencentCloudEndpoint {
  secretId: string;
  secretKey: string;
  region: string;
  endpoint: string;
  protocol: 'http://' | 'https://';
  timeoutSeconds: number;
}

/** The SDK client options for an adapter's config: its endpoint and protocol, a timeout, and no proxy from the environment. */
export function tencentClientOptions(config: TencentCloudEndpoint) {
  return {
    credential: { secretId: config.secretId, secretKey: config.secretKey },
    region: config.region,
    profile: {
      httpProfile: {
        endpoint: config.endpoint,
        protocol: config.protocol,
        reqMethod: 'POST' as const,
        reqTimeout: config.timeoutSeconds,
        // An explicit agent: the SDK would otherwise send every call through $http_proxy.
        agent: config.protocol === 'http://' ? new HttpAgent({ keepAlive: true }) : new HttpsAgent({ keepAlive: true }),
      },
    },
  };
}
