// `npm run bench:nlu`: our NLU and node-nlp (NLP.js 4, its defaults) trained and evaluated in the
// same run, on CLINC150 (in-scope accuracy on `test` and out-of-scope recall on `oos_test`, at the
// assistant's default threshold; a fallback counts as out-of-scope and, for an in-scope phrase, as
// wrong) and on Cosibot pt-PT (accuracy on `test`: the top intent, as an intent classifier is
// judged; the accuracy at the threshold is printed too). Each engine × data set runs in its own child
// process, so that its peak memory (max RSS) is its own; the heap taken by a loaded model is
// measured with forced garbage collections around loading it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ACCURACY_THRESHOLD } from '../src/assistant/content.js';
import { toIntents, type Example } from './labelled-examples.js';
import { loadModel, NLU_FALLBACK_INTENT, serialiseModel, trainModel } from '../src/nlu/index.js';

const DATA_DIR = process.env.NLU_BENCH_DATA_DIR ?? fileURLToPath(new URL('./data', import.meta.url));

type DataSetName = 'clinc150' | 'cosibot';
type EngineName = 'ours' | 'node-nlp';

interface DataSet {
  language: string;
  train: Example[];
  test: Example[];
  /** Out-of-scope test phrases (CLINC150 only). */
  outOfScope: Example[];
}

interface EngineResult {
  engine: EngineName;
  dataSet: DataSetName;
  trainMs: number;
  /** Test phrases given their own intent at the engine's threshold (a fallback is wrong). */
  accuracy: number;
  /** Test phrases whose top-ranked intent is their own, whatever its confidence. */
  topAccuracy: number;
  outOfScopeRecall?: number;
  parseP50Ms: number;
  parseP99Ms: number;
  peakRssMb: number;
  modelHeapMb: number;
}

/** What an engine must do: train, then answer an intent or undefined for its fallback. */
interface Engine {
  train(language: string, train: readonly Example[]): Promise<void>;
  /** The intent, or undefined when the engine falls back; with the top intent regardless. */
  parse(text: string): Promise<{ intent: string | undefined; top: string }>;
  /** Loads the trained model again from its serialised form, keeping it referenced. */
  reload(): Promise<unknown>;
}

function readDataSet(name: DataSetName): DataSet {
  if (name === 'clinc150') {
    const data = JSON.parse(readFileSync(join(DATA_DIR, 'clinc150', 'data_full.json'), 'utf8')) as Record<string, Example[]>;
    return { language: 'en', train: data.train ?? [], test: data.test ?? [], outOfScope: data.oos_test ?? [] };
  }
  const rows = readFileSync(join(DATA_DIR, 'cosibot-pt-PT', 'split.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { text: string; intent: string; split: string });
  const pick = (split: string): Example[] => rows.filter((row) => row.split === split).map((row) => [row.text, row.intent]);
  return { language: 'pt', train: pick('train'), test: pick('test'), outOfScope: [] };
}

function ourEngine(): Engine {
  let artifact = '';
  let interpreter: ReturnType<typeof loadModel> | undefined;
  return {
    // Training is what the training worker does: train and write the artifact. Loading it (as a
    // serving process does) happens on the first, untimed, warm-up parse.
    async train(language, train) {
      artifact = serialiseModel(trainModel({ language, intents: toIntents(train), contexts: [], regexes: [] }));
    },
    async parse(text) {
      interpreter ??= loadModel(artifact);
      const result = interpreter.parse(text, DEFAULT_ACCURACY_THRESHOLD);
      const top = result.intent_ranking.find((entry) => entry.name !== NLU_FALLBACK_INTENT)?.name ?? '';
      return { intent: result.intent.name === NLU_FALLBACK_INTENT ? undefined : result.intent.name, top };
    },
    async reload() {
      return loadModel(artifact);
    },
  };
}

interface NlpManagerLike {
  addDocument(language: string, text: string, intent: string): void;
  train(): Promise<void>;
  process(language: string, text: string): Promise<{ intent: string; score: number; classifications?: { intent: string }[] }>;
  export(minified?: boolean): string;
  import(data: string): void;
}

function nodeNlpEngine(): Engine {
  const require = createRequire(import.meta.url);
  const { NlpManager } = require('node-nlp') as { NlpManager: new (settings: object) => NlpManagerLike };
  let language = 'en';
  let manager: NlpManagerLike | undefined;
  // Defaults, but quiet: the training log changes nothing in the model.
  const settings = (): object => ({ languages: [language], nlu: { log: false } });
  return {
    async train(lang, train) {
      language = lang;
      manager = new NlpManager(settings());
      for (const [text, intent] of train) manager.addDocument(language, text, intent);
      await manager.train();
    },
    async parse(text) {
      if (!manager) throw new Error('not trained');
      const result = await manager.process(language, text);
      const top = result.intent === 'None' ? (result.classifications?.[0]?.intent ?? 'None') : result.intent;
      return { intent: result.intent === 'None' ? undefined : result.intent, top };
    },
    async reload() {
      if (!manager) throw new Error('not trained');
      const copy = new NlpManager(settings());
      copy.import(manager.export(true));
      return copy;
    },
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
}

/** One engine on one data set, in this process. */
async function runOne(engineName: EngineName, dataSetName: DataSetName): Promise<EngineResult> {
  const data = readDataSet(dataSetName);
  const engine = engineName === 'ours' ? ourEngine() : nodeNlpEngine();
  const started = performance.now();
  await engine.train(data.language, data.train);
  const trainMs = performance.now() - started;

  // Warm up on a thousand messages, so that latency is a serving process's, not the first
  // calls' (the JIT and the recognisers' lazily compiled patterns).
  for (const [text] of data.test.slice(0, 1000)) await engine.parse(text);
  const latencies: number[] = [];
  const timed = async (text: string): Promise<{ intent: string | undefined; top: string }> => {
    const before = performance.now();
    const answer = await engine.parse(text);
    latencies.push(performance.now() - before);
    return answer;
  };
  let correct = 0;
  let topCorrect = 0;
  for (const [text, expected] of data.test) {
    const answer = await timed(text);
    if (answer.intent === expected) correct++;
    if (answer.top === expected) topCorrect++;
  }
  let fellBack = 0;
  for (const [text] of data.outOfScope) if ((await timed(text)).intent === undefined) fellBack++;
  latencies.sort((a, b) => a - b);

  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const reloaded = await engine.reload();
  collectGarbage();
  const modelHeapMb = (process.memoryUsage().heapUsed - before) / 1e6;
  if (reloaded === undefined) throw new Error('no model');

  return {
    engine: engineName,
    dataSet: dataSetName,
    trainMs,
    accuracy: correct / data.test.length,
    topAccuracy: topCorrect / data.test.length,
    ...(data.outOfScope.length > 0 ? { outOfScopeRecall: fellBack / data.outOfScope.length } : {}),
    parseP50Ms: percentile(latencies, 0.5),
    parseP99Ms: percentile(latencies, 0.99),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    modelHeapMb,
  };
}

const RESULT_PREFIX = 'NLU-BENCH-RESULT ';

function runChild(engine: EngineName, dataSet: DataSetName): EngineResult {
  const script = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, '--child', engine, dataSet], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = child.stdout.split('\n').find((text) => text.startsWith(RESULT_PREFIX));
  if (child.status !== 0 || !line) throw new Error(`${engine} on ${dataSet} failed (exit ${child.status})`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as EngineResult;
}

/** `accuracy` says which accuracy the data set is judged on. */
function report(ours: EngineResult, theirs: EngineResult, title: string, accuracy: 'accuracy' | 'topAccuracy'): void {
  const percent = (x: number | undefined): string => (x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);
  const times = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
  const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}× (${(b / a).toFixed(1)}× less)`;
  const rows: [string, string, string, string][] = [];
  const accuracyRow = (metric: string, key: 'accuracy' | 'topAccuracy'): void => {
    rows.push([metric, percent(ours[key]), percent(theirs[key]), times(ours[key], theirs[key])]);
  };
  if (accuracy === 'accuracy') {
    accuracyRow('in-scope accuracy', 'accuracy');
    if (ours.outOfScopeRecall !== undefined && theirs.outOfScopeRecall !== undefined) {
      rows.push(['out-of-scope recall', percent(ours.outOfScopeRecall), percent(theirs.outOfScopeRecall), times(ours.outOfScopeRecall, theirs.outOfScopeRecall)]);
    }
    accuracyRow('(top intent, no threshold)', 'topAccuracy');
  } else {
    accuracyRow('accuracy (top intent)', 'topAccuracy');
    accuracyRow('(at the threshold)', 'accuracy');
  }
  rows.push(
    ['training', `${(ours.trainMs / 1000).toFixed(2)} s`, `${(theirs.trainMs / 1000).toFixed(2)} s`, ratio(ours.trainMs, theirs.trainMs)],
    ['parse p50', `${ours.parseP50Ms.toFixed(3)} ms`, `${theirs.parseP50Ms.toFixed(3)} ms`, ratio(ours.parseP50Ms, theirs.parseP50Ms)],
    ['parse p99', `${ours.parseP99Ms.toFixed(3)} ms`, `${theirs.parseP99Ms.toFixed(3)} ms`, ratio(ours.parseP99Ms, theirs.parseP99Ms)],
    ['peak memory (max RSS)', `${ours.peakRssMb.toFixed(0)} MB`, `${theirs.peakRssMb.toFixed(0)} MB`, ratio(ours.peakRssMb, theirs.peakRssMb)],
    ['loaded model (heap)', `${ours.modelHeapMb.toFixed(1)} MB`, `${theirs.modelHeapMb.toFixed(1)} MB`, ratio(ours.modelHeapMb, theirs.modelHeapMb)],
  );
  console.log(`\n${title}`);
  console.log(`${'metric'.padEnd(28)}${'ours'.padStart(12)}${'node-nlp'.padStart(12)}   ours/node-nlp`);
  for (const [metric, a, b, r] of rows) console.log(`${metric.padEnd(28)}${a.padStart(12)}${b.padStart(12)}   ${r}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const result = await runOne(args[1] as EngineName, args[2] as DataSetName);
    console.log(`${RESULT_PREFIX}${JSON.stringify(result)}`);
    return;
  }
  console.log(
    `NLU benchmark: ours vs node-nlp ${(createRequire(import.meta.url)('node-nlp/package.json') as { version: string }).version} (defaults), ` +
      `our threshold ${DEFAULT_ACCURACY_THRESHOLD} (the default), node-nlp's own (intent "None" = fallback); ` +
      `each run in its own process. node-nlp needs a minute or more on CLINC150.`,
  );
  const clincOurs = runChild('ours', 'clinc150');
  const clincTheirs = runChild('node-nlp', 'clinc150');
  report(
    clincOurs,
    clincTheirs,
    'CLINC150 (en; train 15,000 phrases / 150 intents; in-scope test 4,500; out-of-scope test 1,000)',
    'accuracy',
  );
  const cosibotOurs = runChild('ours', 'cosibot');
  const cosibotTheirs = runChild('node-nlp', 'cosibot');
  report(cosibotOurs, cosibotTheirs, 'Cosibot pt-PT (150 intents; train 5,524 phrases; test 1,375)', 'topAccuracy');
  const targets: [string, boolean][] = [
    ['CLINC150 in-scope ≥ 92 %', clincOurs.accuracy >= 0.92],
    ['CLINC150 out-of-scope recall ≥ 50 %', (clincOurs.outOfScopeRecall ?? 0) >= 0.5],
    ['Cosibot pt-PT ≥ 88 %', cosibotOurs.topAccuracy >= 0.88],
    ['CLINC150 training ≤ 10 s', clincOurs.trainMs <= 10_000],
    ['parse p99 ≤ 2 ms', clincOurs.parseP99Ms <= 2 && cosibotOurs.parseP99Ms <= 2],
    ['CLINC150 model ≤ 50 MB of heap', clincOurs.modelHeapMb <= 50],
  ];
  console.log('\nTargets');
  for (const [target, met] of targets) console.log(`${met ? 'met    ' : 'MISSED '} ${target}`);
  if (targets.some(([, met]) => !met)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
