// The words of short answers while a dialogue asks for something: yes and no, leaving ("cancelar",
// "deixa pra lá"), and asking to change an earlier answer ("corrigir o equipamento"), per language.
// Compared without case, accents and punctuation. The assistant's own intents are not needed for
// these: they work the same in every assistant, as Watson's and Botpress's built-in handlers do.
import { normaliseWord } from '../nlu/text/normalise.js';
import { normalisePhrase } from './check-content.js';

type Language = 'pt' | 'en' | 'es';

// Written after chat shorthand is expanded, as the NLU does ("blz" is "beleza", "naum" "nao").
const YES: Readonly<Record<Language, readonly string[]>> = {
  pt: [
    'sim', 's', 'ss', 'sss', 'claro', 'claro que sim', 'isso', 'isso mesmo', 'isso ai', 'confirmo', 'confirmar', 'confirma', 'pode', 'pode ser', 'pode sim',
    'ok', 'okay', 'certo', 'correto', 'exato', 'exatamente', 'afirmativo', 'positivo', 'com certeza', 'com ctz', 'ctz', 'perfeito', 'esta certo', 'ta certo',
    'tudo certo', 'beleza', 'ta bom', 'ta bem', 'esta bem', 'esta bom', 'ta', 'uhum', 'aham', 'bora', 'segue', 'pode seguir', 'registra', 'registra ai',
    'pode registrar', 'fechado', 'combinado',
  ],
  en: ['yes', 'y', 'yeah', 'yep', 'yup', 'yes please', 'sure', 'ok', 'okay', 'correct', 'right', 'confirm', 'that s right', 'of course', 'absolutely', 'alright', 'go ahead', 'sounds good'],
  es: ['si', 's', 'sip', 'claro', 'claro que si', 'correcto', 'confirmo', 'confirmar', 'vale', 'ok', 'okay', 'de acuerdo', 'exacto', 'por supuesto', 'dale', 'listo', 'perfecto', 'adelante'],
};

const NO: Readonly<Record<Language, readonly string[]>> = {
  pt: ['nao', 'n', 'negativo', 'errado', 'incorreto', 'nao esta certo', 'nao ta certo', 'nao confirmo', 'nops', 'nop', 'nem', 'nada disso', 'de jeito nenhum', 'nem pensar', 'de forma alguma', 'de modo algum'],
  en: ['no', 'n', 'nope', 'nah', 'nop', 'wrong', 'incorrect', 'not right', 'not really', 'no way', 'never', 'negative'],
  es: ['no', 'n', 'nop', 'nel', 'incorrecto', 'equivocado', 'no es correcto', 'para nada', 'de ninguna manera', 'nunca', 'negativo'],
};

/** Requests to leave that count anywhere in a short message (`isCancelRequest`), and as a whole request. */
const CANCEL: Readonly<Record<Language, readonly string[]>> = {
  pt: ['cancelar', 'cancela', 'cancele', 'cancelado', 'deixa pra la', 'deixa para la', 'deixa quieto', 'esquece', 'esqueca', 'desisto', 'desistir', 'nao quero mais', 'sair'],
  en: ['cancel', 'stop', 'never mind', 'nevermind', 'forget it', 'quit', 'exit'],
  es: ['cancelar', 'cancela', 'olvidalo', 'olvidalo', 'dejalo', 'salir', 'ya no quiero'],
};

/**
 * Requests to leave only as a whole request (`isCancelPhrase`): words that also say other things
 * ("parar de funcionar", "chega a travar", "não precisa mais de senha?") leave only with courtesy
 * or what is left around them ("chega, obrigado", "não precisa mais abrir o chamado").
 */
const CANCEL_REQUESTS: Readonly<Record<Language, readonly string[]>> = {
  pt: [...CANCEL.pt, 'nao precisa mais', 'nao preciso mais', 'chega', 'parar', 'pode parar', 'desiste', 'cancelem', 'cancelo'],
  en: [...CANCEL.en, 'give up', 'i give up', 'no longer needed', 'not needed anymore', 'enough'],
  es: [...CANCEL.es, 'cancelalo', 'mejor no', 'ya no lo necesito', 'ya no hace falta', 'olvida', 'olvidate', 'basta', 'parar', 'desisto'],
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
const CANCEL_REQUEST_WORDS = split(CANCEL_REQUESTS);
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

/** Every word of the language's yes, no and cancel phrases: a stretched word is folded to one of them ("siiim", "nãooo"). */
const ANSWER_VOCABULARY: Readonly<Record<Language, ReadonlySet<string>>> = {
  pt: new Set([...YES.pt, ...NO.pt, ...CANCEL_REQUESTS.pt].flatMap((phrase) => phrase.split(' '))),
  en: new Set([...YES.en, ...NO.en, ...CANCEL_REQUESTS.en].flatMap((phrase) => phrase.split(' '))),
  es: new Set([...YES.es, ...NO.es, ...CANCEL_REQUESTS.es].flatMap((phrase) => phrase.split(' '))),
};

/** Emoji that answer: a thumbs up or a check mark is a yes, a thumbs down a no (skin tones aside). */
const YES_EMOJI = /(?:\u{1F44D}|\u{1F44C}|\u2705|\u2714)[\u{1F3FB}-\u{1F3FF}\uFE0F]*/gu;
const NO_EMOJI = /(?:\u{1F44E}|\u274C)[\u{1F3FB}-\u{1F3FF}\uFE0F]*/gu;

/**
 * A word stretched by one letter that is an answer word once undoubled ("siim", "nãoo", "simm"):
 * the NLU's folding (`normaliseWord`) only collapses a letter written three times or more, since
 * "isso" and "good" hold real double letters. Only words of the answers are undoubled this way.
 */
function undoubled(word: string, vocabulary: ReadonlySet<string>): string {
  if (vocabulary.has(word) || !/(\p{L})\1/u.test(word)) return word;
  const single = word.replace(/(\p{L})\1+/gu, '$1');
  return vocabulary.has(single) ? single : word;
}

/** The last message's words: a turn asks up to three times of one message (cancel, correction, yes/no). */
let lastWords: { text: string; language: Language; words: readonly string[] } = { text: '', language: 'en', words: [] };

/**
 * A message's words as the NLU reads them (src/nlu/text/normalise.ts): without case, accents and
 * punctuation, stretched letters folded ("simmmm", "nãããão") and chat shorthand expanded ("blz",
 * "naum", "pfv"); a thumbs up is "ok", a thumbs down a no.
 */
function wordsOf(text: string, language: Language): readonly string[] {
  if (lastWords.text === text && lastWords.language === language) return lastWords.words;
  const vocabulary = ANSWER_VOCABULARY[language];
  const normal = normalisePhrase(text.replace(YES_EMOJI, ' ok ').replace(NO_EMOJI, language === 'pt' ? ' nao ' : ' no '));
  const words = normal === '' ? [] : normal.split(' ').flatMap((word) => normaliseWord(word, language, (candidate) => vocabulary.has(candidate)).map((each) => undoubled(each, vocabulary)));
  lastWords = { text, language, words };
  return words;
}

/** A message's words without chat shorthand expanded: what a request to change names is compared as. */
function plainWordsOf(text: string): readonly string[] {
  const normal = normalisePhrase(text);
  return normal === '' ? [] : normal.split(' ');
}

/** Words that say the user does not know: neither a yes nor a no ("não sei" is no "não"). */
const UNSURE_WORDS = split({
  pt: ['nao sei', 'sei la', 'talvez', 'nao tenho certeza', 'nao faco ideia', 'nao lembro'],
  en: ['dont know', 'don t know', 'do not know', 'not sure', 'maybe', 'no idea', 'dunno'],
  es: ['no se', 'tal vez', 'quizas', 'no estoy seguro', 'ni idea'],
});

/** Whether the message says the user does not know ("não sei", "talvez"). */
export function isUnsure(text: string, language: string): boolean {
  const lang = answerLanguage(language);
  const words = wordsOf(text, lang);
  return words.length > 0 && words.length <= SHORT_ANSWER_WORDS + 1 && endsWithPhrase(words, UNSURE_WORDS[lang]);
}

/** Whether the message is one of the phrases, or ends with one ("acho que não sei"; not "no se puede"). */
function endsWithPhrase(words: readonly string[], phrases: Phrases): boolean {
  return phrases.some((parts) => parts.length <= words.length && parts.every((part, index) => words[words.length - parts.length + index] === part));
}

/**
 * Phrases that hold no answer to a free-text question when said alone: not knowing ("não sei",
 * "sei lá", "I don't know", "no sé"), or a question back about the question ("como assim", "o que é
 * isso", "qual", "what do you mean", "¿qué es eso?").
 */
const NO_ANSWER_PHRASES = split({
  pt: [
    ...['nao sei', 'sei la', 'talvez', 'nao tenho certeza', 'nao faco ideia', 'nao lembro', 'nem sei', 'sei nao', 'nao sei dizer', 'nao saberia dizer'],
    ...['nao faco a menor ideia', 'sem ideia', 'nenhuma ideia', 'como assim', 'o que e isso', 'o que seria isso', 'que e isso', 'o que', 'que', 'qual', 'quais', 'hein', 'nao entendi'],
  ],
  en: [
    ...['dont know', 'don t know', 'do not know', 'not sure', 'maybe', 'no idea', 'dunno', 'idk', 'no clue', 'have no idea'],
    ...['what do you mean', 'what is that', 'what s that', 'whats that', 'what', 'which', 'which one', 'huh', 'pardon', 'dont understand', 'don t understand'],
  ],
  es: [
    ...['no se', 'tal vez', 'quizas', 'no estoy seguro', 'no estoy segura', 'ni idea', 'no tengo idea', 'no lo se', 'no sabria decir'],
    ...['como asi', 'que es eso', 'que', 'cual', 'cuales', 'no entiendo', 'no entendi'],
  ],
});

/** Words around a "não sei" or a question back that add nothing ("ah, sinceramente não sei não", "sorry, I don't know"). */
const NO_ANSWER_COMPANIONS: Readonly<Record<Language, ReadonlySet<string>>> = {
  pt: new Set(['eu', 'ah', 'ahn', 'hmm', 'hm', 'olha', 'sinceramente', 'acho', 'que', 'ainda', 'entao', 'pois', 'e', 'bom', 'putz', 'poxa', 'nao', 'desculpa', 'desculpe', 'mas', 'isso', 'ai']),
  en: new Set(['i', 'um', 'uh', 'hmm', 'well', 'honestly', 'really', 'sorry', 'just', 'oh', 'but', 'mean', 'you', 'that']),
  es: new Set(['yo', 'pues', 'la', 'verdad', 'ah', 'hmm', 'bueno', 'sinceramente', 'realmente', 'creo', 'que', 'no', 'perdon', 'disculpa', 'pero', 'eso']),
};

/** The most words a question back may have when it ends with "?" ("o que você quer dizer?"). */
const SHORT_QUESTION_WORDS = 5;

/**
 * Whether a message to a free-text question holds no answer: only a "não sei" (with words that add
 * nothing around it: "ah, sei lá", "I really don't know"), or a question back — a short message
 * ending with "?" ("como assim?", "qual?", "o que você quer dizer?") or one of the phrases asking
 * what the question means ("como assim"). A longer text that merely holds such words ("não sei o
 * que houve, a tela apagou") is an answer.
 */
export function holdsNoAnswer(text: string, language: string): boolean {
  const lang = answerLanguage(language);
  const words = wordsOf(text, lang);
  if (words.length === 0) return false;
  if (/\?\s*$/.test(text) && words.length <= SHORT_QUESTION_WORDS) return true;
  const companions = NO_ANSWER_COMPANIONS[lang];
  for (let start = 0; start < words.length; start += 1) {
    const phrase = phraseAt(words, NO_ANSWER_PHRASES[lang], start);
    if (phrase === undefined) continue;
    const rest = [...words.slice(0, start), ...words.slice(start + phrase.length)];
    if (rest.every((word) => companions.has(word))) return true;
  }
  return false;
}

/** Words that negate what follows, per language: "não consigo sair" asks for no exit ("no" is "in the" in Portuguese). */
const NEGATIONS: Readonly<Record<Language, ReadonlySet<string>>> = {
  pt: new Set(['nao', 'nunca']),
  // 't': what is left of can't, don't
  en: new Set(['not', 'no', 'never', 'dont', 'cant', 'cannot', 't']),
  es: new Set(['no', 'nunca']),
};

/**
 * What makes a reply to a yes/no question no yes wherever it stands: a negation ("claro que não",
 * "isso não", "of course not"), a word that says the answer was wrong ("ok but wrong date"), and
 * "it can wait" (to "É urgente?", "pode esperar" is a no). Such a reply is a no.
 */
const NOT_YES = split({
  pt: [
    'nao', 'nem', 'nunca', 'jamais', 'negativo', 'nops', 'nop', 'nenhum', 'nenhuma', 'nada disso', 'que nada', 'nada a ver', 'de forma alguma', 'de modo algum',
    'errado', 'errada', 'incorreto', 'incorreta', 'pode esperar', 'pode aguardar', 'da pra esperar', 'da para esperar', 'espera', 'esperar', 'aguarda', 'aguardar', 'aguarde',
  ],
  en: ['no', 'not', 'never', 'nope', 'nah', 'nop', 't', 'dont', 'cant', 'cannot', 'wont', 'negative', 'wrong', 'incorrect', 'wait', 'can wait'],
  es: [
    'no', 'nunca', 'jamas', 'nop', 'nel', 'ni', 'tampoco', 'negativo', 'ninguno', 'ninguna', 'para nada', 'nada de eso', 'incorrecto', 'incorrecta', 'equivocado',
    'equivocada', 'puede esperar', 'espera', 'esperar',
  ],
});

/**
 * A request to change what was said, anywhere in the reply: "pode mudar a descrição?", "sure, but
 * change the date", "sí, pero cambia la fecha". Such a reply is a no (what to change is asked).
 * English "correct" is a yes, so it is no change word.
 */
const CHANGE_WORDS = split({
  pt: ['mudar', 'muda', 'mude', 'mudem', 'trocar', 'troca', 'troque', 'alterar', 'altera', 'altere', 'corrigir', 'corrige', 'corrija', 'editar', 'edita', 'edite', 'ajustar', 'ajusta'],
  en: ['change', 'fix', 'edit', 'modify', 'update', 'switch', 'amend'],
  es: ['cambiar', 'cambia', 'cambie', 'cambialo', 'corregir', 'corrige', 'corrija', 'modificar', 'modifica', 'modifique', 'editar', 'edita', 'edite'],
});

/** Phrases that hold a negation and still are no no ("não tem problema", "no problem", "why not"): neither a yes nor a no. */
const NEGATED_IDIOMS = split({
  pt: ['nao tem problema', 'nao ha problema', 'nao vejo problema', 'por que nao', 'porque nao'],
  en: ['no problem', 'no problems', 'no worries', 'why not', 'no doubt'],
  es: ['no hay problema', 'por que no', 'porque no', 'no pasa nada'],
});

/** A "but" after a yes: what follows is a reservation, so the reply is not a plain yes ("sim, mas rápido"). */
const RESERVATIONS: Readonly<Record<Language, ReadonlySet<string>>> = {
  pt: new Set(['mas', 'porem', 'contudo', 'entretanto', 'exceto', 'menos']),
  en: new Set(['but', 'however', 'except', 'though', 'although']),
  es: new Set(['pero', 'aunque', 'sino', 'excepto', 'menos']),
};

/** Whether the reply holds a "but" ("sim, mas rápido", "yes but later"): a yes with a reservation is no plain yes. */
export function hasReservation(text: string, language: string): boolean {
  const lang = answerLanguage(language);
  return wordsOf(text, lang).some((word) => RESERVATIONS[lang].has(word));
}

/**
 * The words a yes may come with and still be a plain yes: the words of the yes phrases, courtesy,
 * "go ahead" verbs and what is being confirmed ("sim, pode registrar o chamado, obrigado"). Any
 * other word ("pode ser amanhã", "sim, 3 cópias") may say something the confirmation did not, so
 * the reply is no yes: the question is asked again.
 */
const YES_COMPANIONS: Readonly<Record<Language, ReadonlySet<string>>> = {
  pt: new Set([
    ...YES.pt.flatMap((phrase) => phrase.split(' ')),
    'por', 'favor', 'obrigado', 'obrigada', 'valeu', 'grato', 'grata', 'o', 'a', 'e', 'eh', 'la', 'entao', 'mesmo', 'tudo', 'bem', 'bom', 'sim', 'chamado', 'pedido',
    'solicitacao', 'registrar', 'registre', 'abrir', 'abre', 'abra', 'enviar', 'envia', 'envie', 'mandar', 'manda', 'mande', 'seguir', 'continuar', 'pode', 'ja', 'agora',
    'vai', 'manda', 'ver', 'show', 'otimo', 'certeza', 'confirmado', 'correta', 'certa', 'tudo',
  ]),
  en: new Set([
    ...YES.en.flatMap((phrase) => phrase.split(' ')),
    'please', 'thanks', 'thank', 'you', 'do', 'it', 'go', 'ahead', 'the', 'ticket', 'request', 'that', 's', 'is', 'all', 'good', 'fine', 'just', 'perfect', 'great',
    'open', 'file', 'submit', 'create', 'register', 'send', 'now', 'confirmed', 'looks', 'sounds',
  ]),
  es: new Set([
    ...YES.es.flatMap((phrase) => phrase.split(' ')),
    'por', 'favor', 'gracias', 'el', 'la', 'lo', 'ticket', 'solicitud', 'pedido', 'esta', 'bien', 'todo', 'registra', 'registralo', 'registrar', 'abrir', 'abre', 'abrelo',
    'enviar', 'envia', 'puedes', 'puede', 'ya', 'ahora', 'genial', 'que', 'confirmado',
  ]),
};

/**
 * true for a yes, false for a no, undefined for anything else ("sim, pode abrir" is a yes; "não
 * sei" is neither). A reply of up to five words:
 * - "não sei", "talvez" and negated idioms ("não tem problema", "why not") are neither;
 * - a negation or a change request anywhere makes it a no: "claro que não", "isso não", "of course
 *   not", "pode esperar" (to "É urgente?"), "pode mudar a descrição?", "sure, but change the date"
 *   (at a confirmation, a no asks what to change);
 * - a yes is only a reply that opens with a yes word and says nothing else but yes words, courtesy
 *   and "go ahead" words ("sim, pode registrar, obrigado"): a "but" after it ("sim, mas rápido"), a
 *   question that says more ("pode ser amanhã?") or another word ("pode ser amanhã") is neither, and
 *   the question is asked again.
 * Words are read as the NLU reads them: stretched letters and chat shorthand folded ("siiim",
 * "naum", "blz").
 */
export function readYesNo(text: string, language: string): boolean | undefined {
  const lang = answerLanguage(language);
  const words = wordsOf(text, lang);
  if (words.length === 0 || words.length > LONGEST_YES) return undefined;
  // A longer message is a yes only when made of the yes and its companions; a no is short.
  if (words.length > SHORT_ANSWER_WORDS + 1) return plainYes(words, lang) ? true : undefined;
  if (endsWithPhrase(words, UNSURE_WORDS[lang])) return undefined;
  if (containsPhrase(words, NEGATED_IDIOMS[lang])) return undefined;
  // "não" first: "não está certo" must not read as the yes "está certo".
  if (phraseAt(words, NO_WORDS[lang]) !== undefined) return false;
  if (containsPhrase(words, NOT_YES[lang]) || containsPhrase(words, CHANGE_WORDS[lang])) return false;
  return plainYes(words, lang) ? true : undefined;
}

/** The most words a yes may have with its companions ("sim, pode registrar o chamado, obrigado"). */
const LONGEST_YES = 8;

/** Whether the words open with a yes and say nothing else but its companions (no "but", no other word). */
function plainYes(words: readonly string[], lang: Language): boolean {
  const yes = phraseAt(words, YES_WORDS[lang]);
  if (yes === undefined) return false;
  const rest = words.slice(yes.length);
  return rest.every((word) => YES_COMPANIONS[lang].has(word) && !RESERVATIONS[lang].has(word));
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
  const lang = answerLanguage(language);
  return phraseAt(wordsOf(text, lang), QUESTION_OPENINGS[lang]) !== undefined;
}

/** Words that may come before a request to leave ("ok, esquece", "quero cancelar", "I want to stop"). */
const CANCEL_LEADS: Readonly<Record<Language, ReadonlySet<string>>> = {
  pt: new Set(['ok', 'entao', 'eu', 'quero', 'pode', 'por', 'favor', 'pfv', 'ah', 'bom', 'olha', 'melhor', 'vou', 'ja', 'acho', 'que', 'moca', 'moco']),
  en: new Set(['ok', 'okay', 'please', 'i', 'want', 'to', 'just', 'oh', 'well', 'can', 'you', 'let', 's', 'lets', 'actually']),
  es: new Set(['ok', 'vale', 'por', 'favor', 'quiero', 'puedes', 'pues', 'bueno', 'mejor', 'yo', 'ya', 'creo', 'que']),
};

/** Words that may follow a request to leave: courtesy, and what is left ("cancelar o chamado", "cancel please"). */
const CANCEL_TAILS: Readonly<Record<Language, ReadonlySet<string>>> = {
  pt: new Set([
    'o', 'a', 'os', 'as', 'do', 'da', 'de', 'um', 'uma', 'esse', 'essa', 'este', 'esta', 'meu', 'minha', 'isso', 'isto', 'tudo', 'ai', 'chamado', 'pedido', 'atendimento',
    'solicitacao', 'ticket', 'abrir', 'registrar', 'fazer', 'criar', 'seguir', 'continuar', 'mais', 'entao', 'mesmo', 'agora', 'ja', 'por', 'favor', 'pfv', 'obrigado',
    'obrigada', 'valeu', 'brigado',
  ]),
  en: new Set([
    'it', 'this', 'that', 'the', 'a', 'my', 'of', 'ticket', 'request', 'form', 'all', 'everything', 'open', 'opening', 'file', 'create', 'continue', 'anymore', 'please',
    'thanks', 'thank', 'you', 'now', 'then', 'anyway',
  ]),
  es: new Set([
    'lo', 'el', 'la', 'de', 'un', 'una', 'mi', 'este', 'esta', 'eso', 'esto', 'todo', 'ticket', 'pedido', 'solicitud', 'abrir', 'crear', 'registrar', 'seguir',
    'continuar', 'mas', 'por', 'favor', 'gracias', 'ya', 'entonces',
  ]),
};

/**
 * Whether the message is a request to leave and nothing else: the cancel phrase itself, with
 * courtesy words around it ("não quero mais, obrigado", "cancel please"), or opening the message as
 * a command with what is left after it ("cancelar o chamado", "não quero mais abrir chamado").
 * "botão sair travado", "parar de funcionar" and "stop button is broken" are not.
 */
function isCancelPhrase(text: string, words: readonly string[], lang: Language): boolean {
  const phrases = CANCEL_REQUEST_WORDS[lang];
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
 * Whether the message asks to leave what the dialogue is asking for. The request itself
 * (`isCancelPhrase`: "cancela o chamado por favor", "não quero mais abrir chamado", "chega") leaves
 * at any question, whatever its length. While a free-text question is asked (`freeText`), any text
 * answers it, so only that leaves; at other questions a cancel word (of `CANCEL`, not "parar" nor
 * "chega") anywhere in a message of up to four words leaves too.
 */
export function isCancelRequest(text: string, language: string, options: { freeText?: boolean } = {}): boolean {
  const lang = answerLanguage(language);
  const words = wordsOf(text, lang);
  if (words.length === 0) return false;
  if (isCancelPhrase(text, words, lang)) return true;
  if (options.freeText === true || words.length > SHORT_ANSWER_WORDS) return false;
  const phrases = CANCEL_WORDS[lang];
  // A cancel word after a negation describes something ("não consigo sair", an answer), it does
  // not ask to leave; a "não," said on its own before it ("não, cancela") still leaves.
  const skip = /^\s*(n[aã]o|no|nope)\s*[,.;!]/i.test(text) ? 1 : 0;
  const negations = NEGATIONS[lang];
  return words.some((_, start) => start >= skip && phraseAt(words, phrases, start) !== undefined && !words.slice(skip, start).some((word) => negations.has(word)));
}

/** Words that may come before a request to change ("pode mudar a data?", "sure, but change the date", "sí, pero cambia la fecha"). */
const CORRECTION_LEADS: Readonly<Record<Language, ReadonlySet<string>>> = {
  pt: new Set(['pode', 'poderia', 'voce', 'vc', 'da', 'pra', 'para', 'por', 'favor', 'pfv', 'sim', 'ok', 'mas', 'so', 'eu', 'preciso', 'queria', 'gostaria', 'de']),
  en: new Set(['can', 'could', 'you', 'please', 'sure', 'ok', 'okay', 'yes', 'yeah', 'but', 'i', 'd', 'like', 'to', 'need', 'just']),
  es: new Set(['puedes', 'puede', 'podrias', 'por', 'favor', 'si', 'ok', 'vale', 'pero', 'me', 'gustaria', 'necesito', 'quisiera']),
};

/**
 * What a request to change an earlier answer names ("corrigir o equipamento" → "equipamento",
 * "pode mudar a descrição?" → "descricao"), normalised; undefined when the message is not such a
 * request.
 */
export function correctionTarget(text: string, language: string): string | undefined {
  const lang = answerLanguage(language);
  const words = plainWordsOf(text);
  let start = 0;
  while (start < words.length && CORRECTION_LEADS[lang].has(words[start] ?? '') && phraseAt(words, CORRECTION_WORDS[lang], start) === undefined) start += 1;
  const verb = phraseAt(words, CORRECTION_WORDS[lang], start);
  if (verb === undefined) return undefined;
  const rest = words.slice(start + verb.length);
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
  // "o certo é 3", "the right number is 3", "lo correcto son 3": what is right, not a context's name.
  pt: new Set(['quero', 'queria', 'preciso', 'vou', 'querer', 'serao', 'sera', 'fica', 'ficam', 'entao', 'so', 'apenas', 'certo', 'certa', 'correto', 'correta']),
  en: new Set(['i', 'we', 'want', 'need', 'll', 'take', 'would', 'like', 'there', 'are', 'make', 'then', 'just', 'only', 'right', 'correct']),
  es: new Set(['quiero', 'queria', 'necesito', 'son', 'seran', 'sera', 'entonces', 'solo', 'correcto', 'correcta', 'bueno']),
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
