// A start that fails prints one line naming the variable to look at — no stack (unless
// HELPER_LOG_LEVEL=debug), never a DATABASE_URL's password — and exits non-zero; a secret key of the
// wrong shape is a configuration error (exit 2) like the other variables.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const PASSWORD = 'Pa55-w0rd-never-shown';
const STACK_LINE = /\n\s+at /;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'helper-startup-failure-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, HELPER_DATA_DIR: join(dir, 'data'), HELPER_HOST: '127.0.0.1', HELPER_PORT: '0', HELPER_LOG_LEVEL: 'info', HELPER_LOAD_DEMO: 'false', DATABASE_URL: '', REDIS_URL: '', HELPER_SECRET_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, output };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

describe('a start that fails', () => {
  it('names DATABASE_URL without its password and without a stack when the database is unreachable', async () => {
    const port = await closedPort();
    const { code, output } = await start({ DATABASE_URL: `postgres://helper:${PASSWORD}@127.0.0.1:${port}/helper` });
    expect(code).not.toBe(0);
    expect(output).toContain('failed to start');
    expect(output).toContain('DATABASE_URL');
    expect(output).toContain('ECONNREFUSED');
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toMatch(STACK_LINE);
  });

  it('names HELPER_DATA_DIR when it is under a regular file, without a stack', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a folder');
    const { code, output } = await start({ HELPER_DATA_DIR: join(file, 'data') });
    expect(code).not.toBe(0);
    expect(output).toContain('HELPER_DATA_DIR');
    expect(output).toContain('ENOTDIR');
    expect(output).not.toMatch(STACK_LINE);
  });

  it('refuses a secret key of the wrong shape as a configuration error (exit 2), without a stack', async () => {
    const { code, output } = await start({ HELPER_SECRET_KEY: 'too-short' });
    expect(code).toBe(2);
    expect(output).toContain('HELPER_SECRET_KEY');
    expect(output).not.toMatch(STACK_LINE);
  });

  it('refuses an embeddings URL holding a user or password as a configuration error (exit 2), without echoing it', async () => {
    const { code, output } = await start({ HELPER_EMBEDDINGS_URL: `http://user:${PASSWORD}@127.0.0.1:5481/embed`, HELPER_EMBEDDINGS_MODEL: 'm' });
    expect(code).toBe(2);
    expect(output).toContain('HELPER_EMBEDDINGS_URL');
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toMatch(STACK_LINE);
  });
});
