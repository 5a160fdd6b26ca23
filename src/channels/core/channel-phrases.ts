// The few words a push channel adds around an assistant's answer (a list's button, the prompt of
// buttons sent without text, the polite answer to a message it cannot read) and the greeting word a
// conversation's opening is understood as, in the assistant's language: pt, en, es; other
// languages get English.

export interface ChannelPhrases {
  /** Stands in for the text of buttons that came without any (WhatsApp and Telegram need one). */
  choose: string;
  /** The button that opens a WhatsApp list (at most 20 characters). */
  seeOptions: string;
  /** The text of a further list when there are more than 10 choices: "More options (11–20 of 25):". */
  moreOptions(first: number, last: number, total: number): string;
  /** The default answer to an image, a location or another message that is not text. */
  onlyText: string;
  /** What a user's "start" (Telegram's /start, Messenger's Get Started) means when nothing else answers it. */
  greetingWord: string;
}

const PHRASES: Record<string, ChannelPhrases> = {
  pt: {
    choose: 'Escolha uma opção:',
    seeOptions: 'Ver opções',
    moreOptions: (first, last, total) => `Mais opções (${first}–${last} de ${total}):`,
    onlyText: 'Desculpe, por enquanto eu só consigo ler mensagens de texto.',
    greetingWord: 'oi',
  },
  en: {
    choose: 'Choose an option:',
    seeOptions: 'See options',
    moreOptions: (first, last, total) => `More options (${first}–${last} of ${total}):`,
    onlyText: 'Sorry, for now I can only read text messages.',
    greetingWord: 'hi',
  },
  es: {
    choose: 'Elige una opción:',
    seeOptions: 'Ver opciones',
    moreOptions: (first, last, total) => `Más opciones (${first}–${last} de ${total}):`,
    onlyText: 'Lo siento, por ahora solo puedo leer mensajes de texto.',
    greetingWord: 'hola',
  },
};

export function channelPhrases(language: string): ChannelPhrases {
  const base = language.toLowerCase().split(/[-_]/)[0] ?? 'en';
  return PHRASES[base] ?? (PHRASES['en'] as ChannelPhrases);
}
