import { clusterCodecEndpoint } from '../../api/codec-token';
import { temporalBinaries } from '../../scripts/infra/binaries';
import { freePort } from '../../scripts/infra/ports';
import { startTemporalDevServer, type RunningTemporal } from '../../scripts/infra/temporal';
import { http, startSystem, type RunningSystem } from '../support/system';

// Finding 10: the dev server's Web UI serves its settings, codec endpoint
// included, to anyone who can reach it (GET /api/v1/settings, no login). So the
// endpoint `npm start` gives it must be one that decodes nothing by itself.
describe('the Web UI npm start runs: its cluster-level codec endpoint', () => {
  let system: RunningSystem;
  let temporal: RunningTemporal;

  beforeAll(async () => {
    system = await startSystem();
    const [port, uiPort] = [await freePort(), await freePort()];
    temporal = await startTemporalDevServer({ cli: temporalBinaries().cli, port, uiPort, codecEndpoint: clusterCodecEndpoint(system.baseUrl) });
  });
  afterAll(async () => {
    await temporal?.stop();
    await system?.stop();
  });

  it('finding 10: is the plain /codec, which any local user reading the UI settings can see but which refuses them without a token', async () => {
    const settings = (await (await fetch(`${temporal.uiUrl}/api/v1/settings`)).json()) as { Codec: { Endpoint: string } };
    expect(settings.Codec.Endpoint).toBe(`${system.baseUrl}/codec`);
    expect(settings.Codec.Endpoint).not.toContain('/codec/operators/');
    const path = new URL(settings.Codec.Endpoint).pathname;
    const anonymous = await http(system, 'POST', `${path}/decode`, { body: { payloads: [] } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
  });
});
