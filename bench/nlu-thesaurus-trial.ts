// `node --import tsx bench/nlu-thesaurus-trial.ts`: issue 17's thesaurus trial (src/nlu/README.md,
// "Knowledge beyond the training phrases"). LibreOffice's MyThes thesauri, as Debian packages them
// (`apt-get install mythes-pt-br mythes-pt-pt mythes-en-us`, files in /usr/share/mythes; LGPL/MPL),
// expand each message at parse time: a word of four letters or more that the assistant was never
// taught brings along the taught words that share a meaning with it, when there are at most
// THESAURUS_MAX_SYNONYMS of them (default 3; 1 keeps only unambiguous ones). Prints, per validation
// set, top intent / in scope at the default threshold / out-of-scope recall without and with the
// expansion. Validation only: it never reads a test split. Not part of the product (not kept).
import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_ACCURACY_THRESHOLD } from '../src/assistant/content.js';
import { DEFAULT_CALIBRATION } from '../src/nlu/calibration.js';
import { NluInterpreter, trainModel } from '../src/nlu/index.js';
import { toIntents } from './labelled-examples.js';
import { readClinc, readCosibot, readIndependentServiceDesk, readServiceDesk, type Evaluation } from './nlu-data-sets.js';
import { figuresOf, see } from './nlu-evidence.js';

/** A MyThes `.dat` file: a word and its count of meanings, then one line per meaning listing its words. */
function readThesaurus(file: string): Map<string, string[][]> {
  if (!existsSync(file)) throw new Error(`${file} is missing: apt-get install mythes-pt-br mythes-pt-pt mythes-en-us`);
  const lines = readFileSync(file, 'utf8').split('\n');
  const map = new Map<string, string[][]>();
  for (let i = 1; i < lines.length; ) {
    const [word, count] = (lines[i] ?? '').split('|');
    const n = Number(count);
    i++;
    if (!word || !Number.isFinite(n)) continue;
    const sets: string[][] = [];
    for (let k = 0; k < n; k++, i++) sets.push((lines[i] ?? '').split('|').slice(1).map((w) => w.replace(/\s*\(.*?\)\s*/g, '').toLowerCase()).filter(Boolean));
    map.set(word.toLowerCase(), sets);
  }
  return map;
}
const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}-]+/gu) ?? [];
const maxSyn = Number(process.env.THESAURUS_MAX_SYNONYMS ?? 3);
/** The message with the taught words that share a meaning with its untaught words appended. */
function expander(thesaurus: Map<string, string[][]>, train: Evaluation['train']): (text: string) => string {
  const vocab = new Set(train.flatMap(([text]) => words(text)));
  return (text) => {
    const extra = new Set<string>();
    for (const w of words(text)) {
      if (vocab.has(w) || w.length < 4) continue;
      const known = new Set<string>();
      for (const set of thesaurus.get(w) ?? []) for (const s of set) if (vocab.has(s) && s !== w) known.add(s);
      if (known.size > 0 && known.size <= maxSyn) for (const k of known) extra.add(k);
    }
    return extra.size === 0 ? text : `${text} ${[...extra].join(' ')}`;
  };
}
const pct = (x: number): string => (x * 100).toFixed(1);
function evaluate(name: string, evaluation: Evaluation, thesaurus: Map<string, string[][]>): void {
  const model = trainModel({ language: evaluation.language, intents: toIntents(evaluation.train), contexts: [], regexes: [] }, { crossValidate: false });
  const interpreter = new NluInterpreter(model);
  const expand = expander(thesaurus, evaluation.train);
  const base = { model, inScope: see(interpreter, evaluation.inScope), outOfScope: see(interpreter, evaluation.outOfScope) };
  let changed = 0;
  const ex = (examples: Evaluation['inScope']) => examples.map(([t, i]) => { const e = expand(t); if (e !== t) changed++; return [e, i] as typeof examples[number]; });
  const exp = { model, inScope: see(interpreter, ex(evaluation.inScope)), outOfScope: see(interpreter, ex(evaluation.outOfScope)) };
  const a = figuresOf([base], DEFAULT_CALIBRATION, DEFAULT_ACCURACY_THRESHOLD);
  const b = figuresOf([exp], DEFAULT_CALIBRATION, DEFAULT_ACCURACY_THRESHOLD);
  console.log(`${name.padEnd(22)} base top ${pct(a.topAccuracy)} / ${pct(a.accuracy)} / oos ${pct(a.outOfScopeRecall)}   thesaurus top ${pct(b.topAccuracy)} / ${pct(b.accuracy)} / oos ${pct(b.outOfScopeRecall)}   messages changed ${changed}`);
}
const ptBR = readThesaurus('/usr/share/mythes/th_pt_BR.dat');
const ptPT = readThesaurus('/usr/share/mythes/th_pt_PT_v2.dat');
const en = readThesaurus('/usr/share/mythes/th_en_US_v2.dat');
console.log(`at most ${maxSyn} taught synonyms per untaught word; entries pt-BR ${ptBR.size}, pt-PT ${ptPT.size}, en ${en.size}`);
evaluate('independent val', readIndependentServiceDesk().validation, ptBR);
evaluate('service desk val', readServiceDesk().validation, ptBR);
evaluate('Cosibot 80/20', readCosibot().validation, ptPT);
evaluate('CLINC150 val', readClinc().validation, en);
