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

const ARTICLES = new Set(['o', 'a', 'os', 'as', 'do', 'da', 'de', 'meu', 'minha', 'the', 'my', 'el', 'la', 'los', 'las', 'mi']);

/** A message this short (in words) may be a yes, a no or a "cancel" with words around it. */
const SHORT_ANSWER_WORDS = 4;

/** What the dialogue calls the language; others get English words. */
export function answerLanguage(code: string): Language {
  const primary = code.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'pt' || primary === 'es' ? primary : 'en';
}

function startsWithPhrase(words: readonly string[], phrases: readonly string[]): boolean {
  return phrases.some((phrase) => {
    const parts = phrase.split(' ');
    return parts.every((part, index) => words[index] === part);
  });
}

function containsPhrase(words: readonly string[], phrases: readonly string[]): boolean {
  return words.some((_, start) => startsWithPhrase(words.slice(start), phrases));
}

function wordsOf(text: string): string[] {
  const normal = normalisePhrase(text);
  return normal === '' ? [] : normal.split(' ');
}

/** true for a yes, false for a no, undefined for anything else ("sim, pode abrir" is a yes). */
export function readYesNo(text: string, language: string): boolean | undefined {
  const words = wordsOf(text);
  if (words.length === 0 || words.length > SHORT_ANSWER_WORDS + 1) return undefined;
  const lang = answerLanguage(language);
  // "não" first: "não está certo" must not read as the yes "está certo".
  if (startsWithPhrase(words, NO[lang])) return false;
  if (startsWithPhrase(words, YES[lang])) return true;
  return undefined;
}

/** Whether the message asks to leave what the dialogue is asking for. */
export function isCancelRequest(text: string, language: string): boolean {
  const words = wordsOf(text);
  if (words.length === 0 || words.length > SHORT_ANSWER_WORDS) return false;
  return containsPhrase(words, CANCEL[answerLanguage(language)]);
}

/**
 * What a request to change an earlier answer names ("corrigir o equipamento" → "equipamento"),
 * normalised; undefined when the message is not such a request.
 */
export function correctionTarget(text: string, language: string): string | undefined {
  const words = wordsOf(text);
  const verbs = CORRECTION_VERBS[answerLanguage(language)];
  const verb = [...verbs].sort((a, b) => b.split(' ').length - a.split(' ').length).find((phrase) => startsWithPhrase(words, [phrase]));
  if (verb === undefined) return undefined;
  const rest = words.slice(verb.split(' ').length);
  while (rest.length > 0 && ARTICLES.has(rest[0] ?? '')) rest.shift();
  return rest.length === 0 ? undefined : rest.join(' ');
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
