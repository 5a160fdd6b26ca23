// The widget's words in pt-BR, en and es, chosen by data-lang or else the host page's language.
export interface Strings {
  open: string;
  close: string;
  title: string;
  placeholder: string;
  inputLabel: string;
  send: string;
  typing: string;
  reconnecting: string;
  /** A message refused by the server's rate limit. */
  tooMany: string;
  /** A message longer than the widget sends: `{count}` characters typed, `{max}` the most. */
  tooLong: string;
  messages: string;
  you: string;
  assistant: string;
  image: string;
  choices: string;
}

const pt: Strings = {
  open: 'Abrir o chat',
  close: 'Fechar o chat',
  title: 'Assistente virtual',
  placeholder: 'Digite sua mensagem…',
  inputLabel: 'Sua mensagem',
  send: 'Enviar',
  typing: 'O assistente está digitando…',
  reconnecting: 'Sem conexão. Tentando reconectar…',
  tooMany: 'Muitas mensagens seguidas: a última não foi enviada. Aguarde alguns segundos.',
  tooLong: 'Mensagem longa demais ({count} caracteres; o máximo é {max}): ela não foi enviada. Encurte-a ou divida-a em partes.',
  messages: 'Mensagens da conversa',
  you: 'Você',
  assistant: 'Assistente',
  image: 'Imagem enviada pelo assistente',
  choices: 'Opções de resposta',
};

const en: Strings = {
  open: 'Open the chat',
  close: 'Close the chat',
  title: 'Virtual assistant',
  placeholder: 'Type your message…',
  inputLabel: 'Your message',
  send: 'Send',
  typing: 'The assistant is typing…',
  reconnecting: 'Connection lost. Reconnecting…',
  tooMany: 'Too many messages in a row: the last one was not sent. Wait a few seconds.',
  tooLong: 'Message too long ({count} characters; at most {max}): it was not sent. Shorten it or split it.',
  messages: 'Conversation messages',
  you: 'You',
  assistant: 'Assistant',
  image: 'Image sent by the assistant',
  choices: 'Answer options',
};

const es: Strings = {
  open: 'Abrir el chat',
  close: 'Cerrar el chat',
  title: 'Asistente virtual',
  placeholder: 'Escribe tu mensaje…',
  inputLabel: 'Tu mensaje',
  send: 'Enviar',
  typing: 'El asistente está escribiendo…',
  reconnecting: 'Sin conexión. Reconectando…',
  tooMany: 'Demasiados mensajes seguidos: el último no se envió. Espera unos segundos.',
  tooLong: 'Mensaje demasiado largo ({count} caracteres; el máximo es {max}): no se envió. Acórtalo o divídelo en partes.',
  messages: 'Mensajes de la conversación',
  you: 'Tú',
  assistant: 'Asistente',
  image: 'Imagen enviada por el asistente',
  choices: 'Opciones de respuesta',
};

/** pt-BR for pt*, es for es*, en otherwise; the tag returned is what the widget's lang attribute gets. */
export function stringsFor(language: string | null | undefined): { lang: string; strings: Strings } {
  const tag = (language ?? '').toLowerCase();
  if (tag.startsWith('pt')) return { lang: 'pt-BR', strings: pt };
  if (tag.startsWith('es')) return { lang: 'es', strings: es };
  return { lang: 'en', strings: en };
}
