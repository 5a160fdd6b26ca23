// What one NLU parse costs, measured so that runs on a busy machine still compare (issue 18, item 7).
// It trains the demo assistants' models as the platform does (their YAML files' intents, contexts
// and regexes) and CLINC150's (its `train` split), then parses, again and again, the bench's varied
// chat messages (bench/chat-messages.ts) with the Portuguese demo, the English demo's own phrases
// with it, and CLINC150's validation messages with its model.
//
//   node --import tsx bench/nlu-parse-cost.ts              µs per parse (wall and CPU), 7 rounds each
//   node --import tsx bench/nlu-parse-cost.ts --callgrind  instructions per parse, under valgrind's
//                                                          callgrind, counting only the measured loop
//   node --import tsx bench/nlu-parse-cost.ts --profile    the loop's hottest functions (node --cpu-prof)
//
// Instructions do not depend on the machine's load (timings do): the models are trained in this
// process, written to a temporary folder and loaded by a child run under
// `valgrind --tool=callgrind --instr-atstart=no` (node --predictable), which warms each set up
// uninstrumented and turns the counting on and off around its measured pass with
// `callgrind_control -i on|off` (JavaScript cannot make callgrind's client requests; the pass's
// count includes node's side of those two calls), then dumps the counts of that pass alone.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoAssistantFiles, parseAssistantFile } from '../src/assistant/index.js';
import { loadModel, serialiseModel, trainModel, type NluInterpreter, type NluTrainingData } from '../src/nlu/index.js';
import { chatMessages } from './chat-messages.js';
import { toIntents } from './labelled-examples.js';
import { readClinc } from './nlu-data-sets.js';

const SCRIPT = fileURLToPath(import.meta.url);
const THRESHOLD = 0.2;
// Dates are read from a fixed moment, so that every run parses the same way.
const NOW = new Date('2026-12-04T12:00:00Z');
const MESSAGES_PER_SET = 1000;
const ROUNDS = 7;
const WARM_UP_PASSES = 3;
// Under callgrind the counted pass must not hold a compilation (node --predictable compiles on the
// main thread): a set is parsed at least this many times first, which is past V8's tiering.
const COUNTED_WARM_UP_PARSES = 10_000;

interface ParseSet {
  name: string;
  /** The trained model (a serialised artifact). */
  artifact: string;
  messages: string[];
}

function demoData(language: 'pt' | 'en'): NluTrainingData {
  const demo = demoAssistantFiles().find((file) => file.language === language);
  if (!demo) throw new Error(`the ${language} demo assistant file is missing`);
  const parsed = parseAssistantFile(readFileSync(demo.path, 'utf8'), demo.path);
  if (!parsed.ok) throw new Error(`the ${language} demo assistant file is invalid`);
  const { intents, contexts, regexes } = parsed.file.content;
  return { language, intents, contexts, regexes };
}

function buildSets(): ParseSet[] {
  const pt = demoData('pt');
  const en = demoData('en');
  const next = chatMessages(2);
  const clinc = readClinc().validation;
  return [
    { name: 'demo pt, the bench’s chat messages', artifact: serialiseModel(trainModel(pt)), messages: Array.from({ length: MESSAGES_PER_SET }, next) },
    {
      name: 'demo en, its phrases',
      artifact: serialiseModel(trainModel(en)),
      messages: en.intents.flatMap((intent) => intent.phrases.map((phrase) => phrase.text)).slice(0, MESSAGES_PER_SET),
    },
    {
      name: 'CLINC150, validation messages',
      artifact: serialiseModel(trainModel({ language: 'en', intents: toIntents(clinc.train), contexts: [], regexes: [] })),
      messages: [...clinc.inScope, ...clinc.outOfScope].map(([text]) => text).slice(0, MESSAGES_PER_SET),
    },
  ];
}

function parseAll(nlu: NluInterpreter, messages: readonly string[]): void {
  for (const text of messages) nlu.parse(text, THRESHOLD, { now: NOW });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timeSets(sets: readonly ParseSet[]): void {
  for (const set of sets) {
    const nlu = loadModel(set.artifact);
    for (let pass = 0; pass < WARM_UP_PASSES; pass++) parseAll(nlu, set.messages);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const usage = process.cpuUsage();
      parseAll(nlu, set.messages);
      const used = process.cpuUsage(usage);
      wall.push(((performance.now() - started) * 1000) / set.messages.length);
      cpu.push((used.user + used.system) / set.messages.length);
    }
    console.log(
      `${set.name} (${set.messages.length} messages × ${ROUNDS} rounds): µs per parse, wall median ${median(wall).toFixed(1)} (min ${Math.min(...wall).toFixed(1)}), CPU median ${median(cpu).toFixed(1)} (min ${Math.min(...cpu).toFixed(1)})`,
    );
  }
}

/** The folder of the sets, for a child process. */
function writeSets(sets: readonly ParseSet[]): string {
  const folder = mkdtempSync(join(tmpdir(), 'nlu-parse-cost-'));
  writeFileSync(join(folder, 'sets.json'), JSON.stringify(sets));
  return folder;
}

function readSets(folder: string): ParseSet[] {
  return JSON.parse(readFileSync(join(folder, 'sets.json'), 'utf8')) as ParseSet[];
}

/** In the child run under callgrind: each set warmed up, then one counted pass, dumped apart. */
function countedChild(folder: string): void {
  const pid = String(process.pid);
  const control = (...args: string[]): void => void execFileSync('callgrind_control', [...args, pid], { stdio: 'ignore' });
  for (const [index, set] of readSets(folder).entries()) {
    const nlu = loadModel(set.artifact);
    const passes = Math.max(WARM_UP_PASSES, Math.ceil(COUNTED_WARM_UP_PARSES / set.messages.length));
    for (let pass = 0; pass < passes; pass++) parseAll(nlu, set.messages);
    control('-i', 'on');
    parseAll(nlu, set.messages);
    control('-i', 'off');
    control('-d', `set-${index}`);
  }
}

/** Total instructions (Ir) of a callgrind dump. */
function instructionsOf(file: string): number {
  const text = readFileSync(file, 'utf8');
  const match = /^totals: (\d+)/m.exec(text);
  if (!match) throw new Error(`no instruction total in ${file}`);
  return Number(match[1]);
}

function countSets(sets: readonly ParseSet[]): void {
  const folder = writeSets(sets);
  const dumps = join(folder, 'callgrind');
  mkdirSync(dumps);
  try {
    const run = spawnSync(
      'valgrind',
      [
        '--tool=callgrind',
        '--instr-atstart=no',
        // V8 writes and rewrites machine code: valgrind must notice it everywhere.
        '--smc-check=all',
        `--callgrind-out-file=${join(dumps, 'out')}`,
        process.execPath,
        // One thread, collections and compilations at the same points each run: without it the
        // counts of one code varied by a third from run to run (background compiler and GC threads).
        '--predictable',
        '--import',
        'tsx',
        SCRIPT,
        '--counted-child',
        folder,
      ],
      { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' },
    );
    if (run.status !== 0) throw new Error(`valgrind failed (${run.status}): ${run.stderr.slice(-2000)}`);
    const files = readdirSync(dumps).filter((name) => /^out\.\d+$/.test(name));
    files.sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
    sets.forEach((set, index) => {
      const file = files[index];
      if (!file) throw new Error(`no callgrind dump for ${set.name}`);
      const perParse = instructionsOf(join(dumps, file)) / set.messages.length;
      console.log(`${set.name} (${set.messages.length} messages, one counted pass): ${Math.round(perParse).toLocaleString('en')} instructions per parse`);
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** In the child run with --cpu-prof: one set's loop only (the model is already trained). */
function profiledChild(folder: string, index: number): void {
  const set = readSets(folder)[index] as ParseSet;
  const nlu = loadModel(set.artifact);
  for (let round = 0; round < WARM_UP_PASSES + ROUNDS * 3; round++) parseAll(nlu, set.messages);
}

function profileSets(sets: readonly ParseSet[]): void {
  const folder = writeSets(sets);
  try {
    sets.forEach((set, index) => {
      const profiles = join(folder, `profiles-${index}`);
      const run = spawnSync(
        process.execPath,
        ['--cpu-prof', `--cpu-prof-dir=${profiles}`, '--import', 'tsx', SCRIPT, '--profiled-child', folder, String(index)],
        { stdio: 'inherit' },
      );
      if (run.status !== 0) throw new Error(`the profiled child failed (${run.status})`);
      const [file] = readdirSync(profiles);
      if (!file) throw new Error('no profile written');
      printHottest(set, JSON.parse(readFileSync(join(profiles, file), 'utf8')) as CpuProfile);
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time by function (as V8 saw them: a function inlined into another counts as that one). */
function printHottest(set: ParseSet, profile: CpuProfile): void {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const node = nodes.get(id);
    if (!node) return;
    const { functionName, url } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(src|bench|node_modules)\//, '$1/')}`;
    const delta = profile.timeDeltas[index] ?? 0;
    self.set(key, (self.get(key) ?? 0) + delta);
    total += delta;
  });
  console.log(`${set.name}: self time of the profiled child (loading, then ${WARM_UP_PASSES + ROUNDS * 3} passes), top 20:`);
  for (const [key, time] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`${((100 * time) / total).toFixed(1).padStart(6)} %  ${key}`);
  }
}

const [mode, folder, index] = process.argv.slice(2);
if (mode === '--counted-child' && folder) countedChild(folder);
else if (mode === '--profiled-child' && folder) profiledChild(folder, Number(index));
else if (mode === '--callgrind') countSets(buildSets());
else if (mode === '--profile') profileSets(buildSets());
else timeSets(buildSets());
