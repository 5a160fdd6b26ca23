// The NLU's speed on CLINC150 (15,000 phrases, 150 intents) for `npm run bench`: training time and
// parse latency after a warm-up, as a serving process sees it. Accuracy figures are
// `npm run bench:nlu`'s, where constants are chosen on validation data and test data read once.
import { loadModel, serialiseModel, trainModel } from '../src/nlu/index.js';
import { toIntents } from './labelled-examples.js';
import { readClinc } from './nlu-data-sets.js';

export interface NluSpeed {
  trainMs: number;
  parseP50Ms: number;
  parseP99Ms: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

export async function benchNluSpeed(): Promise<NluSpeed> {
  // Validation messages: timing needs no test data.
  const { train, inScope, outOfScope } = readClinc().validation;
  const started = performance.now();
  const artifact = serialiseModel(trainModel({ language: 'en', intents: toIntents(train), contexts: [], regexes: [] }));
  const trainMs = performance.now() - started;
  const interpreter = loadModel(artifact);
  const messages = [...inScope, ...outOfScope].map(([text]) => text);
  for (const text of messages.slice(0, 1000)) interpreter.parse(text, 0);
  const latencies = messages.map((text) => {
    const before = performance.now();
    interpreter.parse(text, 0);
    return performance.now() - before;
  });
  latencies.sort((a, b) => a - b);
  return { trainMs, parseP50Ms: percentile(latencies, 0.5), parseP99Ms: percentile(latencies, 0.99) };
}
