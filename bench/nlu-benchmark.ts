// `npm run bench:nlu`: first chooses the NLU's calibration constants on validation data only, and
// says which it chose on which split; then reads every test split once, with the calibration the
// product ships, our NLU beside node-nlp (NLP.js 4, its defaults) in the same run.
//
// Validation: the `val` halves of both pt-BR service-desk sets (ours and the independently written
// one), CLINC150 `val` + `oos_val` (trained on `train`), a seeded 80/20 split of Cosibot's
// training phrases, and small assistants drawn from them. Test: the service-desk sets' `test`
// halves, CLINC150 `test` + `oos_test`, Cosibot's `test` (also without the phrases that equal a
// training phrase after folding), small assistants drawn from the test splits.
// `--independent-only` runs the independently written service-desk set alone. A fallback counts as out-of-scope and, for an in-scope
// message, as wrong ("at the threshold"); "top intent" ignores the threshold.
//
// Each engine × data set is tested in its own child process, so that its peak memory (max RSS) is
// its own; the heap of a loaded model is measured with forced garbage collections around loading.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ACCURACY_THRESHOLD } from '../src/assistant/content.js';
import { DEFAULT_CALIBRATION, type NluCalibration } from '../src/nlu/calibration.js';
import { loadModel, NLU_FALLBACK_INTENT, serialiseModel, trainModel } from '../src/nlu/index.js';
import { toIntents, type Example } from './labelled-examples.js';
import { BASELINE_CALIBRATION, chooseCalibration, MAX_IN_SCOPE_LOSS, type ValidationSet } from './nlu-calibration-choice.js';
import { foldedForComparison, readClinc, readCosibot, readIndependentServiceDesk, readServiceDesk, type Evaluation } from './nlu-data-sets.js';
import { figuresOf, trainAndSee, type Figures } from './nlu-evidence.js';
import { REFERENCE_COMMIT, TEST_REFERENCE_FIGURES, testReferenceAccuracy } from './nlu-reference-figures.js';
import { drawSmallAssistants, SMALL_ASSISTANT_DRAWS, SMALL_ASSISTANT_SHAPES } from './small-assistants.js';

const THRESHOLD = DEFAULT_ACCURACY_THRESHOLD;

type DataSetName = 'clinc150' | 'cosibot' | 'service-desk' | 'service-desk-independent';
type EngineName = 'ours' | 'node-nlp';

interface EngineResult {
  trainMs: number;
  /** CPU time of training (all the process's threads): what a shared machine's load changes least. */
  trainCpuMs: number;
  /** Per in-scope test message: "11" given its intent at the threshold and on top, "01" only on top, "00" neither. */
  inScope: string[];
  /** Per out-of-scope message: whether it fell back. */
  outOfScope: boolean[];
  parseP50Ms: number;
  parseP99Ms: number;
  /**
   * p99 over messages of each message's fastest of `QUIET_PASSES` parses: the latency without the
   * waits for a CPU that other processes on a shared machine cause.
   */
  parseQuietP99Ms: number;
  /** Ours: p99 of the same messages by the same model without typo correction (its cost). */
  parseP99WithoutSpellingMs?: number;
  peakRssMb: number;
  modelHeapMb: number;
}

/** What an engine must do: train, then answer an intent or undefined for its fallback. */
interface Engine {
  train(language: string, train: readonly Example[]): Promise<void>;
  /** Ours: the same model without typo correction, to time what the correction costs. */
  withoutSpelling?(): Engine;
  /** The intent, or undefined when the engine falls back; with the top intent regardless. */
  parse(text: string): Promise<{ intent: string | undefined; top: string }>;
  /** Loads the trained model again from its serialised form, keeping it referenced. */
  reload(): Promise<unknown>;
}

function testEvaluation(name: DataSetName): Evaluation {
  if (name === 'clinc150') return readClinc().test;
  if (name === 'service-desk-independent') return readIndependentServiceDesk().test;
  return name === 'cosibot' ? readCosibot().test : readServiceDesk().test;
}

function ourEngine(calibration: NluCalibration): Engine {
  let artifact = '';
  let interpreter: ReturnType<typeof loadModel> | undefined;
  return {
    // Training is what the training worker does: train and write the artifact. Loading it (as a
    // serving process does) happens on the first, untimed, warm-up parse.
    async train(language, train) {
      artifact = serialiseModel(trainModel({ language, intents: toIntents(train), contexts: [], regexes: [] }));
    },
    async parse(text) {
      interpreter ??= loadModel(artifact, calibration);
      const result = interpreter.parse(text, THRESHOLD);
      const top = result.intent_ranking.find((entry) => entry.name !== NLU_FALLBACK_INTENT)?.name ?? '';
      return { intent: result.intent.name === NLU_FALLBACK_INTENT ? undefined : result.intent.name, top };
    },
    async reload() {
      return loadModel(artifact, calibration);
    },
    withoutSpelling() {
      // An artifact without word counts has no corrector (as those written before it).
      const { wordCounts: _dropped, ...rest } = JSON.parse(artifact) as Record<string, unknown>;
      const plain = loadModel(JSON.stringify(rest), calibration);
      return {
        train: async () => undefined,
        parse: async (text) => {
          const result = plain.parse(text, THRESHOLD);
          return { intent: result.intent.name === NLU_FALLBACK_INTENT ? undefined : result.intent.name, top: '' };
        },
        reload: async () => plain,
      };
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

/** One engine on one data set's test split, in this process. */
async function runOne(engineName: EngineName, dataSetName: DataSetName): Promise<EngineResult> {
  const data = testEvaluation(dataSetName);
  const engine = engineName === 'ours' ? ourEngine(DEFAULT_CALIBRATION) : nodeNlpEngine();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await engine.train(data.language, data.train);
  const trainMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const trainCpuMs = (cpu.user + cpu.system) / 1000;

  // Warm up on a thousand messages, so that latency is a serving process's, not the first
  // calls' (the JIT and the recognisers' lazily compiled patterns).
  for (const [text] of data.inScope.slice(0, 1000)) await engine.parse(text);
  const latencies: number[] = [];
  const timed = async (text: string): Promise<{ intent: string | undefined; top: string }> => {
    const before = performance.now();
    const answer = await engine.parse(text);
    latencies.push(performance.now() - before);
    return answer;
  };
  const inScope: string[] = [];
  for (const [text, expected] of data.inScope) {
    const answer = await timed(text);
    inScope.push(`${answer.intent === expected ? 1 : 0}${answer.top === expected ? 1 : 0}`);
  }
  const outOfScope: boolean[] = [];
  for (const [text] of data.outOfScope) outOfScope.push((await timed(text)).intent === undefined);
  latencies.sort((a, b) => a - b);
  const all = [...data.inScope, ...data.outOfScope].map(([text]) => text);
  const fastest = all.map(() => Infinity);
  for (let pass = 0; pass < QUIET_PASSES; pass++) {
    for (const [index, text] of all.entries()) {
      const before = performance.now();
      await engine.parse(text);
      fastest[index] = Math.min(fastest[index] as number, performance.now() - before);
    }
  }
  const parseQuietP99Ms = percentile(fastest.sort((a, b) => a - b), 0.99);
  let parseP99WithoutSpellingMs: number | undefined;
  const plain = engine.withoutSpelling?.();
  if (plain) {
    const messages = [...data.inScope, ...data.outOfScope].map(([text]) => text);
    for (const text of messages.slice(0, 1000)) await plain.parse(text);
    const plainLatencies: number[] = [];
    for (const text of messages) {
      const before = performance.now();
      await plain.parse(text);
      plainLatencies.push(performance.now() - before);
    }
    parseP99WithoutSpellingMs = percentile(plainLatencies.sort((a, b) => a - b), 0.99);
  }

  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const reloaded = await engine.reload();
  collectGarbage();
  const modelHeapMb = (process.memoryUsage().heapUsed - before) / 1e6;
  if (reloaded === undefined) throw new Error('no model');

  return {
    trainMs,
    trainCpuMs,
    inScope,
    outOfScope,
    parseP50Ms: percentile(latencies, 0.5),
    parseP99Ms: percentile(latencies, 0.99),
    parseQuietP99Ms,
    ...(parseP99WithoutSpellingMs === undefined ? {} : { parseP99WithoutSpellingMs }),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    modelHeapMb,
  };
}

const RESULT_PREFIX = 'NLU-BENCH-RESULT ';
const QUIET_PASSES = 5;

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

const percent = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '—' : `${(x * 100).toFixed(1)} %`);

/** In-scope accuracy at the threshold and on top, over the messages `keep` selects. */
function accuracies(result: EngineResult, keep: (index: number) => boolean = () => true): { atThreshold: number; top: number } {
  const kept = result.inScope.filter((_, index) => keep(index));
  return {
    atThreshold: kept.filter((mark) => mark[0] === '1').length / kept.length,
    top: kept.filter((mark) => mark[1] === '1').length / kept.length,
  };
}

function outOfScopeRecall(result: EngineResult): number {
  return result.outOfScope.length === 0 ? Number.NaN : result.outOfScope.filter(Boolean).length / result.outOfScope.length;
}

function printTable(title: string, rows: readonly (readonly [string, string, string, string])[]): void {
  console.log(`\n${title}`);
  console.log(`${'metric'.padEnd(36)}${'ours'.padStart(12)}${'node-nlp'.padStart(12)}   ours/node-nlp`);
  for (const [metric, a, b, r] of rows) console.log(`${metric.padEnd(36)}${a.padStart(12)}${b.padStart(12)}   ${r}`);
}

function ratioRow(metric: string, a: number, b: number, unit: string, digits: number, lessIsBetter: boolean): [string, string, string, string] {
  const ratio = !lessIsBetter ? `${(a / b).toFixed(2)}×` : a <= b ? `${(b / a).toFixed(1)}× less` : `${(a / b).toFixed(1)}× more`;
  return [metric, `${a.toFixed(digits)}${unit}`, `${b.toFixed(digits)}${unit}`, ratio];
}

function costRows(ours: EngineResult, theirs: EngineResult): [string, string, string, string][] {
  return [
    ratioRow('training', ours.trainMs / 1000, theirs.trainMs / 1000, ' s', 2, true),
    ratioRow('  CPU time of training', ours.trainCpuMs / 1000, theirs.trainCpuMs / 1000, ' s', 2, true),
    ratioRow('parse p50', ours.parseP50Ms, theirs.parseP50Ms, ' ms', 3, true),
    ratioRow('parse p99', ours.parseP99Ms, theirs.parseP99Ms, ' ms', 3, true),
    ratioRow(`  p99 of fastest of ${QUIET_PASSES} passes`, ours.parseQuietP99Ms, theirs.parseQuietP99Ms, ' ms', 3, true),
    ['  ours without typo correction', `${ours.parseP99WithoutSpellingMs?.toFixed(3) ?? '—'} ms`, '', 'p99 of the same messages'],
    ratioRow('peak memory (max RSS)', ours.peakRssMb, theirs.peakRssMb, ' MB', 0, true),
    ratioRow('loaded model (heap)', ours.modelHeapMb, theirs.modelHeapMb, ' MB', 1, true),
  ];
}

function accuracyRow(metric: string, a: number, b: number): [string, string, string, string] {
  return [metric, percent(a), percent(b), `${(a / b).toFixed(2)}×`];
}

/** Validation sets: the data sets' validation splits and small assistants drawn from them. */
function validationSets(): ValidationSet[] {
  const clinc = readClinc().validation;
  const cosibot = readCosibot().validation;
  const sets: ValidationSet[] = [
    { name: 'service desk pt-BR val', runs: [trainAndSee(readServiceDesk().validation)] },
    { name: INDEPENDENT_VALIDATION_NAME, runs: [trainAndSee(readIndependentServiceDesk().validation)] },
    { name: 'CLINC150 val + oos_val', runs: [trainAndSee(clinc)] },
    { name: 'Cosibot train (80/20 split)', runs: [trainAndSee(cosibot)] },
  ];
  for (const { intents, phrases } of SMALL_ASSISTANT_SHAPES) {
    for (const [name, source] of [
      ['CLINC150', clinc],
      ['Cosibot', cosibot],
    ] as const) {
      sets.push({ name: `${name} ${intents} × ${phrases} (val)`, runs: drawSmallAssistants(source, intents, phrases).map(trainAndSee) });
    }
  }
  return sets;
}

function describeCalibration(calibration: NluCalibration): string {
  return `temperature ${calibration.temperature}, reference quantile ${calibration.referenceQuantile}, reference floor ${calibration.referenceFloor} + ${calibration.referenceFloorSlope} × log10(150 / intents), background offset ${calibration.backgroundOffset}`;
}

function sameCalibration(a: NluCalibration, b: NluCalibration): boolean {
  return a.temperature === b.temperature && a.referenceQuantile === b.referenceQuantile && a.referenceFloor === b.referenceFloor && a.referenceFloorSlope === b.referenceFloorSlope && a.backgroundOffset === b.backgroundOffset;
}

const INDEPENDENT_VALIDATION_NAME = 'service desk pt-BR indep. val';

function printByThreshold(sets: readonly ValidationSet[]): void {
  const thresholds = [0.1, 0.2, 0.3, 0.4, 0.5];
  console.log(`  ${'set'.padEnd(32)}${thresholds.map((t) => `${t.toFixed(2)}`.padStart(16)).join('')}`);
  for (const set of sets) {
    const cells = thresholds.map((t) => {
      const f = figuresOf(set.runs, DEFAULT_CALIBRATION, t);
      return `${(f.accuracy * 100).toFixed(1)} / ${Number.isNaN(f.outOfScopeRecall) ? '—' : (f.outOfScopeRecall * 100).toFixed(1)}`.padStart(16);
    });
    console.log(`  ${set.name.padEnd(32)}${cells.join('')}`);
  }
}

/** A pt-BR service-desk set's test split, ours beside node-nlp, each in its own process. */
function printServiceDeskTest(dataSet: 'service-desk' | 'service-desk-independent', title: string): void {
  const ours = runChild('ours', dataSet);
  const theirs = runChild('node-nlp', dataSet);
  const a = accuracies(ours);
  const b = accuracies(theirs);
  printTable(title, [
    accuracyRow(`in-scope accuracy at ${THRESHOLD}`, a.atThreshold, b.atThreshold),
    accuracyRow('out-of-scope recall', outOfScopeRecall(ours), outOfScopeRecall(theirs)),
    accuracyRow('in-scope top intent (no threshold)', a.top, b.top),
    ...costRows(ours, theirs),
  ]);
}

const INDEPENDENT_TITLE = 'Service desk pt-BR, written independently (40 intents × 15 phrases; test 160 in scope, 75 out of scope)';

/** Chooses on validation data; returns whether the shipped calibration is the one chosen. */
function chooseOnValidation(): boolean {
  console.log('\n1. Constants chosen on validation data only');
  const sets = validationSets();
  const choice = chooseCalibration(sets, THRESHOLD);
  const describe = (f: Figures | undefined): string =>
    f ? `${percent(f.topAccuracy)} top, ${percent(f.accuracy)} at ${THRESHOLD}, out-of-scope ${percent(f.outOfScopeRecall)}` : '—';
  console.log(
    `Calibration (${choice.candidates} candidates; the most out-of-scope recall at threshold ${THRESHOLD} with no set answering more than ` +
      `${MAX_IN_SCOPE_LOSS * 100} points fewer in-scope messages than its fixed reference, the NLU before issue 17 (commit ${REFERENCE_COMMIT}, ` +
      `bench/nlu-reference-figures.ts); the baseline calibration, ${describeCalibration(BASELINE_CALIBRATION)}, for comparison):`,
  );
  console.log(`  chosen:  ${describeCalibration(choice.chosen)}${choice.feasible ? '' : '  (NO candidate kept every set within the loss allowed)'}`);
  console.log(`  shipped: ${describeCalibration(DEFAULT_CALIBRATION)} (src/nlu/calibration.ts)`);
  for (const set of sets) {
    const shipped = figuresOf(set.runs, DEFAULT_CALIBRATION, THRESHOLD);
    const reference = choice.reference.get(set.name) ?? Number.NaN;
    const margin = (f: Figures | undefined): string => (f ? `, ${((f.accuracy - reference) * 100).toFixed(1)} against the reference` : '');
    console.log(`  ${set.name.padEnd(32)} reference ${percent(reference)} at ${THRESHOLD}`);
    console.log(`  ${''.padEnd(32)} baseline ${describe(choice.baseline.get(set.name))}`);
    console.log(`  ${''.padEnd(32)} shipped  ${describe(shipped)}${margin(shipped)}`);
    console.log(`  ${''.padEnd(32)} chosen   ${describe(choice.figures.get(set.name))}${margin(choice.figures.get(set.name))}`);
  }
  console.log(`\nThe shipped calibration by threshold, on validation (in-scope at the threshold / out-of-scope recall):`);
  printByThreshold(sets);
  return sameCalibration(choice.chosen, DEFAULT_CALIBRATION);
}

/** Small assistants drawn from the test splits, ours only (node-nlp is compared on whole data sets). */
function testSmallAssistants(): { name: string; figures: Figures; baseline: Figures }[] {
  const sources = [
    ['CLINC150', readClinc().test],
    ['Cosibot', readCosibot().test],
  ] as const;
  const results: { name: string; figures: Figures; baseline: Figures }[] = [];
  for (const { intents, phrases } of SMALL_ASSISTANT_SHAPES) {
    for (const [name, source] of sources) {
      const runs = drawSmallAssistants(source, intents, phrases, 11).map(trainAndSee);
      results.push({
        name: `${name} ${intents} × ${phrases}`,
        figures: figuresOf(runs, DEFAULT_CALIBRATION, THRESHOLD),
        baseline: figuresOf(runs, BASELINE_CALIBRATION, THRESHOLD),
      });
    }
  }
  return results;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const result = await runOne(args[1] as EngineName, args[2] as DataSetName);
    console.log(`${RESULT_PREFIX}${JSON.stringify(result)}`);
    return;
  }
  const nodeNlpVersion = (createRequire(import.meta.url)('node-nlp/package.json') as { version: string }).version;
  console.log(
    `NLU benchmark: ours vs node-nlp ${nodeNlpVersion} (defaults; its intent "None" is its fallback), our threshold ` +
      `${THRESHOLD} (the product default); ${process.env.NLU_BENCH_LOAD ?? 'machine load not stated (set NLU_BENCH_LOAD to say it)'}.`,
  );
  if (args.includes('--independent-only')) {
    // The independently written service-desk set alone: its validation figures by threshold,
    // then (without --validation-only) its test split, ours beside node-nlp.
    console.log(`\nThe shipped calibration by threshold, on validation (in-scope at the threshold / out-of-scope recall):`);
    printByThreshold([{ name: INDEPENDENT_VALIDATION_NAME, runs: [trainAndSee(readIndependentServiceDesk().validation)] }]);
    if (!args.includes('--validation-only')) printServiceDeskTest('service-desk-independent', INDEPENDENT_TITLE);
    return;
  }
  const shippedIsChosen = chooseOnValidation();
  // While developing: choose and look at validation figures without reading any test split.
  if (args.includes('--validation-only')) return;

  console.log('\n2. Test splits, read once, with the shipped calibration');
  printServiceDeskTest('service-desk', 'Service desk pt-BR, our development set (35 intents × 12 phrases; test 210 in scope, 60 out of scope)');
  printServiceDeskTest('service-desk-independent', INDEPENDENT_TITLE);
  const clincOurs = runChild('ours', 'clinc150');
  const clincTheirs = runChild('node-nlp', 'clinc150');
  const clinc = { ours: accuracies(clincOurs), theirs: accuracies(clincTheirs) };
  printTable('CLINC150 (en; train 15,000 phrases / 150 intents; test 4,500 in scope, 1,000 out of scope)', [
    accuracyRow(`in-scope accuracy at ${THRESHOLD}`, clinc.ours.atThreshold, clinc.theirs.atThreshold),
    accuracyRow('out-of-scope recall', outOfScopeRecall(clincOurs), outOfScopeRecall(clincTheirs)),
    accuracyRow('in-scope top intent (no threshold)', clinc.ours.top, clinc.theirs.top),
    ...costRows(clincOurs, clincTheirs),
  ]);

  const cosibot = readCosibot();
  const taught = new Set(cosibot.test.train.map(([text]) => foldedForComparison(text)));
  const unseen = (index: number): boolean => !taught.has(foldedForComparison(cosibot.test.inScope[index]?.[0] ?? ''));
  const cosibotOurs = runChild('ours', 'cosibot');
  const cosibotTheirs = runChild('node-nlp', 'cosibot');
  const full = { ours: accuracies(cosibotOurs), theirs: accuracies(cosibotTheirs) };
  const deduplicated = { ours: accuracies(cosibotOurs, unseen), theirs: accuracies(cosibotTheirs, unseen) };
  printTable(
    `Cosibot pt-PT (150 intents; train ${cosibot.test.train.length} phrases; test ${cosibot.test.inScope.length}, ` +
      `${cosibot.duplicates} of which equal a training phrase after folding)`,
    [
      accuracyRow('top intent', full.ours.top, full.theirs.top),
      accuracyRow(`at ${THRESHOLD}`, full.ours.atThreshold, full.theirs.atThreshold),
      accuracyRow('deduplicated: top intent', deduplicated.ours.top, deduplicated.theirs.top),
      accuracyRow(`deduplicated: at ${THRESHOLD}`, deduplicated.ours.atThreshold, deduplicated.theirs.atThreshold),
      ...costRows(cosibotOurs, cosibotTheirs),
    ],
  );

  const small = testSmallAssistants();
  console.log(
    `\nSmall assistants (${SMALL_ASSISTANT_DRAWS} draws each, from the test splits; out-of-scope = test phrases of intents not drawn), ours, ` +
      `beside the NLU before issue 17 (commit ${REFERENCE_COMMIT}) on the same draws and the baseline calibration on today's model:`,
  );
  for (const { name, figures, baseline } of small) {
    const reference = TEST_REFERENCE_FIGURES[name];
    const before = reference ? `${percent(reference.correct / reference.inScope)} / ${percent(reference.fellBack / reference.outOfScope)}` : '—';
    console.log(
      `  ${name.padEnd(22)} top ${percent(figures.topAccuracy)}, at ${THRESHOLD} ${percent(figures.accuracy)}, out-of-scope recall ${percent(figures.outOfScopeRecall)}` +
        `   (before issue 17: ${before}; baseline calibration: ${percent(baseline.accuracy)} / ${percent(baseline.outOfScopeRecall)})`,
    );
  }

  const targets: [string, boolean][] = [
    ['the shipped calibration is the one chosen on validation', shippedIsChosen],
    ['CLINC150 in-scope ≥ 93 %', clinc.ours.atThreshold >= 0.93],
    ['CLINC150 out-of-scope recall ≥ 70 %', outOfScopeRecall(clincOurs) >= 0.7],
    ['Cosibot pt-PT deduplicated ≥ 90 % (top intent)', deduplicated.ours.top >= 0.9],
    ['small assistants: out-of-scope recall ≥ 60 %', small.every(({ figures }) => figures.outOfScopeRecall >= 0.6)],
    [
      `small assistants: in-scope at the threshold within 2 points of the NLU before issue 17`,
      small.every(({ name, figures }) => figures.accuracy >= testReferenceAccuracy(name) - MAX_IN_SCOPE_LOSS - 1e-9),
    ],
    ['CLINC150 training ≤ 10 s', clincOurs.trainMs <= 10_000],
    ['  (CLINC150 training ≤ 10 s of CPU time: what a quiet machine would take)', clincOurs.trainCpuMs <= 10_000],
    ['parse p99 ≤ 2 ms', clincOurs.parseP99Ms <= 2 && cosibotOurs.parseP99Ms <= 2],
    [
      `  (parse p99 ≤ 2 ms, each message's fastest of ${QUIET_PASSES} passes: without waiting for a CPU)`,
      clincOurs.parseQuietP99Ms <= 2 && cosibotOurs.parseQuietP99Ms <= 2,
    ],
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
