// Numbers written as words, per language, for the answer to a number question ("duas", "vinte e
// cinco", "twenty-five", "treinta y dos"): as Rasa's Duckling `number` dimension reads them, up to
// the millions. Halves after a number ("dois e meio", "duas e meia", "two and a half", "dos y
// medio": 2.5; "um milhão e meio", "uma dúzia e meia": half of the multiplier it ends with) and
// dozens ("uma dúzia", "a dozen", "dos docenas"; "meia dúzia", "half a dozen", "media docena": 6)
// too; a half alone ("meia", also six when Brazilians read digits) is no number. A pair and ten
// after a number or an article ("um par", "a couple", "un par": 2; "uma dezena": 10); a number
// before a vague amount ("um monte", "a lot", "un montón") is none. The float context's
// min/max decides whether 2.5 fits (read-answer.ts). Compared without case and accents ("tres",
// "veintidos"); hyphens separate words.
// Only where a number is asked for: "um"/"uma"/"one"/"un"/"una" are articles too ("quero uma
// pizza"), so the NLU's entities do not read words (src/nlu/README.md, Limits).
import { answerLanguage } from './answer-words.js';

type Language = 'pt' | 'en' | 'es';

/** Words with their value: up to 999 (a word's own value), and the multipliers below. */
const WORDS: Readonly<Record<Language, Readonly<Record<string, number>>>> = {
  pt: {
    zero: 0, um: 1, uma: 1, dois: 2, duas: 2, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9,
    dez: 10, onze: 11, doze: 12, treze: 13, quatorze: 14, catorze: 14, quinze: 15,
    // pt-BR and pt-PT spellings, and the common single-s ones
    dezesseis: 16, dezasseis: 16, dezeseis: 16, dezessete: 17, dezassete: 17, dezesete: 17, dezoito: 18, dezenove: 19, dezanove: 19,
    vinte: 20, trinta: 30, quarenta: 40, cinquenta: 50, cincoenta: 50, sessenta: 60, setenta: 70, oitenta: 80, noventa: 90,
    cem: 100, cento: 100, duzentos: 200, duzentas: 200, trezentos: 300, trezentas: 300, quatrocentos: 400, quatrocentas: 400,
    quinhentos: 500, quinhentas: 500, seiscentos: 600, seiscentas: 600, setecentos: 700, setecentas: 700,
    oitocentos: 800, oitocentas: 800, novecentos: 900, novecentas: 900,
  },
  en: {
    zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
    ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
    twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  },
  es: {
    cero: 0, uno: 1, una: 1, un: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9,
    diez: 10, once: 11, doce: 12, trece: 13, catorce: 14, quince: 15, dieciseis: 16, diecisiete: 17, dieciocho: 18, diecinueve: 19,
    veinte: 20, veintiuno: 21, veintiuna: 21, veintiun: 21, veintidos: 22, veintitres: 23, veinticuatro: 24, veinticinco: 25,
    veintiseis: 26, veintisiete: 27, veintiocho: 28, veintinueve: 29,
    treinta: 30, cuarenta: 40, cincuenta: 50, sesenta: 60, setenta: 70, ochenta: 80, noventa: 90,
    cien: 100, ciento: 100, doscientos: 200, doscientas: 200, trescientos: 300, trescientas: 300, cuatrocientos: 400, cuatrocientas: 400,
    quinientos: 500, quinientas: 500, seiscientos: 600, seiscientas: 600, setecientos: 700, setecientas: 700,
    ochocientos: 800, ochocientas: 800, novecientos: 900, novecientas: 900,
  },
};

/** Words that multiply what comes before them ("dois mil", "three hundred"); alone they mean one of them. */
const MULTIPLIERS: Readonly<Record<Language, Readonly<Record<string, number>>>> = {
  pt: { mil: 1000, milhao: 1_000_000, milhoes: 1_000_000 },
  en: { hundred: 100, thousand: 1000, million: 1_000_000, millions: 1_000_000 },
  es: { mil: 1000, millon: 1_000_000, millones: 1_000_000 },
};

/** The word between the parts of one number: "vinte e cinco", "one hundred and five", "treinta y dos". */
const AND: Readonly<Record<Language, string>> = { pt: 'e', en: 'and', es: 'y' };

/** "a" is one only before a multiplier: "a hundred", "a thousand". */
const ARTICLE_ONE: Readonly<Record<Language, string | undefined>> = { pt: undefined, en: 'a', es: undefined };

/** A half after a number and "e"/"and"/"y": "dois e meio", "duas e meia", "two and a half", "dos y medio". */
const HALVES: Readonly<Record<Language, ReadonlyArray<readonly string[]>>> = {
  pt: [['meio'], ['meia']],
  en: [['a', 'half'], ['half']],
  es: [['medio'], ['media']],
};

/** A dozen: twelve of what comes before ("duas dúzias"); alone or after an article, one dozen. */
const DOZENS: Readonly<Record<Language, ReadonlySet<string>>> = {
  pt: new Set(['duzia', 'duzias']),
  en: new Set(['dozen', 'dozens']),
  es: new Set(['docena', 'docenas']),
};

/** Half a dozen, six: "meia dúzia", "half a dozen", "media docena". */
const HALF_DOZEN: Readonly<Record<Language, ReadonlyArray<readonly string[]>>> = {
  pt: [['meia', 'duzia'], ['meio', 'duzia']],
  en: [['half', 'a', 'dozen'], ['half', 'dozen']],
  es: [['media', 'docena'], ['medio', 'docena']],
};

const DOZEN = 12;

/**
 * Groups that count only after a number or an article: a pair, a couple ("um par de pcs", "a
 * couple", "un par": 2; "dois pares": 4) and ten ("uma dezena", "una decena": 10). Alone, "par" is
 * also "even" and "couple" a pair of people, so they read no number.
 */
const GROUPS: Readonly<Record<Language, Readonly<Record<string, number>>>> = {
  pt: { par: 2, pares: 2, dezena: 10, dezenas: 10 },
  en: { couple: 2, pair: 2, pairs: 2 },
  es: { par: 2, pares: 2, decena: 10, decenas: 10 },
};

/**
 * Words of an amount that is no number: "um monte", "uma porção", "a lot", "a bunch", "un montón".
 * A number word right before one of them reads no number ("um monte" is not 1).
 */
const VAGUE_AMOUNTS: Readonly<Record<Language, ReadonlySet<string>>> = {
  pt: new Set(['monte', 'montes', 'montao', 'bocado', 'bocados', 'porcao', 'porcoes', 'penca', 'pilha', 'pilhas', 'punhado', 'pouco', 'poucos', 'pouquinho', 'tanto', 'tantos', 'mundo', 'caminhao', 'bando', 'porrada', 'tonelada', 'toneladas']),
  en: new Set(['lot', 'lots', 'bunch', 'few', 'ton', 'tons', 'load', 'loads', 'bit', 'handful', 'heap', 'heaps', 'pile', 'piles']),
  es: new Set(['monton', 'montones', 'punado', 'poco', 'pocos', 'pila', 'pilas', 'bocado', 'chorro', 'mogollon', 'tanto', 'tantos']),
};

/** The length of the first phrase the words hold at `at`, or 0. */
function phraseLength(words: readonly string[], at: number, phrases: ReadonlyArray<readonly string[]>): number {
  const phrase = phrases.find((parts) => parts.every((part, index) => words[at + index] === part));
  return phrase === undefined ? 0 : phrase.length;
}

export interface NumberInWords {
  value: number;
  /** Word indexes in `words`, end exclusive. */
  first: number;
  last: number;
}

/** A message's words, lowercased, without accents; hyphens and punctuation separate them. */
export function numberWordsOf(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/**
 * The place a part leaves free after it: a unit or a teen leaves none ("vinte e cinco" but not
 * "cinco e dois"), a ten the units, a hundred the tens and units.
 */
function freeBelow(value: number): number {
  if (value >= 100) return 100;
  if (value >= 20) return 10;
  return 1;
}

/** Every number the words hold, longest reading first from left to right. */
export function findNumbersInWords(words: readonly string[], language: string): NumberInWords[] {
  const lang = answerLanguage(language);
  const values = WORDS[lang];
  const multipliers = MULTIPLIERS[lang];
  const and = AND[lang];
  const article = ARTICLE_ONE[lang];
  const dozens = DOZENS[lang];
  const groups = GROUPS[lang];
  const vague = VAGUE_AMOUNTS[lang];
  const found: NumberInWords[] = [];
  let index = 0;
  while (index < words.length) {
    const start = index;
    // total: what the thousands and millions already hold; group: the part below them.
    let total = 0;
    let group = 0;
    let free = Number.POSITIVE_INFINITY; // the largest part the group still takes
    let lastMultiplier = Number.POSITIVE_INFINITY;
    let inGroup = false;
    let end = index;
    let at = index;
    // A half after the number is half of this: one, or the multiplier the number ends with
    // ("um milhão e meio", "uma dúzia e meia").
    let unit = 1;
    let half = 0;
    while (at < words.length) {
      const word = words[at] as string;
      // "e"/"and"/"y" joins two parts of one number only: a word that continues it must follow.
      if (word === and && end > start && at === end) {
        // "dois e meio", "two and a half", "dos y medio": the number ends with its half.
        const halfLength = phraseLength(words, at + 1, HALVES[lang]);
        if (halfLength > 0) {
          half = unit / 2;
          end = at + 1 + halfLength;
          break;
        }
        at += 1;
        continue;
      }
      // "meia dúzia", "half a dozen", "media docena": six, and nothing more.
      const halfDozen = end === start ? phraseLength(words, at, HALF_DOZEN[lang]) : 0;
      if (halfDozen > 0) {
        group = DOZEN / 2;
        end = at + halfDozen;
        break;
      }
      if (dozens.has(word)) {
        // "uma dúzia", "duas dúzias", "dúzia": twelve of what comes before; only a half may follow.
        if (total > 0) break;
        total = (inGroup ? group : 1) * DOZEN;
        group = 0;
        inGroup = false;
        free = 0;
        lastMultiplier = 0;
        unit = DOZEN;
        end = at + 1;
        at = end;
        continue;
      }
      const groupSize = groups[word];
      if (groupSize !== undefined) {
        // "um par", "duas dezenas": a group of what comes before, which must be said; only a half may follow.
        if (!inGroup || total > 0 || group === 0) break;
        total = group * groupSize;
        group = 0;
        inGroup = false;
        free = 0;
        lastMultiplier = 0;
        unit = groupSize;
        end = at + 1;
        at = end;
        continue;
      }
      const multiplier = multipliers[word];
      const value = values[word];
      if (multiplier !== undefined) {
        if (multiplier >= lastMultiplier) break;
        if (multiplier === 100) {
          // English "hundred": three hundred, a hundred.
          if (group >= 100 || (inGroup && group === 0)) break;
          group = (inGroup ? group : 1) * 100;
          free = 100;
          inGroup = true;
        } else {
          total += (inGroup ? group : 1) * multiplier;
          group = 0;
          inGroup = false;
          free = multiplier;
          lastMultiplier = multiplier;
        }
        unit = multiplier === 100 ? 1 : multiplier;
        end = at + 1;
        at = end;
        continue;
      }
      if (value !== undefined) {
        if (value >= free || (value === 0 && end > start)) break;
        group += value;
        free = value === 0 ? 1 : freeBelow(value);
        inGroup = true;
        unit = 1;
        end = at + 1;
        at = end;
        continue;
      }
      const next = words[at + 1] ?? '';
      if (word === article && end === start && (multipliers[next] !== undefined || dozens.has(next) || groups[next] !== undefined)) {
        group = 1;
        inGroup = true;
        free = 1;
        end = at + 1;
        at = end;
        continue;
      }
      break;
    }
    if (end > start && vague.has(words[end] ?? '')) {
      // "um monte de pcs": an amount, but no number.
      index = end + 1;
    } else if (end > start) {
      found.push({ value: total + group + half, first: start, last: end });
      index = end;
    } else {
      index += 1;
    }
  }
  return found;
}
