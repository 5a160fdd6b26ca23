// Trial (fifth round, validation only; reverted after): `NLU_TRIAL_WD=… node --import tsx
// bench/nlu-fifth-40.ts RESULT.json` — for the calibrations chosen in RESULT.json (written by
// nlu-fifth-round.ts for the same variant), the figures of 40-intent assistants (40 × 15 drawn from
// CLINC150's and Cosibot's validation splits, like the pt-BR sets' shape) and the reference
// similarity the pt-BR sets' models get. Never reads a test split.
import { readFileSync } from 'node:fs';
import { DEFAULT_ACCURACY_THRESHOLD } from '../src/assistant/content.js';
import { referenceSimilarityOf, type NluCalibration } from '../src/nlu/calibration.js';
import { readClinc, readCosibot, readIndependentServiceDesk, readServiceDesk } from './nlu-data-sets.js';
import { confidenceOf, trainAndSee, type EvidenceRun } from './nlu-evidence.js';
import { drawSmallAssistants } from './small-assistants.js';

interface Chosen {
  form: string;
  chosen: NluCalibration;
}
const result = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as { variant: string; forms: Chosen[] };
const floorOf = (form: string, f: number, k: number): number => {
  const s = Number(/s=([\d.]+)/.exec(form)?.[1] ?? 0);
  if (form.startsWith('log150+')) return f + s * Math.max(0, Math.log10(150 / k));
  if (form.startsWith('log150')) return f + s * Math.log10(150 / k);
  if (form.startsWith('chance')) return f + s * Math.log10(1 / k);
  return f;
};

function figures(runs: readonly EvidenceRun[], calibration: NluCalibration, form: string) {
  let inScope = 0;
  let correct = 0;
  let out = 0;
  let fellBack = 0;
  const references: number[] = [];
  for (const run of runs) {
    const floor = floorOf(form, calibration.referenceFloor, run.model.intents.length);
    const reference = referenceSimilarityOf(run.model.similarityPercentiles ?? [], { ...calibration, referenceFloor: floor });
    references.push(reference);
    for (const seen of run.inScope) {
      inScope++;
      if (seen.predicted === seen.expected && confidenceOf(seen, reference, calibration) >= DEFAULT_ACCURACY_THRESHOLD) correct++;
    }
    for (const seen of run.outOfScope) {
      out++;
      if (confidenceOf(seen, reference, calibration) < DEFAULT_ACCURACY_THRESHOLD) fellBack++;
    }
  }
  const bound = references.filter((r, i) => r === floorOf(form, calibration.referenceFloor, runs[i]?.model.intents.length ?? 0)).length;
  return `${((correct / inScope) * 100).toFixed(1)} / ${((fellBack / out) * 100).toFixed(1)} (ref ${Math.min(...references).toFixed(3)}–${Math.max(...references).toFixed(3)}, floor binds ${bound}/${runs.length})`;
}

const sets: [string, EvidenceRun[]][] = [
  ['sd', [trainAndSee(readServiceDesk().validation)]],
  ['indep', [trainAndSee(readIndependentServiceDesk().validation)]],
  ['CLINC150 40 × 15', drawSmallAssistants(readClinc().validation, 40, 15).map(trainAndSee)],
  ['Cosibot 40 × 15', drawSmallAssistants(readCosibot().validation, 40, 15).map(trainAndSee)],
];
console.log(`== ${result.variant}`);
for (const { form, chosen } of result.forms) {
  if (form.startsWith('log150+')) continue;
  console.log(`${form} T${chosen.temperature} q${chosen.referenceQuantile} F${chosen.referenceFloor}`);
  for (const [name, runs] of sets) console.log(`   ${name.padEnd(18)} ${figures(runs, chosen, form)}`);
}
