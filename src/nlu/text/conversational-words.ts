// The words of conversation rather than of content: greetings, closings, thanks, yes and no, chat
// interjections ("suave", "pode crer", "flw") and the formulas of formal messages ("Prezados",
// "Solicito gentilmente", "Atenciosamente"). Two uses (message-analyser.ts):
// - a message with content words weighs these down, so that "Bom dia, a impressora travou.
//   Obrigado" is about the printer, and a long formal e-mail's few content words decide;
// - a message made only of them is a short reply, and gets a feature naming the kind of reply
//   (yes, no, thanks…), so that "suave" reads as the "ok" an administrator taught, and "flw" as
//   "tchau", without every assistant having to list every interjection.
// Entries are folded (lowercase, no accents) and written after chat shorthand expansion ("vlw" is
// already "valeu"). pt covers pt-BR and pt-PT; every list also has the English words of chat.
import type { NluLanguage } from './language.js';

export type ReplyKind = 'greeting' | 'farewell' | 'thanks' | 'yes' | 'no' | 'formal';

type Table = Readonly<Record<ReplyKind, readonly string[]>>;

const ENGLISH_CHAT: Table = {
  greeting: ['hi', 'hello', 'hey', 'good morning', 'good afternoon', 'good evening', 'sup', 'yo', 'whats up'],
  farewell: ['bye', 'goodbye', 'bye bye', 'see you', 'see ya', 'cya', 'take care'],
  thanks: ['thanks', 'thank you', 'thanks a lot', 'cheers', 'many thanks'],
  yes: ['yes', 'yeah', 'yep', 'yup', 'sure', 'ok', 'okay', 'okey', 'kk', 'cool', 'of course', 'sounds good', 'alright'],
  no: ['no', 'nope', 'nah', 'no thanks', 'not really'],
  formal: ['dear', 'regards', 'kind regards', 'best regards', 'sincerely', 'please', 'to whom it may concern'],
};

const PORTUGUESE: Table = {
  greeting: [
    'oi', 'oie', 'oii', 'ola', 'ole', 'bom dia', 'boa tarde', 'boa noite', 'bom dia a todos', 'boa tarde a todos', 'e ai', 'eai',
    'salve', 'opa', 'fala', 'fala ai', 'alo', 'tudo bem', 'tudo bom', 'tudo certo', 'tudo joia', 'como vai', 'como esta', 'beleza',
    'ola equipe', 'ola pessoal',
  ],
  farewell: [
    'tchau', 'tchauzinho', 'xau', 'adeus', 'ate logo', 'ate mais', 'ate amanha', 'ate a proxima', 'ate ja', 'ate breve', 'ate mais tarde',
    'flw', 'falou', 'fui', 'bom fim de semana', 'bom fds', 'boa semana', 'abracos', 'abraco', 'abs', 'beijos', 'bjs', 'fica com deus',
    'tenha um bom dia', 'xau xau', 'tchau tchau',
  ],
  thanks: [
    'obrigado', 'obrigada', 'obrigadao', 'obrigadinho', 'obrigadinha', 'muito obrigado', 'muito obrigada', 'valeu', 'valeu mesmo',
    'valeu demais', 'grato', 'grata', 'agradeco', 'agradecido', 'agradecida', 'tamo junto', 'tmj', 'brigadao', 'gratidao',
  ],
  yes: [
    'sim', 'ss', 'sss', 'isso', 'isso mesmo', 'isso ai', 'ok', 'okay', 'certo', 'ta certo', 'esta certo', 'claro', 'claro que sim',
    'com certeza', 'exato', 'exatamente', 'correto', 'positivo', 'suave', 'de boa', 'pode crer', 'fechou', 'fechado', 'firmeza',
    'show', 'show de bola', 'perfeito', 'pode ser', 'combinado', 'uhum', 'aham', 'ya', 'fixe', 'ta bom', 'ta bem', 'esta bem',
    'tranquilo', 'yes',
  ],
  no: ['nao', 'nao obrigado', 'negativo', 'nops', 'nope', 'nem a pau', 'de jeito nenhum', 'nada a ver', 'ainda nao', 'nem pensar', 'que nada'],
  formal: [
    'prezados', 'prezado', 'prezada', 'prezadas', 'caros', 'caras', 'estimados', 'atenciosamente', 'cordialmente', 'att', 'atte',
    'respeitosamente', 'desde ja', 'desde ja agradeco', 'sem mais', 'aguardo retorno', 'no aguardo', 'fico no aguardo',
    'por gentileza', 'gentilmente', 'por favor', 'favor', 'gostaria', 'solicito', 'venho por meio deste', 'venho por meio desta',
    'informo que', 'poderiam', 'obrigado pela atencao', 'grato pela atencao', 'saudacoes', 'se possivel',
  ],
};

const SPANISH: Table = {
  greeting: ['hola', 'buenas', 'buenos dias', 'buen dia', 'buenas tardes', 'buenas noches', 'que tal', 'saludos', 'holi'],
  farewell: ['adios', 'chao', 'chau', 'hasta luego', 'hasta pronto', 'hasta manana', 'nos vemos', 'cuidate', 'abrazos', 'besos'],
  thanks: ['gracias', 'muchas gracias', 'mil gracias', 'te agradezco', 'agradecido', 'agradecida', 'grax'],
  yes: ['si', 'claro', 'vale', 'dale', 'de acuerdo', 'perfecto', 'genial', 'ok', 'sip', 'exacto', 'correcto', 'por supuesto', 'listo', 'bueno', 'va'],
  no: ['no', 'nop', 'nel', 'para nada', 'no gracias', 'nunca', 'todavia no', 'aun no', 'de ninguna manera'],
  formal: ['estimados', 'estimado', 'estimada', 'saludos cordiales', 'atentamente', 'cordialmente', 'por favor', 'quedo atento', 'quedo atenta', 'solicito', 'quisiera', 'podrian'],
};

function merge(own: Table): Table {
  const kinds = Object.keys(own) as ReplyKind[];
  return Object.fromEntries(kinds.map((kind) => [kind, [...own[kind], ...ENGLISH_CHAT[kind]]])) as unknown as Table;
}

/** An expression's words → its kind; expressions of several words are matched longest first. */
export interface ConversationalLexicon {
  kinds: ReadonlyMap<string, ReplyKind>;
  longest: number;
  /** The first words of the expressions of several words. */
  openers: ReadonlySet<string>;
}

function lexicon(table: Table | undefined): ConversationalLexicon {
  const kinds = new Map<string, ReplyKind>();
  const openers = new Set<string>();
  let longest = 0;
  if (table) {
    for (const kind of Object.keys(table) as ReplyKind[]) {
      for (const expression of table[kind]) {
        // The first kind listed wins for an expression in two lists (none today).
        if (!kinds.has(expression)) kinds.set(expression, kind);
        const words = expression.split(' ');
        longest = Math.max(longest, words.length);
        if (words.length > 1) openers.add(words[0] as string);
      }
    }
  }
  return { kinds, longest, openers };
}

export const CONVERSATIONAL_WORDS: Readonly<Record<NluLanguage, ConversationalLexicon>> = {
  pt: lexicon(merge(PORTUGUESE)),
  es: lexicon(merge(SPANISH)),
  en: lexicon(ENGLISH_CHAT),
  generic: lexicon(ENGLISH_CHAT),
};

/**
 * The kind of each word of a message (undefined for content words), matching the longest
 * expression at each position.
 */
export function conversationalKinds(words: readonly string[], language: NluLanguage): (ReplyKind | undefined)[] {
  const { kinds, longest, openers } = CONVERSATIONAL_WORDS[language];
  const result: (ReplyKind | undefined)[] = new Array<ReplyKind | undefined>(words.length).fill(undefined);
  let i = 0;
  while (i < words.length) {
    let matched = 0;
    // Several words joined hold a space, so they can make an expression only from its first word:
    // a word (without a space) that opens none is looked up alone.
    const word = words[i] as string;
    const widest = openers.has(word) || word.includes(' ') ? longest : 1;
    for (let length = Math.min(widest, words.length - i); length >= 1; length--) {
      const kind = kinds.get(words.slice(i, i + length).join(' '));
      if (kind) {
        for (let j = i; j < i + length; j++) result[j] = kind;
        matched = length;
        break;
      }
    }
    i += Math.max(1, matched);
  }
  return result;
}
