// Measures the reference figures of bench/nlu-reference-figures.ts: what an NLU answers at the
// default threshold 0.2 on each validation set of `npm run bench:nlu` (same splits, same draws),
// through its public trainModel and NluInterpreter.parse only, so that it runs against an older
// src/ too. The figures kept are those of the NLU before issue 17 (commit 83ba768):
//
//   git archive 83ba768 src | tar -x -C DIR     # that commit's src/
//   mkdir DIR/bench && cp bench/{nlu-reference-v1,nlu-data-sets,labelled-examples,small-assistants}.ts DIR/bench/
//   ln -s "$PWD/bench/data" DIR/bench/data && ln -s "$PWD/node_modules" DIR/node_modules
//   (cd DIR && node --import tsx bench/nlu-reference-v1.ts)          # add --test for the test splits' small assistants
//
// One JSON line per set: in-scope messages, those answered right at 0.2, those right on top,
// out-of-scope messages and those that fell back. Run here, it measures the current NLU.
import { trainModel } from '../src/nlu/train.js';
import { NluInterpreter } from '../src/nlu/interpreter.js';
import { toIntents } from './labelled-examples.js';
import { readClinc, readCosibot, readIndependentServiceDesk, readServiceDesk, type Evaluation } from './nlu-data-sets.js';
import { drawSmallAssistants, SMALL_ASSISTANT_SHAPES } from './small-assistants.js';

const THRESHOLD = 0.2;
const FALLBACK = 'nlu_fallback';

function measure(evaluations: readonly Evaluation[]): { inScope: number; correct: number; top: number; outOfScope: number; fellBack: number } {
  const counts = { inScope: 0, correct: 0, top: 0, outOfScope: 0, fellBack: 0 };
  for (const evaluation of evaluations) {
    const nlu = new NluInterpreter(trainModel({ language: evaluation.language, intents: toIntents(evaluation.train), contexts: [], regexes: [] }));
    for (const [text, expected] of evaluation.inScope) {
      const result = nlu.parse(text, THRESHOLD);
      counts.inScope++;
      if (result.intent.name === expected) counts.correct++;
      if (result.intent_ranking.find((entry) => entry.name !== FALLBACK)?.name === expected) counts.top++;
    }
    for (const [text] of evaluation.outOfScope) {
      counts.outOfScope++;
      if (nlu.parse(text, THRESHOLD).intent.name === FALLBACK) counts.fellBack++;
    }
  }
  return counts;
}

// With --test: the small assistants `npm run bench:nlu` draws from the test splits (seed 11), for
// the bench's test-split target (the test splits of whole sets are compared with node-nlp instead).
const test = process.argv.includes('--test');
const clinc = test ? readClinc().test : readClinc().validation;
const cosibot = test ? readCosibot().test : readCosibot().validation;
const sets: [string, Evaluation[]][] = test
  ? []
  : [
      ['service desk pt-BR val', [readServiceDesk().validation]],
      ['service desk pt-BR indep. val', [readIndependentServiceDesk().validation]],
      ['CLINC150 val + oos_val', [clinc]],
      ['Cosibot train (80/20 split)', [cosibot]],
    ];
for (const { intents, phrases } of SMALL_ASSISTANT_SHAPES) {
  for (const [name, source] of [
    ['CLINC150', clinc],
    ['Cosibot', cosibot],
  ] as const) {
    sets.push(test ? [`${name} ${intents} × ${phrases}`, drawSmallAssistants(source, intents, phrases, 11)] : [`${name} ${intents} × ${phrases} (val)`, drawSmallAssistants(source, intents, phrases)]);
  }
}
for (const [name, evaluations] of sets) console.log(JSON.stringify({ name, ...measure(evaluations) }));
