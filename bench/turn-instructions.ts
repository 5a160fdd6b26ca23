// `node --import tsx bench/turn-instructions.ts`: what one REST turn costs in instructions, a count
// the machine's load does not change (unlike time or CPU per request on shared cores). The built
// server (dist/main.js, `npm start`'s flags, the bench's assistant: the Portuguese demo without its
// handoff) runs under valgrind's callgrind with instrumentation off; after a warm-up, counting is
// switched on (`callgrind_control -i on`) around each measured part and off after it, and each
// part is dumped apart:
//   - idle: the server alone for TURN_IDLE_S seconds (its timers), as instructions a second;
//   - batched: TURN_COUNT turns in waves of 20 at once from different senders (group commits);
//   - alone: TURN_COUNT turns one at a time, each sent when the previous answer came.
// Every process thread is counted (V8's compiler and GC threads too), and each part is also given
// without V8's optimising compiler and major collections, which come when V8's own heuristics say. The messages are the bench's
// (bench/chat-messages.ts) from BENCH_SENDERS senders. Under valgrind a turn takes some 50 times
// longer, so the server's timers fire more often per turn than at full speed: the idle rate says
// how much of a part's count they can be. The analytics projector is not started
// (bench/without-analytics-projector.mjs): it works to a share of the event loop's time, which
// under valgrind is a different share of the turns, and it catches up with the warm-up while
// turns are counted; TURN_PROJECTOR=1 starts it. TURN_RUNS servers one after another (3): the
// figures of each and their medians. TURN_WARMUP turns first (10,000: 20 at a time, then a tenth
// as many alone), TURN_COUNT counted per part (1,000). TURN_PRELOAD: one more module the server loads
// first (`node --import`). TURN_KEEP=1 keeps the dumps (printed where) for `callgrind_annotate`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareBenchAssistant, productionNode } from './bench-assistant.js';
import { chatBodies } from './chat-messages.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const WARMUP = Number(process.env.TURN_WARMUP ?? 10000);
const COUNT = Number(process.env.TURN_COUNT ?? 1000);
const IDLE_S = Number(process.env.TURN_IDLE_S ?? 5);
const RUNS = Number(process.env.TURN_RUNS ?? 3);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 500);
const WAVE = 20;

interface Figures {
  idlePerSecond: number;
  batched: Part;
  alone: Part;
}

/** Starts `command` and resolves with the URL the platform prints once it listens. */
function startPlatform(command: string, args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the platform did not start under valgrind: ${output.slice(-2000)}`)), 600_000);
    const read = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-10_000);
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-10_000)));
    child.on('exit', (code) => reject(new Error(`the platform exited with ${code}: ${output.slice(-2000)}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** One REST turn; resolves when its answer has been read (rejects unless 200). */
function turn(url: URL, agent: Agent, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`status ${response.statusCode}`))));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function batched(url: URL, agent: Agent, next: () => string, count: number): Promise<void> {
  for (let sent = 0; sent < count; sent += WAVE) {
    await Promise.all(Array.from({ length: Math.min(WAVE, count - sent) }, () => turn(url, agent, next())));
  }
}

async function alone(url: URL, agent: Agent, next: () => string, count: number): Promise<void> {
  for (let sent = 0; sent < count; sent += 1) await turn(url, agent, next());
}

function control(pid: number, ...args: string[]): void {
  const result = spawnSync('callgrind_control', [...args, String(pid)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`callgrind_control ${args.join(' ')} failed: ${result.stderr}${result.stdout}`);
}

/** A counted part: all its instructions, those of V8's optimising compiler and of its major garbage collections, and its seconds. */
interface Part {
  instructions: number;
  compiler: number;
  majorGc: number;
  seconds: number;
}

/**
 * V8's optimising compiler (TurboFan, on its worker threads) and its major garbage collections
 * (concurrent marking and the mark-compact) run when V8's counters and timers say, not at every
 * turn: still compiling long after the warm-up, and more often per turn under valgrind, whose
 * slowness stretches the timers. So a part is also given without them (inclusive costs, from
 * `callgrind_annotate`), the figure that moves least from run to run.
 */
function heuristicWork(file: string): { compiler: number; majorGc: number } {
  const annotated = spawnSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const inclusive = (name: string): number => {
    const line = annotated.stdout.split('\n').find((text) => text.includes(name));
    return line ? Number(/^\s*([\d,]+)/.exec(line)?.[1]?.replaceAll(',', '') ?? 0) : 0;
  };
  return {
    compiler: inclusive('OptimizingCompileDispatcher::CompileTask::RunInternal()'),
    majorGc: inclusive('ConcurrentMarking::RunMajor(') + inclusive('MarkCompactCollector::CollectGarbage()'),
  };
}

/** Counts `work`'s instructions: counting on, the work, counting off, a dump. */
async function counted(pid: number, folder: string, label: string, work: () => Promise<void>): Promise<Part> {
  const before = new Set(await readdir(folder));
  control(pid, '-i', 'on');
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  control(pid, '-i', 'off');
  control(pid, `--dump=${label}`);
  for (let waited = 0; waited < 600; waited += 1) {
    const dumps = (await readdir(folder)).filter((name) => !before.has(name) && name.startsWith('callgrind.out'));
    for (const name of dumps) {
      const text = await readFile(join(folder, name), 'utf8');
      const totals = /^totals: (\d+)/m.exec(text);
      if (totals?.[1]) return { instructions: Number(totals[1]), seconds, ...heuristicWork(join(folder, name)) };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no callgrind dump for ${label}`);
}

async function measure(run: number): Promise<Figures> {
  const production = await productionNode();
  const dataDir = await mkdtemp(join(tmpdir(), 'helper-turns-'));
  const dumps = await mkdtemp(join(tmpdir(), 'helper-turns-callgrind-'));
  const env = {
    HELPER_DATA_DIR: dataDir,
    HELPER_LOAD_DEMO: 'false',
    HELPER_RATE_LIMIT_PER_SENDER: '0',
    HELPER_RATE_LIMIT_SENDER_QUEUE: '0',
    HELPER_RATE_LIMIT_PER_ADDRESS: '0',
    HELPER_RATE_LIMIT_BOT_API_PER_ADDRESS: '0',
  };
  await prepareBenchAssistant(env);
  const preload = [
    ...(process.env.TURN_PROJECTOR === '1' ? [] : ['--import', './bench/without-analytics-projector.mjs']),
    ...(process.env.TURN_PRELOAD ? ['--import', process.env.TURN_PRELOAD] : []),
  ];
  const platform = await startPlatform(
    'valgrind',
    ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${join(dumps, 'callgrind.out.%p')}`, process.execPath, ...production.flags, ...preload, 'dist/main.js'],
    { ...production.env, HELPER_HOST: '127.0.0.1', HELPER_PORT: '0', HELPER_LOG_LEVEL: 'info', ...env },
  );
  const pid = platform.child.pid!;
  // Interrupted, the server goes too (valgrind would otherwise outlive this script).
  const interrupted = (): void => {
    platform.child.kill('SIGKILL');
    process.exit(130);
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  const url = new URL('/webhooks/rest/webhook', platform.url);
  const agent = new Agent({ keepAlive: true, maxSockets: WAVE });
  const next = chatBodies(SENDERS);
  try {
    await batched(url, agent, next, WARMUP); // JIT, the senders' first turns
    await alone(url, agent, next, Math.ceil(WARMUP / 10)); // the lone path's own code (no savepoints, reads at once)
    const idle = await counted(pid, dumps, 'idle', () => new Promise((resolve) => setTimeout(resolve, IDLE_S * 1000)));
    const inWaves = await counted(pid, dumps, 'batched', () => batched(url, agent, next, COUNT));
    const oneAtATime = await counted(pid, dumps, 'alone', () => alone(url, agent, next, COUNT));
    return { idlePerSecond: idle.instructions / idle.seconds, batched: inWaves, alone: oneAtATime };
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    agent.destroy();
    await stop(platform.child);
    await rm(dataDir, { recursive: true, force: true });
    if (process.env.TURN_KEEP === '1') console.log(`run ${run}: callgrind dumps kept in ${dumps}`);
    else await rm(dumps, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const format = (value: number): string => Math.round(value).toLocaleString('en-US');
/** Per turn: all, and without the compiler's and major collections' (the steadier figure). */
const perTurn = (part: Part): { all: number; steady: number } => ({ all: part.instructions / COUNT, steady: (part.instructions - part.compiler - part.majorGc) / COUNT });
const describe = (part: Part, mode: string): string =>
  `${mode}: ${format(perTurn(part).all)} per turn (of which V8's optimising compiler ${format(part.compiler / COUNT)}, major collections ` +
  `${format(part.majorGc / COUNT)}: without them ${format(perTurn(part).steady)}; ${part.seconds.toFixed(0)} s)`;
const runs: Figures[] = [];
for (let run = 1; run <= RUNS; run += 1) {
  const figures = await measure(run);
  runs.push(figures);
  console.log(`run ${run}: ${describe(figures.batched, `in waves of ${WAVE}`)}; ${describe(figures.alone, 'alone')}; idle ${format(figures.idlePerSecond)} a second`);
}
const medianOf = (pick: (figures: Figures) => number): string => format(median(runs.map(pick)));
console.log(
  `median of ${RUNS} (warm-up ${WARMUP}, ${COUNT} counted per part, projector ${process.env.TURN_PROJECTOR === '1' ? 'on' : 'off'}${process.env.TURN_PRELOAD ? `, preloaded ${process.env.TURN_PRELOAD}` : ''}): ` +
    `in waves of ${WAVE} ${medianOf((figures) => perTurn(figures.batched).all)} per turn (${medianOf((figures) => perTurn(figures.batched).steady)} without the compiler and major collections), ` +
    `alone ${medianOf((figures) => perTurn(figures.alone).all)} (${medianOf((figures) => perTurn(figures.alone).steady)}), idle ${medianOf((figures) => figures.idlePerSecond)} a second`,
);
