// Trial (fifth round, validation only; reverted after): `NLU_TRIAL_WD=… node --import tsx
// bench/nlu-fifth-round.ts OUT.json` trains the validation sets of `bench:nlu --validation-only`
// with the training variant of NLU_TRIAL_WD (src/nlu/train.ts), then for each form of the
// reference floor chooses the calibration under the fixed reference figures and writes every set's
// figures. Never reads a test split.
import { writeFileSync } from 'node:fs';
import { DEFAULT_ACCURACY_THRESHOLD } from '../src/assistant/content.js';
import { referenceSimilarityOf, type NluCalibration } from '../src/nlu/calibration.js';
import { NluInterpreter, trainModel } from '../src/nlu/index.js';
import { toIntents } from './labelled-examples.js';
import { CALIBRATION_GRID, MAX_IN_SCOPE_LOSS } from './nlu-calibration-choice.js';
import { readClinc, readCosibot, readIndependentServiceDesk, readServiceDesk, type Evaluation } from './nlu-data-sets.js';
import { confidenceOf, see, trainAndSee, type EvidenceRun } from './nlu-evidence.js';
import { referenceAccuracy } from './nlu-reference-figures.js';
import { drawSmallAssistants, SMALL_ASSISTANT_SHAPES } from './small-assistants.js';

const THRESHOLD = DEFAULT_ACCURACY_THRESHOLD;
interface Set {
  name: string;
  runs: EvidenceRun[];
}

function timedRun(evaluation: Evaluation): { run: EvidenceRun; cpuMs: number } {
  const before = process.cpuUsage();
  const model = trainModel({ language: evaluation.language, intents: toIntents(evaluation.train), contexts: [], regexes: [] }, { crossValidate: false });
  const cpu = process.cpuUsage(before);
  const interpreter = new NluInterpreter(model);
  return { run: { model, inScope: see(interpreter, evaluation.inScope), outOfScope: see(interpreter, evaluation.outOfScope) }, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const clinc = readClinc().validation;
const cosibot = readCosibot().validation;
const clincTimed = timedRun(clinc);
const sets: Set[] = [
  { name: 'service desk pt-BR val', runs: [trainAndSee(readServiceDesk().validation)] },
  { name: 'service desk pt-BR indep. val', runs: [trainAndSee(readIndependentServiceDesk().validation)] },
  { name: 'CLINC150 val + oos_val', runs: [clincTimed.run] },
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
// CLINC150's training CPU again, after everything (the load moves it).
const clincCpuAgain = timedRun(clinc).cpuMs;

type FloorOf = (floor: number, intents: number) => number;
interface Form {
  name: string;
  floorOf: FloorOf;
  floors: readonly number[];
}
const forms: Form[] = [{ name: 'flat', floorOf: (f) => f, floors: CALIBRATION_GRID.referenceFloor }];
const fine = Array.from({ length: 71 }, (_, i) => Math.round((0.2 + 0.01 * i) * 100) / 100);
if (process.env.FIFTH_FINE) for (const s of [0.05, 0.1, 0.15]) forms.push({ name: `chance-fine s=${s}`, floorOf: (f, k) => f + s * Math.log10(1 / k), floors: fine });
const wide = Array.from({ length: 15 }, (_, i) => Math.round((0.2 + 0.05 * i) * 100) / 100);
for (const s of process.env.FIFTH_FINE ? [] : [0.05, 0.1, 0.15]) {
  forms.push({ name: `log150 s=${s}`, floorOf: (f, k) => f + s * Math.log10(150 / k), floors: CALIBRATION_GRID.referenceFloor });
  forms.push({ name: `log150+ s=${s}`, floorOf: (f, k) => f + s * Math.max(0, Math.log10(150 / k)), floors: CALIBRATION_GRID.referenceFloor });
  forms.push({ name: `chance s=${s}`, floorOf: (f, k) => f + s * Math.log10(1 / k), floors: wide });
}

function figures(runs: readonly EvidenceRun[], calibration: NluCalibration, floorOf: FloorOf) {
  let inScope = 0;
  let correct = 0;
  let top = 0;
  let out = 0;
  let fellBack = 0;
  for (const run of runs) {
    const floor = floorOf(calibration.referenceFloor, run.model.intents.length);
    const reference = referenceSimilarityOf(run.model.similarityPercentiles ?? [], { ...calibration, referenceFloor: floor });
    for (const seen of run.inScope) {
      inScope++;
      if (seen.predicted !== seen.expected) continue;
      top++;
      if (confidenceOf(seen, reference, calibration) >= THRESHOLD) correct++;
    }
    for (const seen of run.outOfScope) {
      out++;
      if (confidenceOf(seen, reference, calibration) < THRESHOLD) fellBack++;
    }
  }
  return { accuracy: correct / inScope, top: top / inScope, oos: out > 0 ? fellBack / out : Number.NaN };
}

const mean = (xs: number[]): number => {
  const d = xs.filter((x) => !Number.isNaN(x));
  return d.reduce((a, b) => a + b, 0) / d.length;
};

function choose(form: Form) {
  let best: { calibration: NluCalibration; key: number[]; figures: Record<string, ReturnType<typeof figures>>; worst: number } | undefined;
  for (const temperature of CALIBRATION_GRID.temperature) {
    for (const referenceQuantile of CALIBRATION_GRID.referenceQuantile) {
      for (const referenceFloor of form.floors) {
        const calibration = { temperature, referenceQuantile, referenceFloor };
        const f = Object.fromEntries(sets.map((set) => [set.name, figures(set.runs, calibration, form.floorOf)]));
        const worst = Math.max(...sets.map((set) => referenceAccuracy(set.name) - (f[set.name]?.accuracy ?? 0)));
        const feasible = worst <= MAX_IN_SCOPE_LOSS + 1e-9 ? 1 : 0;
        const all = Object.values(f);
        const key = [feasible, feasible ? mean(all.map((x) => x.oos)) : -worst, mean(all.map((x) => x.accuracy))];
        if (!best || compare(key, best.key) > 0) best = { calibration, key, figures: f, worst };
      }
    }
  }
  return best;
}
function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (Math.abs(d) > 1e-12) return d;
  }
  return 0;
}

const shipped = { temperature: 0.8, referenceQuantile: 0.2, referenceFloor: 0.3 };
const result = {
  variant: `${process.env.NLU_TRIAL_WD ?? 'none'} seed ${process.env.NLU_TRIAL_SEED ?? 7}`,
  clincTrainingCpuS: [clincTimed.cpuMs / 1000, clincCpuAgain / 1000],
  intents: Object.fromEntries(sets.map((set) => [set.name, set.runs[0]?.model.intents.length])),
  references: Object.fromEntries(sets.map((set) => [set.name, referenceAccuracy(set.name)])),
  atShipped: Object.fromEntries(sets.map((set) => [set.name, figures(set.runs, shipped, (f) => f)])),
  forms: forms.map((form) => {
    const best = choose(form);
    return {
      form: form.name,
      chosen: best?.calibration,
      feasible: best?.key[0] === 1,
      meanOos: best?.key[1],
      meanAccuracy: best?.key[2],
      worstLoss: best?.worst,
      floorAt: Object.fromEntries([5, 20, 35, 40, 150].map((k) => [k, best ? form.floorOf(best.calibration.referenceFloor, k) : 0])),
      figures: best?.figures,
    };
  }),
};
writeFileSync(process.argv[2] ?? 'fifth-round.json', JSON.stringify(result, null, 1));
console.log(`${result.variant}: CLINC150 training CPU ${result.clincTrainingCpuS.map((x) => x.toFixed(2)).join(', ')} s`);
