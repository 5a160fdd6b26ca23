// What the analytics text search and the satisfaction answers compare: lowercase, without accents
// and with single spaces, so "Não", "nao " and "NÃO" are one answer and one match.
const MAX_SEARCH_TEXT = 2_000;

export function normaliseText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_SEARCH_TEXT);
}
