// The labelled data the NLU benchmark reads, split so that constants are chosen on validation
// data and test data is read once: CLINC150 (`val` + `oos_val` to choose, `test` + `oos_test` to
// report), Cosibot pt-PT (a seeded split of its training phrases to choose, its test split to
// report, also without the test phrases that equal a training phrase after folding), and our pt-BR
// service-desk sets, ours and the independently written one (their `val` messages to choose,
// their `test` messages to report).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../src/nlu/seeded-random.js';
import type { Example } from './labelled-examples.js';

const DATA_DIR = process.env.NLU_BENCH_DATA_DIR ?? fileURLToPath(new URL('./data', import.meta.url));

/** Training phrases, in-scope phrases to classify and (when the data set has them) strangers. */
export interface Evaluation {
  language: string;
  train: Example[];
  inScope: Example[];
  outOfScope: Example[];
}

/** A data set's validation and test evaluations: choose on the first, report the second. */
export interface DataSetSplits {
  validation: Evaluation;
  test: Evaluation;
}

// The share of each Cosibot intent's training phrases held out for validation.
const COSIBOT_VALIDATION_SHARE = 0.2;
const COSIBOT_VALIDATION_SEED = 2024;

export function readClinc(): DataSetSplits {
  const path = join(DATA_DIR, 'clinc150', 'data_full.json');
  const data = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Example[] | undefined>;
  const train = data.train ?? [];
  return {
    validation: { language: 'en', train, inScope: data.val ?? [], outOfScope: data.oos_val ?? [] },
    test: { language: 'en', train, inScope: data.test ?? [], outOfScope: data.oos_test ?? [] },
  };
}

/** A text as compared for duplicates: folded (case, accents) and reduced to its words. */
export function foldedForComparison(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function readCosibot(): DataSetSplits & { testDeduplicated: Evaluation; duplicates: number } {
  const rows = readFileSync(join(DATA_DIR, 'cosibot-pt-PT', 'split.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { text: string; intent: string; split: string });
  const pick = (split: string): Example[] => rows.filter((row) => row.split === split).map((row) => [row.text, row.intent]);
  const train = pick('train');
  const test = pick('test');
  const { kept, heldOut } = holdOut(train, COSIBOT_VALIDATION_SHARE, COSIBOT_VALIDATION_SEED);
  const taught = new Set(train.map(([text]) => foldedForComparison(text)));
  const unseen = test.filter(([text]) => !taught.has(foldedForComparison(text)));
  return {
    validation: { language: 'pt', train: kept, inScope: heldOut, outOfScope: [] },
    test: { language: 'pt', train, inScope: test, outOfScope: [] },
    testDeduplicated: { language: 'pt', train, inScope: unseen, outOfScope: [] },
    duplicates: test.length - unseen.length,
  };
}

/**
 * A seeded stratified split: about `share` of each intent's examples held out, never all of
 * them (an intent with one example keeps it for training).
 */
export function holdOut(examples: readonly Example[], share: number, seed: number): { kept: Example[]; heldOut: Example[] } {
  const next = seededRandom(seed);
  const byIntent = new Map<string, Example[]>();
  for (const example of examples) byIntent.set(example[1], [...(byIntent.get(example[1]) ?? []), example]);
  const kept: Example[] = [];
  const heldOut: Example[] = [];
  for (const name of [...byIntent.keys()].sort()) {
    const members = (byIntent.get(name) ?? []).map((example) => ({ example, key: next() })).sort((a, b) => a.key - b.key);
    const count = Math.min(members.length - 1, Math.round(members.length * share));
    members.forEach(({ example }, i) => (i < count ? heldOut : kept).push(example));
  }
  return { kept, heldOut };
}

/** Our pt-BR service-desk development set (bench/data/service-desk-pt-BR). */
export function readServiceDesk(): DataSetSplits {
  return readSplitJsonLines('service-desk-pt-BR');
}

/**
 * The second pt-BR service-desk set (bench/data/service-desk-pt-BR-independent), written by
 * someone who had not seen the first set's user messages nor tuned the model.
 */
export function readIndependentServiceDesk(): DataSetSplits {
  return readSplitJsonLines('service-desk-pt-BR-independent');
}

/** A folder's `data.jsonl` of `{text, intent, split}` lines; intent `out_of_scope` marks strangers. */
function readSplitJsonLines(folder: string): DataSetSplits {
  const rows = readFileSync(join(DATA_DIR, folder, 'data.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { text: string; intent: string; split: string });
  const pick = (split: string, outOfScope: boolean): Example[] =>
    rows.filter((row) => row.split === split && (row.intent === OUT_OF_SCOPE) === outOfScope).map((row) => [row.text, row.intent]);
  const train = pick('train', false);
  return {
    validation: { language: 'pt', train, inScope: pick('val', false), outOfScope: pick('val', true) },
    test: { language: 'pt', train, inScope: pick('test', false), outOfScope: pick('test', true) },
  };
}

const OUT_OF_SCOPE = 'out_of_scope';
