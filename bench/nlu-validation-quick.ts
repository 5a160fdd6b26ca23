// `node --import tsx bench/nlu-validation-quick.ts [--small]`: the validation figures of the
// shipped model and calibration, quickly, for trying changes to the lexical model — CLINC150
// `val` + `oos_val`, Cosibot's seeded 80/20 split, both pt-BR service-desk sets' validation halves
// (and with `--small` the small assistants drawn from CLINC150's and Cosibot's validation splits).
// Prints top intent / in scope at the default threshold / out-of-scope recall, and each training's
// CPU time (the training alone, without parsing). `--only=NAME` runs the sets whose name starts
// with NAME. Validation only: it never reads a test split.
import { DEFAULT_ACCURACY_THRESHOLD } from '../src/assistant/content.js';
import { DEFAULT_CALIBRATION } from '../src/nlu/calibration.js';
import { NluInterpreter, trainModel } from '../src/nlu/index.js';
import { toIntents } from './labelled-examples.js';
import { readClinc, readCosibot, readIndependentServiceDesk, readServiceDesk, type Evaluation } from './nlu-data-sets.js';
import { figuresOf, see, trainAndSee, type EvidenceRun } from './nlu-evidence.js';
import { drawSmallAssistants, SMALL_ASSISTANT_SHAPES } from './small-assistants.js';

const percent = (x: number): string => (Number.isNaN(x) ? '—' : (x * 100).toFixed(1));

function report(name: string, runs: readonly EvidenceRun[], cpuMs?: number): void {
  const f = figuresOf(runs, DEFAULT_CALIBRATION, DEFAULT_ACCURACY_THRESHOLD);
  const cpu = cpuMs === undefined ? '' : `   training CPU ${(cpuMs / 1000).toFixed(2)} s`;
  console.log(`${name.padEnd(28)} top ${percent(f.topAccuracy)} / at 0.2 ${percent(f.accuracy)} / out of scope ${percent(f.outOfScopeRecall)}${cpu}`);
}

/** Trains (timing the training's CPU alone) and parses the evaluation's messages. */
function timed(evaluation: Evaluation): { run: EvidenceRun; cpuMs: number } {
  const data = { language: evaluation.language, intents: toIntents(evaluation.train), contexts: [], regexes: [] };
  const before = process.cpuUsage();
  const model = trainModel(data, { crossValidate: false });
  const cpu = process.cpuUsage(before);
  const interpreter = new NluInterpreter(model);
  const run = { model, inScope: see(interpreter, evaluation.inScope), outOfScope: see(interpreter, evaluation.outOfScope) };
  return { run, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const sets: [string, () => Evaluation][] = [
  ['CLINC150 val', () => readClinc().validation],
  ['Cosibot 80/20', () => readCosibot().validation],
  ['service desk val', () => readServiceDesk().validation],
  ['independent val', () => readIndependentServiceDesk().validation],
];
for (const [name, read] of sets) {
  if (only && !name.toLowerCase().startsWith(only.toLowerCase())) continue;
  const { run, cpuMs } = timed(read());
  report(name, [run], cpuMs);
}
if (process.argv.includes('--small')) {
  for (const { intents, phrases } of SMALL_ASSISTANT_SHAPES) {
    for (const [name, source] of [
      ['CLINC150', readClinc().validation],
      ['Cosibot', readCosibot().validation],
    ] as const) {
      report(`${name} ${intents} × ${phrases}`, drawSmallAssistants(source, intents, phrases).map(trainAndSee));
    }
  }
}
