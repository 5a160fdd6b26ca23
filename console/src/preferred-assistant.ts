import type { Assistant } from './api/types';

const LANGUAGE_ORDER = ['pt', 'en', 'es'];

/** How a choice is remembered: `server/language` (a bare language, as older consoles kept it, is on `home`). */
export function choiceKey(assistant: Pick<Assistant, 'server' | 'language'>): string {
  return `${assistant.server}/${assistant.language}`;
}

/**
 * The assistant to show: the chosen one if it exists, else the first enabled of the user's own
 * server (`home`) in pt, en, es order — of any server when home has none (the platform's operator).
 */
export function preferredAssistant(assistants: readonly Assistant[], chosen: string | null, home: string): Assistant | null {
  const key = chosen === null ? null : chosen.includes('/') ? chosen : `${home}/${chosen}`;
  const found = assistants.find((assistant) => choiceKey(assistant) === key);
  if (found) return found;
  const homeOnes = assistants.filter((assistant) => assistant.server === home);
  const rank = (assistant: Assistant) => {
    const index = LANGUAGE_ORDER.indexOf(assistant.language);
    return (assistant.enabled ? 0 : 10) + (index === -1 ? LANGUAGE_ORDER.length : index);
  };
  return [...(homeOnes.length > 0 ? homeOnes : assistants)].sort((a, b) => rank(a) - rank(b) || a.server.localeCompare(b.server) || a.language.localeCompare(b.language))[0] ?? null;
}
