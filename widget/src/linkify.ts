// Links in a bot's text become clickable, safely: only http(s) addresses, opened in a new tab with
// rel="noopener noreferrer"; everything else stays text (never HTML). A trailing punctuation mark
// ("veja https://exemplo.com.") is left out of the link.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;
const TRAILING = /[.,;:!?)\]}]+$/;

export type TextPart = { text: string } | { text: string; href: string };

/** The text cut into plain parts and link parts, in order. */
export function linkParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const found = match[0].replace(TRAILING, '');
    const start = match.index ?? 0;
    if (!isWebAddress(found)) continue;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: found, href: found });
    last = start + found.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

function isWebAddress(candidate: string): boolean {
  try {
    const url = new URL(candidate);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
