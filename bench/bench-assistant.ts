// What the REST benchmarks share: how production runs the built server, and the bench's
// assistant (the Portuguese demo without its handoff) put into a store with the `helper` command.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoAssistantFiles, parseAssistantFile, serialiseAssistantFile } from '../src/assistant/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * How production runs the server: `npm start`'s node flags (package.json, which the Dockerfile's
 * CMD repeats, test/packaging.test.ts) and the Dockerfile's MALLOC_ARENA_MAX. Every measured
 * platform process runs so, so that its memory and CPU are what a deployment gets.
 */
export async function productionNode(): Promise<{ flags: string[]; env: Record<string, string> }> {
  const scripts = (JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const match = /^node (.*)dist\/main\.js$/.exec(scripts['start'] ?? '');
  if (!match) throw new Error(`npm start is not "node … dist/main.js": ${scripts['start']}`);
  return { flags: match[1]!.split(' ').filter(Boolean), env: { MALLOC_ARENA_MAX: '2' } };
}

/** Runs the built `helper` command with `env` (an administrator's shell); rejects unless it exits 0. */
function helperCommand(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/helper.js', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`helper ${args.join(' ')} exited with ${code}: ${output}`))));
  });
}

/**
 * The bench measures answered turns. The Portuguese demo hands a conversation to a person when its
 * user asks for one (the `encaminhar_atendente` skill's `handoff: true`); nobody takes those here,
 * so in a long run most senders would have asked once and every later message of theirs would be
 * a paused turn (stored, not answered). The bench's assistant is therefore the demo as an
 * administrator without agents would configure it: the same file without that flag, imported and
 * trained with the `helper` command (`import --replace`, `train`) into the store `env` names,
 * before any platform process starts. What is measured is how many conversations were still
 * handed off at the end (0 expected).
 */
export async function prepareBenchAssistant(env: Record<string, string>): Promise<void> {
  const demo = demoAssistantFiles().find((file) => file.language === 'pt');
  if (!demo) throw new Error('the Portuguese demo assistant file is missing');
  const parsed = parseAssistantFile(await readFile(demo.path, 'utf8'), demo.path);
  if (!parsed.ok) throw new Error(`the Portuguese demo file does not read: ${parsed.errors.map((error) => error.message).join('; ')}`);
  const { file } = parsed;
  if (!file.content.skills.some((skill) => skill.handoff)) throw new Error('no skill of the Portuguese demo hands off any more: update prepareBenchAssistant');
  const skills = file.content.skills.map(({ handoff: _handoff, ...skill }) => skill);
  const withoutHandoff = serialiseAssistantFile({ ...file, content: { ...file.content, skills } });
  const folder = await mkdtemp(join(tmpdir(), 'helper-bench-file-'));
  try {
    const file = join(folder, 'demo-pt-without-handoff.yaml');
    await writeFile(file, withoutHandoff);
    await helperCommand(['import', file, '--assistant', 'demo/pt', '--replace'], env);
    await helperCommand(['train', '--assistant', 'demo/pt'], env);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
