// What the assistant says on its own while a dialogue asks for contexts, when the administrator
// gave no skill for it: an answer that does not fit (by the context's type), leaving, giving up,
// asking what to change, and the yes/no of a confirmation. Portuguese, English and Spanish;
// other languages get English.
import { answerLanguage } from '../assistant/answer-words.js';
import type { AnswerProblem } from '../assistant/read-answer.js';

type Language = 'pt' | 'en' | 'es';

interface Texts {
  oneOf: (values: string) => string;
  /** The hint when an answer named several values of a context that takes one: which one. */
  whichOne: (values: string) => string;
  yesNo: string;
  number: (range: string) => string;
  between: (min: string, max: string) => string;
  atLeast: (min: string) => string;
  atMost: (max: string) => string;
  text: string;
  /** The hint when a free-text question got only a "não sei" or a question back. */
  noAnswer: string;
  entity: Readonly<Record<string, string>>;
  cancelled: string;
  gaveUp: string;
  missing: (label: string) => string;
  confirmAgain: string;
  whatToChange: string;
  /** The hint at "O que você quer corrigir?": what may be chosen. */
  chooseWhatToChange: (options: string) => string;
  /** Said when another dialogue that asks takes over one that was asking (which comes back once it ends). */
  switched: string;
  /** Said instead when the dialogue taken over had itself taken over another: that older one is dropped (one waits at most). */
  switchedDroppingOlder: string;
  /** The lead-in before the question of a dialogue that comes back after the one that took over ended. */
  resumed: string;
  or: string;
}

const TEXTS: Readonly<Record<Language, Texts>> = {
  pt: {
    oneOf: (values) => `Não entendi. Responda com uma das opções: ${values}.`,
    whichOne: (values) => `Só posso registrar um. Qual deles: ${values}?`,
    yesNo: 'Não entendi. Responda sim ou não, por favor.',
    number: (range) => `Não entendi. Informe um número${range}.`,
    between: (min, max) => ` entre ${min} e ${max}`,
    atLeast: (min) => ` a partir de ${min}`,
    atMost: (max) => ` até ${max}`,
    text: 'Não entendi. Escreva a resposta, por favor.',
    noAnswer: 'Preciso dessa informação para continuar: escreva com suas palavras o que você souber, ou diga "cancelar" para parar.',
    entity: {
      date: 'Não entendi a data. Informe um dia, por exemplo 15/04 ou amanhã.',
      time: 'Não entendi o horário. Informe uma hora, por exemplo 14h30.',
      datetime: 'Não entendi. Informe o dia e a hora, por exemplo amanhã às 10h.',
      email: 'Não entendi o e-mail. Informe um endereço como nome@empresa.com.br.',
      url: 'Não entendi o endereço. Informe um link como https://www.exemplo.com.br.',
      phone: 'Não entendi o telefone. Informe o número com DDD, por exemplo (11) 98765-4321.',
      cpf: 'Não entendi o CPF. Informe os 11 dígitos de um CPF válido.',
      cnpj: 'Não entendi o CNPJ. Informe os 14 dígitos de um CNPJ válido.',
    },
    cancelled: 'Tudo bem, cancelei. Se precisar, é só chamar.',
    gaveUp: 'Não consegui entender a resposta, então parei por aqui. Quando quiser, é só começar de novo.',
    missing: (label) => `Não consigo continuar sem ${label}. Fale com um atendente ou tente de novo mais tarde.`,
    confirmAgain: 'Responda sim para confirmar ou não para corrigir.',
    whatToChange: 'O que você quer corrigir?',
    chooseWhatToChange: (options) => `Não entendi. Escolha o que quer corrigir: ${options}.`,
    switched: 'Certo, vamos tratar deste primeiro. Depois voltamos ao pedido anterior.',
    switchedDroppingOlder: 'Certo, vamos tratar deste primeiro. Depois voltamos ao pedido anterior; o que estava antes dele ficou de lado (não foi registrado).',
    resumed: 'Voltando ao pedido anterior.',
    or: 'ou',
  },
  en: {
    oneOf: (values) => `Sorry, I didn't get that. Please answer with one of: ${values}.`,
    whichOne: (values) => `I can only take one. Which one: ${values}?`,
    yesNo: "Sorry, I didn't get that. Please answer yes or no.",
    number: (range) => `Sorry, I didn't get that. Please give a number${range}.`,
    between: (min, max) => ` from ${min} to ${max}`,
    atLeast: (min) => ` of at least ${min}`,
    atMost: (max) => ` of at most ${max}`,
    text: "Sorry, I didn't get that. Please write your answer.",
    noAnswer: 'I need this to go on: write what you know in your own words, or say "cancel" to stop.',
    entity: {
      date: "Sorry, I didn't get the date. Please give a day, for example 04/15 or tomorrow.",
      time: "Sorry, I didn't get the time. Please give a time, for example 2:30 pm.",
      datetime: "Sorry, I didn't get that. Please give a day and a time, for example tomorrow at 10 am.",
      email: "Sorry, I didn't get the e-mail. Please give an address such as name@company.com.",
      url: "Sorry, I didn't get the address. Please give a link such as https://www.example.com.",
      phone: "Sorry, I didn't get the phone number. Please give it with its area code.",
      cpf: "Sorry, I didn't get the CPF. Please give the 11 digits of a valid CPF.",
      cnpj: "Sorry, I didn't get the CNPJ. Please give the 14 digits of a valid CNPJ.",
    },
    cancelled: "All right, I've cancelled it. Just ask whenever you need me.",
    gaveUp: "I couldn't understand the answer, so I stopped here. Whenever you like, just start again.",
    missing: (label) => `I can't go on without ${label}. Please talk to an agent or try again later.`,
    confirmAgain: 'Please answer yes to confirm or no to change something.',
    whatToChange: 'What would you like to change?',
    chooseWhatToChange: (options) => `Sorry, I didn't get that. Please choose what to change: ${options}.`,
    switched: "All right, let's deal with this one first. Then we'll go back to the previous request.",
    switchedDroppingOlder: "All right, let's deal with this one first. Then we'll go back to the previous request; the one before it was set aside (it was not registered).",
    resumed: 'Back to the previous request.',
    or: 'or',
  },
  es: {
    oneOf: (values) => `No entendí. Responde con una de las opciones: ${values}.`,
    whichOne: (values) => `Solo puedo registrar uno. ¿Cuál de ellos: ${values}?`,
    yesNo: 'No entendí. Responde sí o no, por favor.',
    number: (range) => `No entendí. Indica un número${range}.`,
    between: (min, max) => ` entre ${min} y ${max}`,
    atLeast: (min) => ` desde ${min}`,
    atMost: (max) => ` hasta ${max}`,
    text: 'No entendí. Escribe la respuesta, por favor.',
    noAnswer: 'Necesito este dato para continuar: escribe con tus palabras lo que sepas, o di "cancelar" para parar.',
    entity: {
      date: 'No entendí la fecha. Indica un día, por ejemplo 15/04 o mañana.',
      time: 'No entendí la hora. Indica una hora, por ejemplo 14:30.',
      datetime: 'No entendí. Indica el día y la hora, por ejemplo mañana a las 10.',
      email: 'No entendí el correo. Indica una dirección como nombre@empresa.com.',
      url: 'No entendí la dirección. Indica un enlace como https://www.ejemplo.com.',
      phone: 'No entendí el teléfono. Indica el número con su prefijo.',
      cpf: 'No entendí el CPF. Indica los 11 dígitos de un CPF válido.',
      cnpj: 'No entendí el CNPJ. Indica los 14 dígitos de un CNPJ válido.',
    },
    cancelled: 'De acuerdo, lo cancelé. Si necesitas algo, aquí estoy.',
    gaveUp: 'No pude entender la respuesta, así que me detuve aquí. Cuando quieras, empieza de nuevo.',
    missing: (label) => `No puedo continuar sin ${label}. Habla con un agente o inténtalo más tarde.`,
    confirmAgain: 'Responde sí para confirmar o no para corregir.',
    whatToChange: '¿Qué quieres corregir?',
    chooseWhatToChange: (options) => `No entendí. Elige qué quieres corregir: ${options}.`,
    switched: 'De acuerdo, primero nos ocupamos de esta. Después volvemos a la solicitud anterior.',
    switchedDroppingOlder: 'De acuerdo, primero nos ocupamos de esta. Después volvemos a la solicitud anterior; la que había antes quedó de lado (no se registró).',
    resumed: 'Volviendo a la solicitud anterior.',
    or: 'o',
  },
};

export function slotFillingTexts(language: string): Texts {
  return TEXTS[answerLanguage(language)];
}

/** "a, b ou c" in the language. */
export function listOf(values: readonly string[], language: string): string {
  const texts = slotFillingTexts(language);
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} ${texts.or} ${values.at(-1) ?? ''}`;
}

/** The message for an answer that does not fit, saying what would. */
export function invalidAnswerText(problem: AnswerProblem, language: string): string {
  const texts = slotFillingTexts(language);
  switch (problem.kind) {
    case 'values':
      return problem.several === true ? texts.whichOne(listOf(problem.values, language)) : texts.oneOf(listOf(problem.values, language));
    case 'boolean':
      return texts.yesNo;
    case 'number': {
      const format = (value: number) => new Intl.NumberFormat(language).format(value);
      const range =
        problem.min !== undefined && problem.max !== undefined
          ? texts.between(format(problem.min), format(problem.max))
          : problem.min !== undefined
            ? texts.atLeast(format(problem.min))
            : problem.max !== undefined
              ? texts.atMost(format(problem.max))
              : '';
      return texts.number(range);
    }
    case 'entity':
      return texts.entity[problem.entity] ?? texts.text;
    case 'text':
      return problem.noAnswer === true ? texts.noAnswer : texts.text;
  }
}
