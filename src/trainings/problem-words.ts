// A training's problems and warnings in the assistant's language, for the e-mails: the same
// sentences the console shows (its locale files, `problems.<code>`, are the one source of them),
// read from the console's sources beside the server's code (`dist/` and `src/` both sit next to
// `console/`; the Docker image copies the locale files too), the names in their params said as the
// console says them (`problemParams` and `inItemParams`, one module for both). A problem without a
// code, with a generic code or with no sentence in that language keeps its English text, as every
// problem does in English and other languages — but for a training that failed unexpectedly
// (`internal`), whose sentence of its own (`trainingProblemKey`) says what to do in every language.
import { readFileSync } from 'node:fs';
import { inItemParams, problemParams, trainingProblemKey } from '../admin-api/problem-params.js';
import type { TrainingProblem } from '../store/store.js';

type Words = Record<string, unknown>;

const LOCALE_FILES: Record<'pt' | 'es' | 'en', string> = { pt: 'pt-BR.json', es: 'es.json', en: 'en.json' };
const LOCALES = new URL('../../console/src/locales/', import.meta.url);
/** Codes whose sentence says less than the English text they stand for. */
const GENERIC = new Set(['training_problem', 'training_warning']);

const cache = new Map<string, Words | null>();

/** The console's `problems` words of a language, read once; null when the file cannot be read. */
function problemWords(language: 'pt' | 'es' | 'en'): Words | null {
  let words = cache.get(language);
  if (words === undefined) {
    try {
      const locale = JSON.parse(readFileSync(new URL(LOCALE_FILES[language], LOCALES), 'utf8')) as { problems?: Words };
      words = locale.problems ?? null;
    } catch {
      words = null;
    }
    cache.set(language, words);
  }
  return words;
}

function lookup(words: Words, path: string): string | undefined {
  let node: unknown = words;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Words)[key];
  }
  return typeof node === 'string' ? node : undefined;
}

/** i18next's `{{name}}` placeholders; an unknown one is left empty, as i18next does. */
function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** The problem as one line in `language` (pt, es; en and anything else: the English text, or the sentence of its own of a training failed unexpectedly). */
export function problemSentence(problem: TrainingProblem, language: string): string {
  if (!problem.code || GENERIC.has(problem.code) || !/^\w+$/.test(problem.code)) return problem.message;
  const key = trainingProblemKey(problem.code);
  const base = language.toLowerCase().slice(0, 2);
  const locale = base === 'pt' || base === 'es' ? base : key !== problem.code ? 'en' : undefined;
  if (!locale) return problem.message;
  const words = problemWords(locale);
  const template = words ? lookup(words, key) : undefined;
  if (!words || template === undefined) return problem.message;
  const word = (name: string) => lookup(words, name);
  const text = fill(template, problemParams(problem.params, word));
  const inItem = word('inItem');
  return problem.item && inItem !== undefined ? fill(inItem, inItemParams(problem.item, text, word)) : text;
}
