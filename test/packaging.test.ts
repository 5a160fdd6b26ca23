// The packaging files, checked as far as this machine can (Docker does not run here): compose.yaml
// parses and wires PostgreSQL, Redis, two web processes, a worker and HAProxy over the balancer
// configuration the tests run; HAProxy accepts that configuration with compose's addresses; the
// Dockerfile builds in stages and runs as a non-root user with production dependencies only.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/config/config.js';
import { HAPROXY_CONFIG } from './helpers/cluster.js';

const root = new URL('..', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

interface Service {
  init?: boolean;
  stop_grace_period?: string;
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
}

describe('packaging', () => {
  it('compose.yaml runs PostgreSQL, Redis, two web processes, a worker and HAProxy with deploy/haproxy.cfg', () => {
    const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Service> };
    const { services } = compose;
    expect(Object.keys(services).sort()).toEqual(['app1', 'app2', 'haproxy', 'postgres', 'redis', 'worker']);
    for (const name of ['app1', 'app2', 'worker']) {
      const environment = services[name]!.environment!;
      expect(environment['DATABASE_URL']).toMatch(/^postgres:\/\/.+@postgres:5432\//);
      expect(environment['REDIS_URL']).toBe('redis://redis:6379');
      expect(environment['HELPER_SECRET_KEY']).toBeDefined();
      expect(environment['HELPER_ROLE']).toBe(name === 'worker' ? 'worker' : 'web');
    }
    const haproxy = services['haproxy']!;
    expect(haproxy.volumes).toContain('./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    expect(haproxy.environment).toMatchObject({ HELPER_APP_1: 'app1:5005', HELPER_APP_2: 'app2:5005' });
  });

  it('compose.yaml gives the app processes an init and more time to stop than the app gives itself', () => {
    const { services } = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Service> };
    const ownDeadlineMs = loadConfig({}).shutdownTimeoutMs;
    for (const name of ['app1', 'app2', 'worker']) {
      const service = services[name]!;
      expect(service.init, name).toBe(true);
      const grace = /^(\d+)(ms|s|m)$/.exec(service.stop_grace_period ?? '');
      expect(grace, `${name}: stop_grace_period`).not.toBeNull();
      const graceMs = Number(grace![1]) * { ms: 1, s: 1000, m: 60_000 }[grace![2] as 'ms' | 's' | 'm'];
      // Docker's SIGKILL must not race the app's own deadline (logged, exit 1).
      expect(graceMs - ownDeadlineMs, name).toBeGreaterThanOrEqual(5_000);
    }
  });

  it.skipIf(!existsSync('/usr/sbin/haproxy') && !process.env['CI'])('HAProxy accepts deploy/haproxy.cfg with compose’s addresses', async () => {
    const env = { ...process.env, HELPER_LB_BIND: ':8080', HELPER_APP_1: '127.0.0.1:5005', HELPER_APP_2: '127.0.0.1:5006', HELPER_APP_3: '127.0.0.1:5007' };
    const { stdout, stderr } = await promisify(execFile)('/usr/sbin/haproxy', ['-c', '-f', HAPROXY_CONFIG], { env });
    expect(`${stdout}${stderr}`).toContain('Configuration file is valid');
  });

  it('the Dockerfile builds in stages, installs production dependencies only, runs as a non-root user and checks readiness', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile.match(/^FROM /gm)?.length).toBe(3);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/health\/ready/);
    // Read at run time: the demo's files (first start) and the console's sentences (training e-mails).
    expect(dockerfile).toMatch(/^COPY src\/assistant\/demo /m);
    expect(dockerfile).toMatch(/^COPY console\/src\/locales\/\*\.json \.\/console\/src\/locales\/$/m);
    expect(dockerfile).toMatch(/CMD \["node", "--max-semi-space-size=8", "dist\/main\.js"\]/);
  });

  it("runs node as npm start does, with the Dockerfile's two malloc arenas (the memory the bench measures)", () => {
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts['start'];
    expect(start).toBe('node --max-semi-space-size=8 dist/main.js');
    const dockerfile = read('Dockerfile');
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect((JSON.parse(cmd ?? '[]') as string[]).join(' ')).toBe(start);
    expect(dockerfile).toMatch(/^\s+MALLOC_ARENA_MAX=2 \\$/m);
  });
});
