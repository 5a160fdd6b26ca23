// The `helper` command reads the working directory's .env as `npm start` does, so both open the
// same store: run as a process (from the sources) in an empty folder whose .env names the data
// folder, it creates its store there, not in the default ./data.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('helper reads the .env of its working directory, and a variable of the environment still wins', async () => {
  dir = await mkdtemp(join(tmpdir(), 'helper-dot-env-'));
  await writeFile(join(dir, '.env'), 'HELPER_DATA_DIR=./from-dot-env\nHELPER_DEFAULT_ASSISTANT=demo/pt\n');
  const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
  const run = (env: Record<string, string>) =>
    promisify(execFile)(process.execPath, ['--import', tsx, join(root, 'src/cli/main.ts'), 'server', 'list'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', ...env } });
  await run({});
  expect(existsSync(join(dir, 'from-dot-env'))).toBe(true);
  expect(existsSync(join(dir, 'data'))).toBe(false);
  await run({ HELPER_DATA_DIR: './from-environment' });
  expect(existsSync(join(dir, 'from-environment'))).toBe(true);
}, 60_000);
