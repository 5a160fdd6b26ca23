// `node --import tsx bench/nlu-misses.ts`: the validation half of the independently written pt-BR
// service-desk set, message by message — each in-scope message not given its intent at the
// product's default threshold (with what was answered and its confidence) and each out-of-scope
// message answered with an intent — so that misses can be sorted into kinds. Validation only: it
// never reads a test split.
import { DEFAULT_ACCURACY_THRESHOLD } from '../src/assistant/content.js';
import { loadModel, NLU_FALLBACK_INTENT, serialiseModel, trainModel } from '../src/nlu/index.js';
import { toIntents } from './labelled-examples.js';
import { readIndependentServiceDesk } from './nlu-data-sets.js';

const { validation } = readIndependentServiceDesk();
const model = loadModel(serialiseModel(trainModel({ language: validation.language, intents: toIntents(validation.train), contexts: [], regexes: [] }, { crossValidate: false })));
const threshold = DEFAULT_ACCURACY_THRESHOLD;
const top = (text: string): { name: string; confidence: number } => {
  const result = model.parse(text, threshold);
  const best = result.intent_ranking.find((entry) => entry.name !== NLU_FALLBACK_INTENT);
  return { name: best?.name ?? '—', confidence: best?.confidence ?? 0 };
};

let missed = 0;
console.log(`In-scope messages missed at ${threshold} (expected ← answered, confidence):`);
for (const [text, expected] of validation.inScope) {
  const answer = top(text);
  if (answer.name === expected && answer.confidence >= threshold) continue;
  missed++;
  const kind = answer.name === expected ? 'below threshold' : `→ ${answer.name}`;
  console.log(`  ${expected} ${kind} (${answer.confidence.toFixed(2)}): ${text}`);
}
let answered = 0;
console.log(`\nOut-of-scope messages answered at ${threshold}:`);
for (const [text] of validation.outOfScope) {
  const answer = top(text);
  if (answer.confidence < threshold) continue;
  answered++;
  console.log(`  → ${answer.name} (${answer.confidence.toFixed(2)}): ${text}`);
}
const inScope = validation.inScope.length;
const outOfScope = validation.outOfScope.length;
console.log(
  `\nin-scope at ${threshold}: ${(((inScope - missed) / inScope) * 100).toFixed(1)} % (${inScope - missed}/${inScope}); ` +
    `out-of-scope recall: ${(((outOfScope - answered) / outOfScope) * 100).toFixed(1)} % (${outOfScope - answered}/${outOfScope})`,
);
