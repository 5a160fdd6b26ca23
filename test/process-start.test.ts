// A stop during start-up (src/main.ts through tsx): a first start trains the demo assistant for tens
// of seconds, and an orchestrator's SIGTERM meanwhile must not be ignored (node as a container's
// PID 1 ignores a signal it has no handler for) nor wait for the training: the process closes what
// it opened and exits 0 at once.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sleep, waitFor } from './helpers/wait-for.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('SIGTERM during start-up', () => {
  it('exits 0 within seconds, before listening, without waiting for the first start’s training', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'helper-start-stop-'));
    folders.push(dataDir);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { ...process.env, HELPER_DATA_DIR: dataDir, HELPER_HOST: '127.0.0.1', HELPER_PORT: '0', HELPER_LOG_LEVEL: 'info', HELPER_ADMIN_PASSWORD: 'start-stop-password-1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      // Into the start-up's work: the store opened, the demo imported and being trained.
      await waitFor(() => output.includes('"msg":"training started"') || child.exitCode !== null, () => `the demo's first training:\n${output}`, 30_000);
      await sleep(200);
      expect(output).not.toContain('Helper Assistant is listening');
      const signalled = Date.now();
      child.kill('SIGTERM');
      const [code, signal] = await Promise.race([exited, sleep(8_000).then(() => [undefined, undefined] as const)]);
      expect({ code, signal }, output.slice(-3000)).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalled).toBeLessThan(5_000);
      expect(output).toContain('shutting down during start-up');
      expect(output).not.toContain('Helper Assistant is listening');
      expect(output).not.toMatch(/unhandled|failed to start/i);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
