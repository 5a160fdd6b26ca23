import type { Assistant } from './api/types';

const LANGUAGE_ORDER = ['pt', 'en', 'es'];

/** The assistant to show: the chosen language if it exists, else the first enabled in pt, en, es order. */
export function preferredAssistant(assistants: readonly Assistant[], chosenLanguage: string | null): Assistant | null {
  const chosen = assistants.find((assistant) => assistant.language === chosenLanguage);
  if (chosen) return chosen;
  const rank = (assistant: Assistant) => {
    const index = LANGUAGE_ORDER.indexOf(assistant.language);
    return (assistant.enabled ? 0 : 10) + (index === -1 ? LANGUAGE_ORDER.length : index);
  };
  return [...assistants].sort((a, b) => rank(a) - rank(b) || a.language.localeCompare(b.language))[0] ?? null;
}
