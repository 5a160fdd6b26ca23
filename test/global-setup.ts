// Vitest global setup: the browser tests open the console and the web chat widget as the platform
// serves them, from dist/console and dist/widget, so build each first — only when a file of its
// sources is newer than its last build (a few seconds the first time, nothing after). A fresh clone
// after `npm ci` has neither: `prepare` compiles the server only.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const consoleDir = join(root, 'console');
const builtIndex = join(root, 'dist', 'console', 'index.html');
const widgetDir = join(root, 'widget');
const builtWidget = join(root, 'dist', 'widget', 'widget.js');

function newestChange(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    const time = entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}

function builtAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

export default function buildIfStale(): void {
  buildConsoleIfStale();
  if (builtAt(builtWidget) < newestChange(widgetDir)) {
    execFileSync(process.execPath, [join(widgetDir, 'build.mjs')], { cwd: root, stdio: 'inherit' });
  }
}

function buildConsoleIfStale(): void {
  if (builtAt(builtIndex) >= newestChange(consoleDir)) return;
  // A process of its own: Vitest's NODE_ENV=test would otherwise give React's development build.
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(consoleDir, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
}
