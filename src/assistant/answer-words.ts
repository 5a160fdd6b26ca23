// The words of short answers while a dialogue asks for something: yes and no, leaving ("cancelar",
// "deixa pra lá"), and asking to change an earlier answer ("corrigir o equipamento"), per language.
// Compared without case, accents and punctuation. The assistant's own intents are not needed for
// these: they work the same in every assistant, as Watson's and Botpress's built-in handlers do.
import { normalisePhrase } from './check-content.js';

type Language = 'pt' | 'en' | 'es';

const YES: Readonly<Record<Language, readonly string[]>> = {
  pt: ['sim', 's', 'ss', 'claro', 'isso', 'isso mesmo', 'confirmo', 'confirmar', 'confirma', 'pode', 'pode ser', 'pode sim', 'ok', 'certo', 'correto', 'exato', 'afirmativo', 'com certeza', 'perfeito', 'esta certo', 'ta certo', 'tudo certo'],
  en: ['yes', 'y', 'yeah', 'yep', 'yup', 'sure', 'ok', 'okay', 'correct', 'right', 'confirm', 'that s right', 'of course', 'absolutely'],
  es: ['si', 's', 'claro', 'correcto', 'confirmo', 'confirmar', 'vale', 'ok', 'de acuerdo', 'exacto', 'por supuesto'],
};

const NO: Readonly<Record<Language, readonly string[]>> = {
  pt: ['nao', 'n', 'negativo', 'errado', 'incorreto', 'nao esta certo', 'nao ta certo', 'nao confirmo'],
  en: ['no', 'n', 'nope', 'wrong', 'incorrect', 'not right'],
  es: ['no', 'n', 'incorrecto', 'equivocado', 'no es correcto'],
};

const CANCEL: Readonly<Record<Language, readonly string[]>> = {
  pt: ['cancelar', 'cancela', 'cancele', 'cancelado', 'deixa pra la', 'deixa para la', 'deixa quieto', 'esquece', 'esqueca', 'desisto', 'desistir', 'nao quero mais', 'sair'],
  en: ['cancel', 'stop', 'never mind', 'nevermind', 'forget it', 'quit', 'exit'],
  es: ['cancelar', 'cancela', 'olvidalo', 'olvidalo', 'dejalo', 'salir', 'ya no quiero'],
};

const CORRECTION_VERBS: Readonly<Record<Language, readonly string[]>> = {
  pt: ['corrigir', 'corrige', 'mudar', 'muda', 'alterar', 'altera', 'trocar', 'troca', 'editar', 'quero corrigir', 'quero mudar', 'quero alterar', 'quero trocar'],
  en: ['change', 'correct', 'fix', 'edit', 'i want to change'],
  es: ['cambiar', 'cambia', 'corregir', 'corrige', 'modificar', 'editar', 'quiero cambiar', 'quiero corregir'],
};

/** Each phrase as its words, longest first, once per language: a message is matched word by word. */
type Phrases = ReadonlyArray<readonly string[]>;
function split(table: Readonly<Record<Language, readonly string[]>>): Readonly<Record<Language, Phrases>> {
  const words = (phrases: readonly string[]) => phrases.map((phrase) => phrase.split(' ')).sort((a, b) => b.length - a.length);
  return { pt: words(table.pt), en: words(table.en), es: words(table.es) };
}
const YES_WORDS = split(YES);
const NO_WORDS = split(NO);
const CANCEL_WORDS = split(CANCEL);
const CORRECTION_WORDS = split(CORRECTION_VERBS);

const ARTICLES = new Set(['o', 'a', 'os', 'as', 'do', 'da', 'de', 'meu', 'minha', 'the', 'my', 'el', 'la', 'los', 'las', 'mi']);

/** A message this short (in words) may be a yes, a no or a "cancel" with words around it. */
const SHORT_ANSWER_WORDS = 4;

/** What the dialogue calls the language; others get English words. */
export function answerLanguage(code: string): Language {
  const primary = code.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'pt' || primary === 'es' ? primary : 'en';
}

/** The first (longest) phrase the words start with at `from`. */
function phraseAt(words: readonly string[], phrases: Phrases, from = 0): readonly string[] | undefined {
  return phrases.find((parts) => parts.every((part, index) => words[from + index] === part));
}

function containsPhrase(words: readonly string[], phrases: Phrases): boolean {
  return words.some((_, start) => phraseAt(words, phrases, start) !== undefined);
}

/** The last message's words: a turn asks up to three times of one message (cancel, correction, yes/no). */
let lastWords: { text: string; words: readonly string[] } = { text: '', words: [] };

function wordsOf(text: string): readonly string[] {
  if (lastWords.text === text) return lastWords.words;
  const normal = normalisePhrase(text);
  lastWords = { text, words: normal === '' ? [] : normal.split(' ') };
  return lastWords.words;
}

/** Words that say the user does not know: neither a yes nor a no ("não sei" is no "não"). */
const UNSURE_WORDS = split({
  pt: ['nao sei', 'sei la', 'talvez', 'nao tenho certeza', 'nao faco ideia', 'nao lembro'],
  en: ['dont know', 'do not know', 'not sure', 'maybe', 'no idea', 'dunno'],
  es: ['no se', 'tal vez', 'quizas', 'no estoy seguro', 'ni idea'],
});

/** Whether the message says the user does not know ("não sei", "talvez"). */
export function isUnsure(text: string, language: string): boolean {
  const words = wordsOf(text);
  return words.length > 0 && words.length <= SHORT_ANSWER_WORDS + 1 && endsWithPhrase(words, UNSURE_WORDS[answerLanguage(language)]);
}

/** Whether the message is one of the phrases, or ends with one ("acho que não sei"; not "no se puede"). */
function endsWithPhrase(words: readonly string[], phrases: Phrases): boolean {
  return phrases.some((parts) => parts.length <= words.length && parts.every((part, index) => words[words.length - parts.length + index] === part));
}

/** Words that negate what follows, per language: "não consigo sair" asks for no exit ("no" is "in the" in Portuguese). */
const NEGATIONS: Readonly<Record<Language, ReadonlySet<string>>> = {
  pt: new Set(['nao', 'nunca']),
  // 't': what is left of can't, don't
  en: new Set(['not', 'no', 'never', 'dont', 'cant', 'cannot', 't']),
  es: new Set(['no', 'nunca']),
};

/** true for a yes, false for a no, undefined for anything else ("sim, pode abrir" is a yes; "não sei" is neither). */
export function readYesNo(text: string, language: string): boolean | undefined {
  const words = wordsOf(text);
  if (words.length === 0 || words.length > SHORT_ANSWER_WORDS + 1) return undefined;
  const lang = answerLanguage(language);
  if (endsWithPhrase(words, UNSURE_WORDS[lang])) return undefined;
  // "não" first: "não está certo" must not read as the yes "está certo".
  if (phraseAt(words, NO_WORDS[lang]) !== undefined) return false;
  if (phraseAt(words, YES_WORDS[lang]) !== undefined) return true;
  return undefined;
}

/**
 * Words that open a question and hardly ever a description, per language. Left out: those that
 * open descriptions too — "como eu disse, …", "quando ligo o computador a tela fica preta", "vocês
 * trocaram meu monitor e…", "when I print it jams", "where I sit the wifi drops".
 */
const QUESTION_OPENINGS = split({
  pt: ['que horas', 'qual', 'quais', 'quanto custa', 'quantos', 'quantas', 'a que horas', 'ate que horas'],
  en: ['what time', 'which', 'how much', 'how many', 'do you', 'can you', 'are you'],
  es: ['que hora', 'a que hora', 'hasta que hora', 'cual', 'cuales', 'cuanto cuesta', 'cuantos', 'cuantas'],
});

/** Whether the message is a question: it has a question mark, or opens as only questions do ("qual o horário de vocês"). */
export function isQuestion(text: string, language: string): boolean {
  if (/[?¿]/.test(text)) return true;
  return phraseAt(wordsOf(text), QUESTION_OPENINGS[answerLanguage(language)]) !== undefined;
}

/** Words that may come before a request to leave ("ok, esquece", "quero cancelar", "I want to stop"). */
const CANCEL_LEADS: Readonly<Record<Language, ReadonlySet<string>>> = {
  pt: new Set(['ok', 'entao', 'eu', 'quero', 'pode', 'por', 'favor', 'pfv', 'ah', 'bom', 'olha', 'melhor']),
  en: new Set(['ok', 'okay', 'please', 'i', 'want', 'to', 'just', 'oh', 'well', 'can', 'you', 'let', 's', 'lets']),
  es: new Set(['ok', 'vale', 'por', 'favor', 'quiero', 'puedes', 'pues', 'bueno', 'mejor']),
};

/** Words that may follow a request to leave: courtesy, and what is left ("cancelar o chamado", "cancel please"). */
const CANCEL_TAILS: Readonly<Record<Language, ReadonlySet<string>>> = {
  pt: new Set(['o', 'a', 'os', 'as', 'do', 'da', 'isso', 'isto', 'tudo', 'ai', 'chamado', 'pedido', 'atendimento', 'solicitacao', 'entao', 'mesmo', 'agora', 'ja', 'por', 'favor', 'pfv', 'obrigado', 'obrigada', 'valeu', 'brigado']),
  en: new Set(['it', 'this', 'that', 'the', 'ticket', 'request', 'form', 'all', 'everything', 'please', 'thanks', 'thank', 'you', 'now', 'then', 'anyway']),
  es: new Set(['lo', 'el', 'la', 'eso', 'esto', 'todo', 'ticket', 'pedido', 'solicitud', 'por', 'favor', 'gracias', 'ya', 'entonces']),
};

/**
 * Whether the message is a request to leave and nothing else: the cancel phrase itself, with
 * courtesy words around it ("não quero mais, obrigado", "cancel please"), or opening the message as
 * a command ("cancelar o chamado"). "botão sair travado" and "stop button is broken" are not.
 */
function isCancelPhrase(text: string, words: readonly string[], lang: Language): boolean {
  const phrases = CANCEL_WORDS[lang];
  // A "não," said on its own before it ("não, cancela") still leaves.
  let index = /^\s*(n[aã]o|no|nope)\s*[,.;!]/i.test(text) ? 1 : 0;
  while (index < words.length && CANCEL_LEADS[lang].has(words[index] ?? '') && phraseAt(words, phrases, index) === undefined) index += 1;
  let found = false;
  while (index < words.length) {
    const phrase = phraseAt(words, phrases, index);
    if (phrase !== undefined) {
      found = true;
      index += phrase.length;
    } else if (found && CANCEL_TAILS[lang].has(words[index] ?? '')) index += 1;
    else return false;
  }
  return found;
}

/**
 * Whether the message asks to leave what the dialogue is asking for. While a free-text question is
 * asked (`freeText`), any text answers it, so only the request itself leaves (`isCancelPhrase`);
 * otherwise a cancel word anywhere in a message of up to four words does.
 */
export function isCancelRequest(text: string, language: string, options: { freeText?: boolean } = {}): boolean {
  const words = wordsOf(text);
  if (words.length === 0) return false;
  if (options.freeText === true) return isCancelPhrase(text, words, answerLanguage(language));
  if (words.length > SHORT_ANSWER_WORDS) return false;
  const phrases = CANCEL_WORDS[answerLanguage(language)];
  // A cancel word after a negation describes something ("não consigo sair", an answer), it does
  // not ask to leave; a "não," said on its own before it ("não, cancela") still leaves.
  const skip = /^\s*(n[aã]o|no|nope)\s*[,.;!]/i.test(text) ? 1 : 0;
  const negations = NEGATIONS[answerLanguage(language)];
  return words.some((_, start) => start >= skip && phraseAt(words, phrases, start) !== undefined && !words.slice(skip, start).some((word) => negations.has(word)));
}

/**
 * What a request to change an earlier answer names ("corrigir o equipamento" → "equipamento"),
 * normalised; undefined when the message is not such a request.
 */
export function correctionTarget(text: string, language: string): string | undefined {
  const words = wordsOf(text);
  const verb = phraseAt(words, CORRECTION_WORDS[answerLanguage(language)]);
  if (verb === undefined) return undefined;
  const rest = words.slice(verb.length);
  while (rest.length > 0 && ARTICLES.has(rest[0] ?? '')) rest.shift();
  return rest.length === 0 ? undefined : rest.join(' ');
}

/** Words that say nothing of their own beside a value: articles and copulas ("é o computador", "it's the printer"). */
const FILLERS: Readonly<Record<Language, ReadonlySet<string>>> = {
  pt: new Set(['o', 'a', 'os', 'as', 'um', 'uma', 'e', 'eh', 'era', 'foi', 'sao', 'seria', 'esta', 'ta', 'ele', 'ela', 'isso', 'mesmo']),
  // 's': what is left of it's, that's
  en: new Set(['the', 'a', 'an', 'it', 'its', 's', 'is', 'was', 'that', 'this', 'one']),
  es: new Set(['el', 'la', 'los', 'las', 'un', 'una', 'lo', 'es', 'era', 'fue', 'esta', 'eso', 'mismo']),
};

/** Words that open a correction of what was said before ("na verdade é o computador", "actually it's the printer"). */
const CORRECTION_OPENERS = split({
  pt: ['na verdade', 'na real', 'alias', 'quer dizer', 'ou melhor', 'melhor dizendo', 'digo', 'desculpa', 'desculpe', 'perdao', 'foi mal', 'opa', 'ops', 'me enganei', 'errei', 'corrigindo'],
  en: ['actually', 'i mean', 'i meant', 'sorry', 'my bad', 'oops', 'rather', 'correction', 'wait'],
  es: ['en realidad', 'en verdad', 'mejor dicho', 'quiero decir', 'o sea', 'digo', 'perdon', 'perdona', 'disculpa', 'me equivoque'],
});

/**
 * Of the words a message says besides its values (normalised, in order), how many say something —
 * not articles, copulas or a correction's opening — and whether a correction's opening is among
 * them ("na verdade é o computador": none, and a correction).
 */
export function wordsBesidesValues(words: readonly string[], language: string): { said: number; correction: boolean } {
  const lang = answerLanguage(language);
  let said = 0;
  let correction = false;
  for (let index = 0; index < words.length; ) {
    const opener = phraseAt(words, CORRECTION_OPENERS[lang], index);
    if (opener !== undefined) {
      correction = true;
      index += opener.length;
      continue;
    }
    if (!FILLERS[lang].has(words[index] ?? '')) said += 1;
    index += 1;
  }
  return { said, correction };
}

/**
 * Words that say nothing of their own beside a number said as a correction, besides articles and
 * copulas: "na verdade quero 3", "no, there are 3", "en realidad son 3".
 */
const NUMBER_CORRECTION_FILLERS: Readonly<Record<Language, ReadonlySet<string>>> = {
  pt: new Set(['quero', 'queria', 'preciso', 'vou', 'querer', 'serao', 'sera', 'fica', 'ficam', 'entao', 'so', 'apenas']),
  en: new Set(['i', 'we', 'want', 'need', 'll', 'take', 'would', 'like', 'there', 'are', 'make', 'then', 'just', 'only']),
  es: new Set(['quiero', 'queria', 'necesito', 'son', 'seran', 'sera', 'entonces', 'solo']),
};

/**
 * The words a message says besides a number (normalised, in order), read as a correction of that
 * number at a confirmation: whether it opens as a correction — a correction's opening anywhere
 * ("na verdade são 3", "actually 3") or a no before anything is said ("não, são 3", "no, it's 3")
 * — and the words left that say something (not articles, copulas or "quero"/"I want"), which must
 * name the context for the message to be its correction ("na verdade a quantidade é 3").
 */
export function numberCorrectionWords(words: readonly string[], language: string): { correction: boolean; said: string[] } {
  const lang = answerLanguage(language);
  let correction = false;
  const said: string[] = [];
  for (let index = 0; index < words.length; ) {
    const opener = phraseAt(words, CORRECTION_OPENERS[lang], index) ?? (said.length === 0 ? phraseAt(words, NO_WORDS[lang], index) : undefined);
    if (opener !== undefined) {
      correction = true;
      index += opener.length;
      continue;
    }
    const word = words[index] ?? '';
    if (!FILLERS[lang].has(word) && !ARTICLES.has(word) && !NUMBER_CORRECTION_FILLERS[lang].has(word)) said.push(word);
    index += 1;
  }
  return { correction, said };
}

/** The words of the standard buttons and messages, in the assistant's language. */
export function answerButtons(language: string): { yes: string; no: string; cancel: string; change: (label: string) => string } {
  switch (answerLanguage(language)) {
    case 'pt':
      return { yes: 'Sim', no: 'Não', cancel: 'Cancelar', change: (label) => `corrigir ${label}` };
    case 'es':
      return { yes: 'Sí', no: 'No', cancel: 'Cancelar', change: (label) => `corregir ${label}` };
    default:
      return { yes: 'Yes', no: 'No', cancel: 'Cancel', change: (label) => `change ${label}` };
  }
}
