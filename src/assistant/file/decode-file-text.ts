// An imported file's bytes as text. Files are UTF-8 (a byte order mark is accepted and dropped); a
// file in another encoding (Latin-1, Windows-1252: "Olá" saved as 4f 6c e1) is refused with the
// place of its first byte that is not UTF-8, rather than read with its accents turned into U+FFFD.
import type { FileError } from './assistant-file.js';

/** A file as given: its bytes (an upload, a zip entry, a file on disk) or text already decoded. */
export type FileContent = string | Uint8Array;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Where the first sequence that is not UTF-8 starts, or -1 (the rules of RFC 3629). */
function firstInvalidByte(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    const following = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
    if (following === 0) return index;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let offset = 1; offset <= following; offset += 1) {
      const next = bytes[index + offset];
      if (next === undefined) return index;
      if (offset === 1 ? next < low || next > high : next < 0x80 || next > 0xbf) return index;
    }
    index += following + 1;
  }
  return -1;
}

/** The error for a file that is not UTF-8, at the line and column of its first byte that is not. */
function notUtf8(bytes: Uint8Array, fileName: string): FileError {
  const at = Math.max(firstInvalidByte(bytes), 0);
  const lineStart = bytes.lastIndexOf(0x0a, at - 1) + 1;
  let line = 1;
  for (let index = 0; index < lineStart; index += 1) if (bytes[index] === 0x0a) line += 1;
  // The bytes before it on its line are UTF-8: the column counts their characters.
  const column = Array.from(new TextDecoder('utf-8').decode(bytes.subarray(lineStart, at)).replace(/^\uFEFF/, '')).length + 1;
  const byte = `0x${(bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
  return {
    line,
    column,
    path: '',
    file: fileName,
    message: `the file is not UTF-8 text (byte ${byte} here; Latin-1 or Windows-1252?): save it as UTF-8 and import it again`,
    code: 'file_not_utf8',
    params: { byte },
  };
}

/** The file's text: UTF-8 without its byte order mark, or the error naming where it is not UTF-8. */
export function decodeFileText(content: FileContent, fileName: string): { ok: true; text: string } | { ok: false; error: FileError } {
  if (typeof content === 'string') return { ok: true, text: content };
  try {
    return { ok: true, text: decoder.decode(content) };
  } catch {
    return { ok: false, error: notUtf8(content, fileName) };
  }
}
