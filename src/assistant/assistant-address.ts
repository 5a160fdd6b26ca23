// How a server and an assistant are named, as their host names need: `{server}{lang}.{domain}`.
// The store, the configuration and the CLI all check names with these rules.

/** Lowercase letters and digits: a server's name is part of a DNS label. */
export const SERVER_NAME_PATTERN = /^[a-z0-9]+$/;
/**
 * The languages the platform speaks (NLU, console, widget). A server name may not be another
 * server's name followed by one of them, so every customer can always add these assistants
 * (src/store/servers/host-labels.ts).
 */
export const PLATFORM_LANGUAGES = ['pt', 'en', 'es'] as const;
/** ISO 639-1/639-2 code, optionally with a region: pt, en, es, pt-br, es-419. */
export const LANGUAGE_PATTERN = /^[a-z]{2,3}(-([a-z]{2}|[0-9]{3}))?$/;

/** `SERVER/LANG` (e.g. `demo/pt`, any case) → its parts; null when it has another shape. */
export function parseAssistantAddress(text: string): { server: string; language: string } | null {
  const [server, language, ...rest] = text.trim().toLowerCase().split('/');
  if (server === undefined || language === undefined || rest.length > 0) return null;
  if (!SERVER_NAME_PATTERN.test(server) || !LANGUAGE_PATTERN.test(language)) return null;
  return { server, language };
}
