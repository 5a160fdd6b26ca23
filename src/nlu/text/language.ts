// The languages the NLU knows how to normalise and stem. Anything else is handled generically
// (case and accent folding, no stemming, no chat abbreviations) rather than refused, so an
// assistant in, say, French still trains and answers.

export type NluLanguage = 'pt' | 'en' | 'es' | 'generic';

/** Maps an assistant's language code ("pt", "pt-BR", "pt_br", "EN-us"…) to an NLU language. */
export function resolveLanguage(code: string): NluLanguage {
  const primary = code.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  switch (primary) {
    case 'pt':
    case 'en':
    case 'es':
      return primary;
    default:
      return 'generic';
  }
}
