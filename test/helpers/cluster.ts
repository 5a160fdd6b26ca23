// Real app processes (src/main.ts through tsx) behind a real HAProxy (deploy/haproxy.cfg, the
// file compose.yaml runs), on 127.0.0.1: what the scale-out tests and `npm run bench:chaos` drive.
// Each process can be killed (SIGKILL: a crash), stopped (SIGTERM) and started again on its port.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from './private-redis.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const HAPROXY_CONFIG = fileURLToPath(new URL('../../deploy/haproxy.cfg', import.meta.url));
const HAPROXY = process.env.HELPER_TEST_HAPROXY ?? '/usr/sbin/haproxy';

export interface AppProcess {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** What the process printed since its last start. */
  output(): string;
  /** Started, listening, and not killed or stopped since. */
  running(): boolean;
  start(): Promise<void>;
  /** SIGKILL, as a crash: nothing is flushed, nothing is closed. */
  kill(): Promise<void>;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
  /** The running process's id (its memory is read from /proc by the benchmark). */
  pid(): number | undefined;
}

/**
 * Starts `node --import tsx src/main.ts` (or the built `dist/main.js`, for benchmarks) on its own
 * port with `env`; resolves once it listens.
 */
export function appProcess(name: string, port: number, env: Record<string, string>, entry: 'source' | 'built' = 'source'): AppProcess {
  let child: ChildProcess | undefined;
  let exited: Promise<number | null> = Promise.resolve(null);
  let output = '';
  /** Started and listening (not merely alive). */
  let listening = false;
  const url = `http://127.0.0.1:${port}`;
  return {
    name,
    port,
    url,
    output: () => output,
    pid: () => child?.pid,
    running: () => listening && child !== undefined && child.exitCode === null && child.signalCode === null,
    async start() {
      output = '';
      listening = false;
      const started = spawn(process.execPath, entry === 'built' ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'], {
        cwd: root,
        env: { ...process.env, HELPER_HOST: '127.0.0.1', HELPER_PORT: String(port), HELPER_LOG_LEVEL: 'warn', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      started.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
      started.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
      exited = once(started, 'exit').then(([code]) => code as number | null);
      const stopped = exited.then((code) => {
        throw new Error(`${name} exited with ${code} before listening:\n${output}`);
      });
      for (;;) {
        const live = fetch(`${url}/health/live`).then(
          (response) => response.ok,
          () => false,
        );
        if (await Promise.race([live, stopped])) {
          listening = true;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async kill() {
      listening = false;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      listening = false;
      if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export interface Balancer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** HAProxy on a free port in front of up to three app processes (deploy/haproxy.cfg). */
export async function startBalancer(apps: readonly AppProcess[]): Promise<Balancer> {
  const port = await freePort();
  const env: Record<string, string> = { HELPER_LB_BIND: `127.0.0.1:${port}` };
  // Unused slots: an address nothing listens on, so that server simply stays down.
  const unused = await freePort();
  for (let slot = 1; slot <= 3; slot++) env[`HELPER_APP_${slot}`] = `127.0.0.1:${apps[slot - 1]?.port ?? unused}`;
  // -db: stay in the foreground (stopped by this pid); -W: master-worker, so SIGTERM ends both.
  const child = spawn(HAPROXY, ['-db', '-W', '-f', HAPROXY_CONFIG], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  // Ready once it routes a readiness probe to a process (its own health checks have passed).
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`haproxy exited:\n${output}`);
    const ok = await fetch(`${url}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (attempt > 600) throw new Error(`haproxy routed nothing within a minute:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    port,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Free ports for `count` app processes. */
export async function appPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  return ports;
}
