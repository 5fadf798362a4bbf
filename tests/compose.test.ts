import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { assertAdaptersConfigured, MissingAdapters } from '../activities/providers';
import { loadConfig, type ConfigError } from '../config';
import { SIGNED_HTTP_SYSTEMS } from '../config/signed-http';
import { PRODUCTION_SECRET_NAMES, PROVIDER_VARIABLES, productionEnv } from './support/production-env';

// Docker cannot run where the tests run, so these tests hold the deployment
// files to the Compose specification's rules and to the rest of the repository
// (entry points, search attributes, Prisma output) statically.

const ROOT = resolve(__dirname, '..');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

type Dict = Record<string, unknown>;

interface Service {
  image?: string;
  build?: string | Dict;
  command?: string | string[] | null;
  entrypoint?: string | string[] | null;
  environment?: Dict | string[];
  depends_on?: string[] | Record<string, Dict>;
  healthcheck?: Dict;
  ports?: unknown[];
  volumes?: unknown[];
  configs?: unknown[];
  restart?: unknown;
  [key: string]: unknown;
}

interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  configs?: Record<string, Dict>;
  [key: string]: unknown;
}

const composeSource = read('docker-compose.yml');
// Compose resolves YAML merge keys (`<<: *anchor`); so must the parser.
const compose = parse(composeSource, { merge: true }) as ComposeFile;
const services = compose.services;
const service = (name: string): Service => {
  const found = services[name];
  if (!found) throw new Error(`service ${name} is not defined`);
  return found;
};

const APP_SERVICES = ['migrate', 'worker', 'api'];
const EXPECTED_SERVICES = [
  'postgresql',
  'temporal-admin-tools',
  'temporal',
  'temporal-namespace',
  'temporal-ui',
  ...APP_SERVICES,
];

// Top-level and service attributes of the Compose specification
// (compose-spec/schema/compose-spec.json); `x-` extensions are allowed anywhere.
const TOP_LEVEL_KEYS = ['version', 'name', 'include', 'services', 'models', 'networks', 'volumes', 'secrets', 'configs'];
const SERVICE_KEYS = `annotations attach blkio_config build cap_add cap_drop cgroup cgroup_parent command configs
  container_name cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpu_shares cpus cpuset
  credential_spec depends_on deploy develop device_cgroup_rules devices dns dns_opt dns_search domainname entrypoint
  env_file environment expose extends external_links extra_hosts gpus group_add healthcheck hostname image init ipc
  isolation label_file labels links logging mac_address mem_limit mem_reservation mem_swappiness memswap_limit models
  network_mode networks oom_kill_disable oom_score_adj pid pids_limit platform ports post_start pre_stop privileged
  profiles provider pull_policy pull_refresh_after read_only restart runtime scale secrets security_opt shm_size
  stdin_open stop_grace_period stop_signal storage_opt sysctls tmpfs tty ulimits use_api_socket user userns_mode uts
  volumes volumes_from working_dir`.split(/\s+/);
const BUILD_KEYS = `context dockerfile dockerfile_inline entitlements args ssh labels cache_from cache_to no_cache
  additional_contexts network pull target shm_size extra_hosts isolation privileged secrets tags ulimits platforms`.split(/\s+/);
const HEALTHCHECK_KEYS = ['disable', 'interval', 'retries', 'test', 'timeout', 'start_period', 'start_interval'];
const DEPENDS_ON_KEYS = ['condition', 'restart', 'required'];
const CONFIG_KEYS = ['name', 'content', 'environment', 'file', 'external', 'labels', 'template_driver'];
const SERVICE_CONFIG_KEYS = ['source', 'target', 'uid', 'gid', 'mode'];
const VOLUME_KEYS = ['name', 'driver', 'driver_opts', 'external', 'labels'];
const CONDITIONS = ['service_started', 'service_healthy', 'service_completed_successfully'];
const NAME_PATTERN = /^[a-zA-Z0-9._-]+$/;
const DURATION = /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/;
const OFFICIAL_IMAGE = /^(postgres|temporalio\/server|temporalio\/admin-tools|temporalio\/ui):([\w][\w.-]{0,127})$/;

const isDict = (value: unknown): value is Dict => typeof value === 'object' && value !== null && !Array.isArray(value);
const unknownKeys = (value: Dict, allowed: string[]): string[] =>
  Object.keys(value).filter((key) => !allowed.includes(key) && !key.startsWith('x-'));

function dependencies(svc: Service): Record<string, string> {
  const raw = svc.depends_on;
  if (raw === undefined) return {};
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(raw).map(([name, spec]) => [name, String(spec.condition)]));
}

function environment(svc: Service): Record<string, string> {
  const raw = svc.environment ?? {};
  if (Array.isArray(raw)) {
    return Object.fromEntries(raw.map((entry) => [entry.split('=')[0], entry.slice(entry.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, String(value)]));
}

function imageTag(name: string): { repository: string; tag: string } {
  const image = service(name).image ?? '';
  const match = OFFICIAL_IMAGE.exec(image);
  if (!match) throw new Error(`service ${name} uses image "${image}", not an official image with a tag`);
  return { repository: match[1], tag: match[2] };
}

/** Short-syntax volume `SOURCE:TARGET[:MODE]` or long syntax, as { source, target }. */
function mounts(svc: Service): { source: string; target: string }[] {
  return (svc.volumes ?? []).map((volume) => {
    if (typeof volume === 'string') {
      const [source, target] = volume.split(':');
      return { source, target: target ?? source };
    }
    const long = volume as Dict;
    return { source: String(long.source ?? ''), target: String(long.target ?? '') };
  });
}

describe('docker-compose.yml', () => {
  it('uses only top-level keys the Compose specification defines', () => {
    expect(unknownKeys(compose as Dict, TOP_LEVEL_KEYS)).toEqual([]);
    expect(compose.version).toBeUndefined(); // obsolete, Compose warns about it
  });

  it('declares exactly the services of the stack', () => {
    expect(Object.keys(services).sort()).toEqual([...EXPECTED_SERVICES].sort());
    for (const name of Object.keys(services)) expect(name).toMatch(NAME_PATTERN);
  });

  it('gives every service only attributes of the Compose service specification', () => {
    for (const [name, svc] of Object.entries(services)) {
      expect({ name, unknown: unknownKeys(svc, SERVICE_KEYS) }).toEqual({ name, unknown: [] });
      if (isDict(svc.build)) expect({ name, unknown: unknownKeys(svc.build, BUILD_KEYS) }).toEqual({ name, unknown: [] });
      if (svc.healthcheck) {
        expect({ name, unknown: unknownKeys(svc.healthcheck, HEALTHCHECK_KEYS) }).toEqual({ name, unknown: [] });
      }
      if (isDict(svc.depends_on)) {
        for (const spec of Object.values(svc.depends_on)) expect(unknownKeys(spec, DEPENDS_ON_KEYS)).toEqual([]);
      }
      for (const ref of svc.configs ?? []) {
        if (isDict(ref)) expect(unknownKeys(ref, SERVICE_CONFIG_KEYS)).toEqual([]);
      }
      for (const key of ['command', 'entrypoint'] as const) {
        const value = svc[key];
        if (value !== undefined && value !== null && typeof value !== 'string') {
          expect(Array.isArray(value) && value.every((part) => typeof part === 'string')).toBe(true);
        }
      }
    }
  });

  it('runs every service either from an official image pinned to a version or from a build', () => {
    for (const [name, svc] of Object.entries(services)) {
      if (APP_SERVICES.includes(name)) {
        expect({ name, build: svc.build !== undefined }).toEqual({ name, build: true });
        continue;
      }
      expect({ name, build: svc.build }).toEqual({ name, build: undefined });
      const { tag } = imageTag(name);
      expect(tag).not.toBe('latest');
      expect(tag).toMatch(/^\d/); // a version, not a moving name like "alpine"
    }
  });

  it('keeps the Temporal server and admin-tools images on the same version', () => {
    const server = imageTag('temporal').tag;
    expect(imageTag('temporal-admin-tools')).toEqual({ repository: 'temporalio/admin-tools', tag: server });
    expect(imageTag('temporal-namespace')).toEqual({ repository: 'temporalio/admin-tools', tag: server });
    expect(imageTag('temporal').repository).toBe('temporalio/server');
    expect(imageTag('temporal-ui').repository).toBe('temporalio/ui');
    expect(imageTag('postgresql')).toEqual({ repository: 'postgres', tag: expect.stringMatching(/^17\b/) });
  });

  it('builds the app services from the repository Dockerfile', () => {
    for (const name of APP_SERVICES) {
      const build = service(name).build;
      const context = typeof build === 'string' ? build : String(build?.context ?? '.');
      const dockerfile = typeof build === 'string' ? 'Dockerfile' : String(build?.dockerfile ?? 'Dockerfile');
      expect({ name, context, dockerfile }).toEqual({ name, context: '.', dockerfile: 'Dockerfile' });
    }
    expect(existsSync(join(ROOT, 'Dockerfile'))).toBe(true);
  });

  it('starts each app service with an entry point that exists in the repository', () => {
    const entryPoints = { migrate: 'prisma/migrate.ts', worker: 'worker/main.ts', api: 'api/main.ts' };
    for (const [name, file] of Object.entries(entryPoints)) {
      // tsx itself, not `npx tsx`: npx does not forward SIGTERM to the app.
      expect(service(name).command).toEqual(['tsx', file]);
      expect({ file, exists: existsSync(join(ROOT, file)) }).toEqual({ file, exists: true });
    }
  });

  it('only depends on defined services, with conditions Compose knows', () => {
    for (const [name, svc] of Object.entries(services)) {
      for (const [target, condition] of Object.entries(dependencies(svc))) {
        expect({ name, target, defined: target in services }).toEqual({ name, target, defined: true });
        expect(target).not.toBe(name);
        expect(CONDITIONS).toContain(condition);
      }
    }
  });

  it('gives a well-formed healthcheck to every service that others wait for as healthy', () => {
    const awaitedHealthy = new Set(
      Object.values(services).flatMap((svc) =>
        Object.entries(dependencies(svc))
          .filter(([, condition]) => condition === 'service_healthy')
          .map(([target]) => target),
      ),
    );
    expect(awaitedHealthy.size).toBeGreaterThan(0);
    for (const name of awaitedHealthy) expect({ name, healthcheck: Boolean(service(name).healthcheck) }).toEqual({ name, healthcheck: true });

    for (const [name, svc] of Object.entries(services)) {
      const check = svc.healthcheck;
      if (!check) continue;
      expect(check.disable).not.toBe(true);
      const test = check.test;
      if (Array.isArray(test)) {
        expect({ name, kind: test[0] }).toEqual({ name, kind: expect.stringMatching(/^(CMD|CMD-SHELL)$/) });
        expect(test.length).toBeGreaterThan(1);
        expect(test.every((part) => typeof part === 'string')).toBe(true);
      } else {
        expect(typeof test).toBe('string');
      }
      for (const key of ['interval', 'timeout', 'start_period', 'start_interval']) {
        if (check[key] !== undefined) expect({ name, key, value: check[key] }).toEqual({ name, key, value: expect.stringMatching(DURATION) });
      }
      if (check.retries !== undefined) expect(Number.isInteger(Number(check.retries))).toBe(true);
    }
  });

  it('only waits for the completion of one-shot services that are never restarted', () => {
    for (const svc of Object.values(services)) {
      for (const [target, condition] of Object.entries(dependencies(svc))) {
        if (condition === 'service_completed_successfully') expect({ target, restart: service(target).restart }).toEqual({ target, restart: 'no' });
      }
    }
  });

  it('has no dependency cycle', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, path: string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') throw new Error(`dependency cycle: ${[...path, name].join(' -> ')}`);
      state.set(name, 'visiting');
      for (const target of Object.keys(dependencies(service(name)))) visit(target, [...path, name]);
      state.set(name, 'done');
    };
    for (const name of Object.keys(services)) expect(() => visit(name, [])).not.toThrow();
  });

  it('starts the stack in order: database, Temporal schema, server, namespace, then the app', () => {
    expect(dependencies(service('temporal-admin-tools'))).toEqual({ postgresql: 'service_healthy' });
    expect(dependencies(service('temporal'))).toEqual({ 'temporal-admin-tools': 'service_completed_successfully' });
    expect(dependencies(service('temporal-namespace'))).toEqual({ temporal: 'service_healthy' });
    expect(dependencies(service('temporal-ui'))).toEqual({ temporal: 'service_healthy' });
    expect(dependencies(service('migrate'))).toEqual({ postgresql: 'service_healthy' });
    for (const name of ['worker', 'api']) {
      expect(dependencies(service(name))).toEqual({
        migrate: 'service_completed_successfully',
        'temporal-namespace': 'service_completed_successfully',
      });
    }
  });

  it('uses restart policies Compose accepts, and runs one-shot jobs once', () => {
    for (const [name, svc] of Object.entries(services)) {
      if (svc.restart === undefined) continue;
      expect({ name, restart: svc.restart }).toEqual({
        name,
        restart: expect.stringMatching(/^(no|always|unless-stopped|on-failure(:\d+)?)$/),
      });
    }
    for (const name of ['temporal-admin-tools', 'temporal-namespace', 'migrate']) expect(service(name).restart).toBe('no');
  });

  it('publishes ports as quoted HOST:CONTAINER strings, each host port once', () => {
    const published: string[] = [];
    for (const [name, svc] of Object.entries(services)) {
      for (const port of svc.ports ?? []) {
        expect({ name, port }).toEqual({ name, port: expect.stringMatching(/^(\d{1,3}(\.\d{1,3}){3}:)?\d{1,5}:\d{1,5}(\/(tcp|udp))?$/) });
        published.push(String(port).split(':').slice(-2)[0]);
      }
    }
    expect(new Set(published).size).toBe(published.length);
    expect(service('api').ports).toEqual(['3000:3000']);
    expect(service('temporal').ports).toBeUndefined(); // reachable from the stack only (finding 2)
    expect(service('temporal-ui').ports).toEqual(['127.0.0.1:8080:8080']);
    expect(service('postgresql').ports).toBeUndefined(); // reachable from the stack only
  });

  it('security finding 2: publishes the Temporal frontend on no host port, so only the compose network reaches it', () => {
    expect(service('temporal').ports).toBeUndefined();
    for (const [name, svc] of Object.entries(services)) {
      for (const port of svc.ports ?? []) {
        const [host, container] = String(port).split(':').slice(-2);
        expect({ name, port, frontend: host === '7233' || container === '7233' }).toEqual({ name, port, frontend: false });
      }
    }
    expect(environment(service('api')).TEMPORAL_ADDRESS).toBe('temporal:7233');
    // The trust boundary is documented where the stack is defined: mTLS and an authorizer in production.
    expect(composeSource).toMatch(/Temporal is a trust boundary/);
    expect(composeSource).toMatch(/mTLS/);
    expect(composeSource).toMatch(/TEMPORAL_TLS_CERT/);
    expect(composeSource).toMatch(/authorizer with a claim mapper/);
  });

  it('security finding 2: the Temporal UI has write actions disabled and listens on loopback only', () => {
    expect(environment(service('temporal-ui')).TEMPORAL_DISABLE_WRITE_ACTIONS).toBe('true');
    const ports = service('temporal-ui').ports ?? [];
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(String(port)).toMatch(/^127\.0\.0\.1:\d+:8080$/);
    expect(composeSource).toMatch(/TEMPORAL_AUTH_ENABLED=true/);
  });

  /** The app's environment as Compose interpolates it from `host`; a required (`:?`) variable unset stops it, as Compose does. */
  const interpolated = (name: string, host: Record<string, string>): Record<string, string> =>
    Object.fromEntries(
      Object.entries(environment(service(name))).map(([key, value]) => [
        key,
        value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, variable: string, kind?: string, text?: string) => {
          if (host[variable]) return host[variable];
          if (kind === '?') throw new Error(`required variable ${variable} is missing a value: ${text}`);
          return kind === '-' ? (text ?? '') : '';
        }),
      ]),
    );
  const requiredSecrets = (): Record<string, string> => ({ JWT_SECRET: 'j'.repeat(40), IDENTITY_HASH_SECRET: 'i'.repeat(40) });

  it('issue 20: states the mode on every app service, required with no default, and a comment that production sets SANDBOX=false', () => {
    for (const name of APP_SERVICES) {
      const env = environment(service(name));
      expect(env.NODE_ENV).toBe('production');
      // Required: `docker compose up` without SANDBOX stops, naming both modes, instead of falling into the sandbox.
      expect({ service: name, SANDBOX: env.SANDBOX }).toEqual({ service: name, SANDBOX: expect.stringMatching(/^\$\{SANDBOX:\?[^}]*SANDBOX=false[^}]*SANDBOX=true[^}]*\}$/) });
      // No default allowance: a trial says so itself (config/ refuses a sandbox under NODE_ENV=production without it).
      expect({ service: name, allowance: env.ALLOW_SANDBOX_IN_PRODUCTION }).toEqual({ service: name, allowance: '${ALLOW_SANDBOX_IN_PRODUCTION:-}' });
      expect(() => interpolated(name, requiredSecrets())).toThrow(/required variable SANDBOX is missing a value/);
    }
    expect(composeSource).toMatch(/Production sets\s+(#\s+)?SANDBOX=false/);
  });

  it('issue 20: a trial on the sandbox stand-ins starts only when both SANDBOX=true and ALLOW_SANDBOX_IN_PRODUCTION=true say so', () => {
    expect(() => loadConfig(interpolated('api', { ...requiredSecrets(), SANDBOX: 'true' }))).toThrow(/ALLOW_SANDBOX_IN_PRODUCTION=true/);
    const trial = loadConfig(interpolated('api', { ...requiredSecrets(), SANDBOX: 'true', ALLOW_SANDBOX_IN_PRODUCTION: 'true' }));
    expect(trial.sandbox).toBe(true);
    expect(() => assertAdaptersConfigured(trial)).not.toThrow();
  });

  it('production mode, R-E5: SANDBOX=false refuses to start without the secrets, an adapter for every external system and the recharge payee account, naming each', () => {
    for (const name of ['worker', 'api']) {
      const refusal = (() => {
        try {
          loadConfig(interpolated(name, { ...requiredSecrets(), SANDBOX: 'false' }));
        } catch (error) {
          return (error as ConfigError).problems;
        }
        throw new Error(`${name} started`);
      })();
      for (const secret of PRODUCTION_SECRET_NAMES.filter((secret) => !(secret in requiredSecrets()))) {
        expect(refusal).toContainEqual(expect.stringMatching(new RegExp(`^${secret} `)));
      }
      for (const variable of PROVIDER_VARIABLES) expect(refusal).toContainEqual(expect.stringMatching(new RegExp(`^${variable} is required outside sandbox mode`)));
      // R-E5: and the account recharges are paid into, passed from the host with no default.
      expect(refusal).toContainEqual(expect.stringMatching(/^RECHARGE_PAYEE_ACCOUNT is required outside sandbox mode/));
      expect({ service: name, value: environment(service(name)).RECHARGE_PAYEE_ACCOUNT }).toEqual({ service: name, value: '${RECHARGE_PAYEE_ACCOUNT:-}' });
      // With every secret and every variable set, an adapter that does not exist still stops it.
      const production = loadConfig(interpolated(name, { ...productionEnv(), TEMPORAL_ALLOW_PLAINTEXT: 'true' }));
      expect(production.rechargePayeeAccount).toBe(productionEnv().RECHARGE_PAYEE_ACCOUNT);
      expect(() => assertAdaptersConfigured(production)).toThrow(MissingAdapters);
    }
  });

  it('issue 20: passes every *_PROVIDER variable from the host to worker and API, none defaulted', () => {
    for (const name of ['worker', 'api']) {
      const env = environment(service(name));
      for (const variable of PROVIDER_VARIABLES) expect({ service: name, variable, value: env[variable] }).toEqual({ service: name, variable, value: `\${${variable}:-}` });
    }
  });

  it('issue 20: passes every signed HTTP adapter\'s URL, key id, secret and timeout from the host to worker and API, none defaulted', () => {
    for (const name of ['worker', 'api']) {
      const env = environment(service(name));
      for (const prefix of Object.values(SIGNED_HTTP_SYSTEMS)) {
        for (const variable of ['URL', 'KEY_ID', 'SECRET', 'TIMEOUT_SECONDS'].map((suffix) => `${prefix}_HTTP_${suffix}`)) {
          expect({ service: name, variable, value: env[variable] }).toEqual({ service: name, variable, value: `\${${variable}:-}` });
        }
      }
    }
  });

  it('security finding 4: passes TEMPORAL_TLS_* and TEMPORAL_ALLOW_PLAINTEXT from the host to every app service, none on by default', () => {
    for (const name of APP_SERVICES) {
      const env = environment(service(name));
      for (const variable of ['TEMPORAL_TLS_CA_FILE', 'TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE', 'TEMPORAL_TLS_SERVER_NAME', 'TEMPORAL_ALLOW_PLAINTEXT']) {
        expect({ service: name, variable, value: env[variable] }).toEqual({ service: name, variable, value: `\${${variable}:-}` });
      }
    }
  });

  it('security finding 3: every secret reaches both worker and API from the host environment, with no literal default', () => {
    for (const name of ['worker', 'api']) {
      const env = environment(service(name));
      for (const secret of [...PRODUCTION_SECRET_NAMES, 'METRICS_TOKEN']) {
        // Required (${X:?why}) or passed through empty (${X:-}), which loadConfig refuses outside sandbox mode.
        const passed = new RegExp(`^\\$\\{${secret}(:-|:\\?[^}]+)\\}$`);
        expect({ service: name, secret, passed: passed.test(env[secret] ?? '') }).toEqual({ service: name, secret, passed: true });
      }
    }
  });

  it('declares every named volume and config it uses, and uses every one it declares', () => {
    const declaredVolumes = Object.keys(compose.volumes ?? {});
    const declaredConfigs = Object.keys(compose.configs ?? {});
    const usedVolumes = new Set<string>();
    const usedConfigs = new Set<string>();
    for (const [name, svc] of Object.entries(services)) {
      for (const { source, target } of mounts(svc)) {
        expect({ name, target }).toEqual({ name, target: expect.stringMatching(/^\//) });
        if (source.startsWith('.') || source.startsWith('/')) {
          // A bind mount of a missing path makes Docker create an empty directory.
          expect({ name, source, exists: existsSync(join(ROOT, source)) }).toEqual({ name, source, exists: true });
        } else {
          expect({ name, volume: source, declared: declaredVolumes.includes(source) }).toEqual({ name, volume: source, declared: true });
          usedVolumes.add(source);
        }
      }
      for (const ref of svc.configs ?? []) {
        const source = typeof ref === 'string' ? ref : String((ref as Dict).source);
        expect({ name, config: source, declared: declaredConfigs.includes(source) }).toEqual({ name, config: source, declared: true });
        usedConfigs.add(source);
      }
    }
    expect([...usedVolumes].sort()).toEqual([...declaredVolumes].sort());
    expect([...usedConfigs].sort()).toEqual([...declaredConfigs].sort());
    for (const [name, volume] of Object.entries(compose.volumes ?? {})) {
      expect(name).toMatch(NAME_PATTERN);
      if (isDict(volume)) expect(unknownKeys(volume, VOLUME_KEYS)).toEqual([]);
    }
    for (const [name, config] of Object.entries(compose.configs ?? {})) {
      expect(name).toMatch(NAME_PATTERN);
      expect(unknownKeys(config, CONFIG_KEYS)).toEqual([]);
      expect(['content', 'file', 'environment', 'external'].filter((key) => key in config)).toHaveLength(1);
    }
  });

  it('keeps the PostgreSQL data in the named volume at the image data directory', () => {
    expect(mounts(service('postgresql'))).toContainEqual({ source: 'postgres-data', target: '/var/lib/postgresql/data' });
  });

  it('gives environment variables scalar values only', () => {
    for (const [name, svc] of Object.entries(services)) {
      const raw = svc.environment;
      if (raw === undefined) continue;
      if (Array.isArray(raw)) {
        for (const entry of raw) expect({ name, entry }).toEqual({ name, entry: expect.stringMatching(/^[A-Za-z_][A-Za-z0-9_]*(=|$)/) });
      } else {
        for (const [key, value] of Object.entries(raw)) {
          expect(key).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
          expect({ name, key, type: value === null ? 'null' : typeof value }).toEqual({
            name,
            key,
            type: expect.stringMatching(/^(string|number|boolean|null)$/),
          });
        }
      }
    }
  });

  it('uses only braced, well-formed variable interpolation, with $$ for a container-side dollar', () => {
    // A bare $NAME is valid Compose but is almost always a container variable
    // that lacks its $$ escape, so only ${NAME...} counts as interpolation here.
    const withoutEscapes = composeSource.replace(/\$\$/g, '');
    const references = withoutEscapes.match(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\$/g) ?? [];
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) {
      expect(reference).toMatch(/^\$\{[A-Za-z_][A-Za-z0-9_]*((:?[-?+])[^}]*)?\}$/);
    }
  });

  it('requires the app secrets rather than defaulting them', () => {
    for (const name of APP_SERVICES) {
      const env = environment(service(name));
      expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?[^}]+\}$/);
      expect(env.IDENTITY_HASH_SECRET).toMatch(/^\$\{IDENTITY_HASH_SECRET:\?[^}]+\}$/);
    }
  });

  it('points the app at the realname database and at the namespace the setup job creates', () => {
    const namespaceJob = environment(service('temporal-namespace'));
    for (const name of APP_SERVICES) {
      const env = environment(service(name));
      expect(env.DATABASE_URL).toMatch(/^postgresql:\/\/realname:[^@]+@postgresql:5432\/realname$/);
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(env.TEMPORAL_NAMESPACE).toBe(namespaceJob.TEMPORAL_NAMESPACE);
      expect(env.PORT).toBe('3000');
    }
    expect(namespaceJob.TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('creates the app role and database when PostgreSQL initialises its volume', () => {
    const init = compose.configs?.['postgres-init']?.content;
    expect(typeof init).toBe('string');
    expect(init).toMatch(/CREATE ROLE realname LOGIN PASSWORD/);
    expect(init).toMatch(/CREATE DATABASE realname OWNER realname/);
    expect(init).toMatch(/CREATE ROLE temporal LOGIN CREATEDB PASSWORD/);
    expect(service('postgresql').configs).toContainEqual({
      source: 'postgres-init',
      target: expect.stringMatching(/^\/docker-entrypoint-initdb\.d\/[^/]+\.sh$/),
    });
    // The healthcheck goes over TCP, which only opens once initialisation is over.
    expect(JSON.stringify(service('postgresql').healthcheck?.test)).toMatch(/pg_isready .*-h 127\.0\.0\.1/);
  });

  it('configures the Temporal server with the database settings the schema job used', () => {
    const server = environment(service('temporal'));
    const schemaJob = environment(service('temporal-admin-tools'));
    for (const key of ['DB', 'DB_PORT', 'POSTGRES_SEEDS', 'POSTGRES_USER', 'POSTGRES_PWD']) {
      expect({ key, value: server[key] }).toEqual({ key, value: schemaJob[key] });
    }
    expect(server.DB).toBe('postgres12');
    expect(server.POSTGRES_SEEDS).toBe('postgresql');
    expect(server.BIND_ON_IP).toBe('0.0.0.0');
    const dynamicConfig = (service('temporal').configs ?? []).find((ref) => isDict(ref) && ref.source === 'temporal-dynamic-config') as Dict;
    expect(dynamicConfig?.target).toBe(server.DYNAMIC_CONFIG_FILE_PATH);
    expect(() => parse(read(String(compose.configs?.['temporal-dynamic-config']?.file)))).not.toThrow();
  });

  it('points the Temporal UI at the server and at the API codec endpoint', () => {
    const ui = environment(service('temporal-ui'));
    expect(ui.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(ui.TEMPORAL_CODEC_ENDPOINT).toBe('http://localhost:3000/codec');
    expect(ui.TEMPORAL_CORS_ORIGINS).toBeDefined();
  });

  it('checks API readiness with Node itself, since the image has no curl', () => {
    const test = service('api').healthcheck?.test as string[];
    expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(test[3]).toMatch(/fetch\('http:\/\/(localhost|127\.0\.0\.1):3000\/readyz'\)/);
  });
});

describe('deploy/temporal-setup.sh', () => {
  const scriptPath = 'deploy/temporal-setup.sh';
  const script = read(scriptPath);

  it('is the script both admin-tools jobs run, each with a subcommand it handles', () => {
    for (const name of ['temporal-admin-tools', 'temporal-namespace']) {
      const svc = service(name);
      const mount = mounts(svc).find(({ source }) => source === `./${scriptPath}`);
      expect(mount).toBeDefined();
      expect(svc.entrypoint).toEqual(['/bin/sh', mount?.target]);
      const [subcommand] = svc.command as string[];
      expect(script).toMatch(new RegExp(`^\\s+${subcommand}\\) `, 'm'));
    }
    expect(service('temporal-admin-tools').command).toEqual(['schema']);
    expect(service('temporal-namespace').command).toEqual(['namespace']);
  });

  it('is POSIX sh that stops at the first error', () => {
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toMatch(/^set -eu$/m);
    expect(script).not.toMatch(/\[\[|^\s*function\s|\bdeclare\b|\blocal\b/m);
    expect(() => execFileSync('sh', ['-n', join(ROOT, scriptPath)])).not.toThrow();
  });

  it('creates both Temporal databases and applies the PostgreSQL v12 versioned schemas', () => {
    expect(script).toContain('/etc/temporal/schema/postgresql/v12');
    expect(script).toMatch(/\$\{DBNAME:-temporal\}:temporal/);
    expect(script).toMatch(/\$\{VISIBILITY_DBNAME:-temporal_visibility\}:visibility/);
    expect(script).toMatch(/\/versioned"/);
    expect(script).toMatch(/temporal-sql-tool --plugin "\$DB"/);
    expect(script).toMatch(/sql_tool "\$database" create/);
    expect(script).toMatch(/sql_tool "\$database" setup-schema -v 0\.0/);
    expect(script).toMatch(/sql_tool "\$database" update-schema -d "\$versioned"/);
  });

  it('registers every search attribute the workflows declare, with the same type', () => {
    const typeNames: Record<string, string> = {
      TEXT: 'Text',
      KEYWORD: 'Keyword',
      INT: 'Int',
      DOUBLE: 'Double',
      BOOL: 'Bool',
      DATETIME: 'Datetime',
      KEYWORD_LIST: 'KeywordList',
    };
    const declared = [
      ...read('workflows/search-attributes.ts').matchAll(/defineSearchAttributeKey\(\s*'(\w+)',\s*SearchAttributeType\.(\w+)\s*\)/g),
    ].map(([, name, type]) => [name, typeNames[type]]);
    expect(declared.length).toBeGreaterThan(0);

    const block = /^SEARCH_ATTRIBUTES='\n([\s\S]*?)^'$/m.exec(script);
    expect(block).not.toBeNull();
    const registered = Object.fromEntries(
      (block?.[1] ?? '')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(':')),
    );
    for (const type of Object.values(registered)) expect(Object.values(typeNames)).toContain(type);
    for (const [name, type] of declared) expect({ name, type: registered[name] }).toEqual({ name, type });
    expect(registered).toMatchObject({ ReviewOverdue: 'Bool' });
  });

  it('creates the namespace and search attributes against the configured frontend', () => {
    expect(script).toMatch(/address=\$\{TEMPORAL_ADDRESS:-temporal:7233\}/);
    expect(script).toMatch(/temporal operator namespace create --namespace "\$namespace"/);
    expect(script).toMatch(/temporal operator search-attribute create --namespace "\$namespace" --address "\$address" "\$@"/);
    // Each --name is paired with its own --type.
    expect(script).toMatch(/set -- "\$@" --name "\$name" --type "\$\{pair#\*:\}"/);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const lines = dockerfile.split('\n').map((line) => line.trim());
  const args = Object.fromEntries(
    lines.flatMap((line) => {
      const match = /^ARG (\w+)=(\S+)$/.exec(line);
      return match ? [[match[1], match[2]]] : [];
    }),
  );
  const stages = lines
    .filter((line) => line.startsWith('FROM '))
    .map((line) => line.slice(5).replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? `\${${name}}`));
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('builds in several stages on a maintained Node LTS (node:24-bookworm-slim), the major package.json engines and CI name', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/^node:24-bookworm-slim AS \w+$/);
    // Issue 18: engines admits the image's Node, and .ci/run tests on it (scripts/image-node.mjs reads this major).
    expect(JSON.parse(read('package.json')).engines.node).toMatch(/>=24|\^24/);
    expect(read('.ci/run')).toMatch(/npm run test:image-node/);
    const names = stages.map((stage) => stage.split(' AS ')[1]);
    for (const stage of stages.slice(1)) expect(names).toContain(stage.split(' ')[0]);
  });

  it('installs dependencies from the lockfile with an npm that honours allowScripts', () => {
    expect(dockerfile).toMatch(/^RUN .*npm ci$/m);
    expect(dockerfile).toMatch(/^RUN .*npm ci --omit=dev$/m);
    expect(dockerfile).toMatch(/ARG NPM_VERSION=11\./);
    expect(dockerfile).not.toMatch(/npm install(?! --global "npm@)/);
    expect(JSON.parse(read('package.json')).allowScripts).toBeDefined();
  });

  it('generates the Prisma client without a schema engine, into the image', () => {
    expect(dockerfile).toMatch(/^RUN PRISMA_SCHEMA_ENGINE_BINARY=\/bin\/true npx prisma generate$/m);
    const output = /generator client \{[^}]*output\s*=\s*"([^"]+)"/.exec(read('prisma/schema.prisma'))?.[1];
    expect(output).toBe('../generated/prisma');
    expect(finalStage).toMatch(/^COPY --from=build \/app\/generated \.\/generated$/m);
  });

  it('puts the project binaries on PATH so services can start tsx directly', () => {
    expect(finalStage).toMatch(/^\s*PATH=\/app\/node_modules\/\.bin:\$PATH$/m);
    expect(dockerfile).toMatch(/^WORKDIR \/app$/m);
    expect(finalStage).toMatch(/^CMD \["tsx", "api\/main\.ts"\]$/m);
  });

  it('runs the final stage as the unprivileged node user', () => {
    const users = [...finalStage.matchAll(/^USER (\S+)$/gm)].map((match) => match[1]);
    expect(users.at(-1)).toBe('node');
  });
});

describe('.dockerignore', () => {
  const patterns = read('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  it('keeps local installs, generated files, secrets and history out of the build context', () => {
    for (const entry of ['node_modules', '.data', '.tools', 'generated', 'coverage', '.git', '.env']) {
      expect(patterns).toContain(entry);
    }
  });

  it('keeps what the image needs in the build context', () => {
    const needed = ['package.json', 'package-lock.json', 'prisma', 'prisma.config.ts', 'api', 'worker', 'workflows', 'activities', 'config', 'domain'];
    for (const path of needed) expect(patterns.filter((pattern) => pattern === path || pattern === `${path}/`)).toEqual([]);
    expect(patterns.some((pattern) => pattern === '*' || pattern === '**')).toBe(false);
  });
});
