// What the user is told when the conversation is handed to a person: the assistant's configured
// message (with `{wait}`, the expected wait), or outside office hours the other one; the
// language's own default when none is set.
import type { HandoffSettings } from './handoff-settings.js';
import { withinOfficeHours } from './office-hours.js';

const DEFAULTS: Record<string, { inHours: string; outside: string; minutes: (n: number) => string }> = {
  pt: {
    inHours: 'Vou chamar um atendente para continuar a conversa. O tempo de espera previsto é de {wait}.',
    outside: 'Nossos atendentes não estão disponíveis agora. Sua mensagem ficou registrada e responderemos assim que voltarmos.',
    minutes: (n) => (n === 1 ? '1 minuto' : `${n} minutos`),
  },
  en: {
    inHours: "I'm getting a person to help you. The expected wait is {wait}.",
    outside: 'Our agents are not available right now. Your message is recorded and we will answer as soon as we are back.',
    minutes: (n) => (n === 1 ? '1 minute' : `${n} minutes`),
  },
  es: {
    inHours: 'Voy a llamar a un agente para seguir la conversación. El tiempo de espera previsto es de {wait}.',
    outside: 'Nuestros agentes no están disponibles ahora. Su mensaje quedó registrado y responderemos en cuanto volvamos.',
    minutes: (n) => (n === 1 ? '1 minuto' : `${n} minutos`),
  },
};

export interface HandoffNotice {
  text: string;
  outsideHours: boolean;
}

/** The message for a handoff at `at` (epoch seconds), in the assistant's language. */
export function handoffNotice(settings: HandoffSettings, language: string, at: number): HandoffNotice {
  const defaults = DEFAULTS[language] ?? (DEFAULTS['en'] as (typeof DEFAULTS)[string]);
  if (!withinOfficeHours(settings.officeHours, at)) return { text: settings.outsideHoursMessage || defaults.outside, outsideHours: true };
  const text = (settings.message || defaults.inHours).replaceAll('{wait}', defaults.minutes(settings.expectedWaitMinutes));
  return { text, outsideHours: false };
}
