// NLU benchmark on CLINC150 (Larson et al. 2019): training time, parse latency, in-scope accuracy
// and out-of-scope recall at the default threshold. `node --import tsx bench/nlu-speed.ts` also
// prints recall and accuracy at other thresholds, the artifact size and Cosibot pt-PT accuracy.
// Published points to compare with are in the data set's README.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_ACCURACY_THRESHOLD, type Intent } from '../src/assistant/content.js';
import { toIntents, type Example } from './labelled-examples.js';
import { loadModel, NLU_FALLBACK_INTENT, serialiseModel, trainModel, type NluInterpreter } from '../src/nlu/index.js';

const DATA_DIR = process.env.NLU_BENCH_DATA_DIR ?? fileURLToPath(new URL('./data', import.meta.url));

export interface NluSpeed {
  trainMs: number;
  parseP50Ms: number;
  parseP99Ms: number;
  /** Test phrases given their intent at or above the threshold (the fallback counts as wrong). */
  inScopeAccuracy: number;
  /** Out-of-scope test phrases that fall back at the threshold. */
  oosRecall: number;
  threshold: number;
}


interface Scored {
  text: string;
  expected: string;
  predicted: string;
  confidence: number;
  ms: number;
}

function readClinc(): Record<'train' | 'test' | 'oos_test', Example[]> {
  const path = join(DATA_DIR, 'clinc150', 'data_full.json');
  return JSON.parse(readFileSync(path, 'utf8')) as Record<'train' | 'test' | 'oos_test', Example[]>;
}

/** Parses with threshold 0 (so the top intent is always reported) and times each parse. */
function score(interpreter: NluInterpreter, examples: readonly Example[]): Scored[] {
  return examples.map(([text, expected]) => {
    const started = performance.now();
    const result = interpreter.parse(text, 0);
    const ms = performance.now() - started;
    return { text, expected, predicted: result.intent.name, confidence: result.intent.confidence, ms };
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

function accuracyAt(scored: readonly Scored[], threshold: number): number {
  return scored.filter((s) => s.predicted === s.expected && s.confidence >= threshold).length / scored.length;
}

function recallAt(oos: readonly Scored[], threshold: number): number {
  return oos.filter((s) => s.confidence < threshold).length / oos.length;
}

interface ClincRun {
  speed: NluSpeed;
  inScope: Scored[];
  outOfScope: Scored[];
  artifact: string;
}

async function runClinc(threshold: number): Promise<ClincRun> {
  const data = readClinc();
  const started = performance.now();
  const model = trainModel({ language: 'en', intents: toIntents(data.train), contexts: [], regexes: [] });
  const trainMs = performance.now() - started;
  const artifact = serialiseModel(model);
  const interpreter = loadModel(artifact);
  // Warm the JIT so that latency reflects a serving process, not the first calls.
  score(interpreter, data.test.slice(0, 300));
  const inScope = score(interpreter, data.test);
  const outOfScope = score(interpreter, data.oos_test);
  const latencies = [...inScope, ...outOfScope].map((s) => s.ms).sort((a, b) => a - b);
  return {
    speed: {
      trainMs,
      parseP50Ms: percentile(latencies, 0.5),
      parseP99Ms: percentile(latencies, 0.99),
      inScopeAccuracy: accuracyAt(inScope, threshold),
      oosRecall: recallAt(outOfScope, threshold),
      threshold,
    },
    inScope,
    outOfScope,
    artifact,
  };
}

export async function benchNluSpeed(threshold = DEFAULT_ACCURACY_THRESHOLD): Promise<NluSpeed> {
  return (await runClinc(threshold)).speed;
}

/** Cosibot pt-PT: intent accuracy on its fixed test split (no out-of-scope set). */
function runCosibot(): { trainMs: number; accuracy: number; intents: number; phrases: number } {
  const { train, test } = readCosibot();
  const intents = toIntents(train);
  const started = performance.now();
  const model = trainModel({ language: 'pt', intents, contexts: [], regexes: [] });
  const trainMs = performance.now() - started;
  const scored = score(loadModel(serialiseModel(model)), test);
  return { trainMs, accuracy: accuracyAt(scored, 0), intents: intents.length, phrases: train.length };
}

/**
 * Small assistants, as administrators build them: `intents` intents of `phrases` phrases drawn
 * from a data set's training split; in-scope tests are their test phrases, out-of-scope tests
 * are test phrases of intents left out (same domain, so hard). Averaged over several draws.
 */
function runSmallAssistants(
  language: string,
  train: readonly Example[],
  test: readonly Example[],
  intents: number,
  phrases: number,
): { inScope: Scored[]; outOfScope: Scored[] } {
  const trainBy = new Map<string, string[]>();
  for (const [text, name] of train) trainBy.set(name, [...(trainBy.get(name) ?? []), text]);
  const testBy = new Map<string, string[]>();
  for (const [text, name] of test) testBy.set(name, [...(testBy.get(name) ?? []), text]);
  const eligible = [...trainBy.keys()].filter((name) => (trainBy.get(name)?.length ?? 0) >= phrases && testBy.has(name)).sort();
  let seed = 7;
  const random = (): number => {
    seed = (seed * 16_807) % 2_147_483_647;
    return seed / 2_147_483_647;
  };
  const inScope: Scored[] = [];
  const outOfScope: Scored[] = [];
  for (let draw = 0; draw < 20; draw++) {
    const shuffled = eligible
      .map((name) => ({ name, key: random() }))
      .sort((a, b) => a.key - b.key)
      .map(({ name }) => name);
    const chosen = shuffled.slice(0, intents);
    const taught: Intent[] = chosen.map((name) => ({
      name,
      phrases: (trainBy.get(name) ?? []).slice(0, phrases).map((text) => ({ text })),
    }));
    const interpreter = loadModel(serialiseModel(trainModel({ language, intents: taught, contexts: [], regexes: [] })));
    inScope.push(...score(interpreter, chosen.flatMap((name) => (testBy.get(name) ?? []).slice(0, 10).map((text): Example => [text, name]))));
    const strangers = shuffled.slice(intents, intents + 30);
    outOfScope.push(...score(interpreter, strangers.flatMap((name) => (testBy.get(name) ?? []).slice(0, 2).map((text): Example => [text, 'oos']))));
  }
  return { inScope, outOfScope };
}

function readCosibot(): { train: Example[]; test: Example[] } {
  const rows = readFileSync(join(DATA_DIR, 'cosibot-pt-PT', 'split.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { text: string; intent: string; split: string });
  const pick = (split: string): Example[] => rows.filter((row) => row.split === split).map((row) => [row.text, row.intent]);
  return { train: pick('train'), test: pick('test') };
}

async function main(): Promise<void> {
  const percent = (x: number): string => `${(x * 100).toFixed(1)} %`;
  const run = await runClinc(DEFAULT_ACCURACY_THRESHOLD);
  const { speed } = run;
  console.log('NLU on CLINC150 (train 15,000 phrases / 150 intents; test 4,500; out-of-scope test 1,000)');
  console.log(`training ${(speed.trainMs / 1000).toFixed(2)} s   parse p50 ${speed.parseP50Ms.toFixed(3)} ms   p99 ${speed.parseP99Ms.toFixed(3)} ms`);
  const loadStarted = performance.now();
  loadModel(run.artifact);
  const loadMs = performance.now() - loadStarted;
  console.log(`artifact ${(Buffer.byteLength(run.artifact) / 1e6).toFixed(2)} MB, loaded in ${loadMs.toFixed(0)} ms`);
  console.log(`in-scope accuracy without threshold ${percent(accuracyAt(run.inScope, 0))}`);
  for (const threshold of [0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6]) {
    console.log(
      `threshold ${threshold.toFixed(2)}: in-scope accuracy ${percent(accuracyAt(run.inScope, threshold))}   out-of-scope recall ${percent(recallAt(run.outOfScope, threshold))}`,
    );
  }
  console.log(
    `default threshold ${speed.threshold}: in-scope ${percent(speed.inScopeAccuracy)}, out-of-scope recall ${percent(speed.oosRecall)}` +
      `  (published: Rasa 91.5 / 45.3, BERT 96.9 / 40.3; node-nlp measured here 84.5 / 16.3, 71 s)`,
  );
  const fallbacks = run.inScope.filter((s) => s.predicted === NLU_FALLBACK_INTENT).length;
  if (fallbacks > 0) console.log(`(${fallbacks} in-scope phrases had no words at all)`);
  const cosibot = runCosibot();
  console.log(
    `\nCosibot pt-PT (${cosibot.intents} intents, ${cosibot.phrases} training phrases): accuracy ${percent(cosibot.accuracy)}, ` +
      `training ${(cosibot.trainMs / 1000).toFixed(2)} s  (node-nlp measured here: 82.3 %, 8.6 s)`,
  );
  const clinc = readClinc();
  const sources = [
    { name: 'Cosibot pt-PT', language: 'pt', ...readCosibot() },
    { name: 'CLINC150', language: 'en', train: clinc.train, test: clinc.test },
  ];
  console.log('\nSmall assistants (20 draws; out-of-scope = test phrases of intents not drawn):');
  for (const [intents, phrases] of [
    [5, 10],
    [20, 20],
  ] as const) {
    for (const source of sources) {
      const run = runSmallAssistants(source.language, source.train, source.test, intents, phrases);
      const cells = [0.2, 0.25, 0.3, 0.4].map(
        (t) => `${t.toFixed(2)}: ${percent(accuracyAt(run.inScope, t))} / ${percent(recallAt(run.outOfScope, t))}`,
      );
      console.log(
        `${source.name}, ${intents} intents × ${phrases} phrases: accuracy ${percent(accuracyAt(run.inScope, 0))}; ` +
          `in-scope / out-of-scope recall at ${cells.join('   ')}`,
      );
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
