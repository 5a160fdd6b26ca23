// A redis-server of the test's own, on a free port of 127.0.0.1, in a temporary folder, without
// persistence: what a test may stop and start again, or freeze (the machine's shared Redis is never
// restarted). Stopped by its own pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** A port nobody listens on now (the kernel's pick, released at once). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export class PrivateRedis {
  #child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), await mkdtemp(join(tmpdir(), 'helper-redis-')));
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again) on the same port; resolves once it answers PING. */
  async up(): Promise<void> {
    if (this.#child) return;
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], { stdio: 'ignore' });
    this.#child = child;
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // Refused while the server starts: expected, answered by the loop below.
    probe.on('error', () => undefined);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await probe.connect();
          await probe.ping();
          return;
        } catch (error: unknown) {
          if (attempt > 100 || child.exitCode !== null) throw error;
          probe.disconnect();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    } finally {
      probe.disconnect();
    }
  }

  /**
   * Stops the server without closing its connections (SIGSTOP): connected clients see Redis connected
   * but answering nothing, as in a stalled process or a network partition without a reset.
   */
  freeze(): void {
    if (!this.#child?.pid) throw new Error('the private Redis is not running');
    this.#child.kill('SIGSTOP');
  }

  /** Lets a frozen server go on (SIGCONT): it answers what it was sent meanwhile. */
  thaw(): void {
    if (!this.#child?.pid) throw new Error('the private Redis is not running');
    this.#child.kill('SIGCONT');
  }

  /** Kills the server (SIGKILL: as a crash; a frozen one too), and waits until it is gone. */
  async down(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = undefined;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
  }

  async stop(): Promise<void> {
    await this.down();
    await rm(this.dir, { recursive: true, force: true });
  }
}
