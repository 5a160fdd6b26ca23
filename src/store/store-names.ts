// The shapes of the names that end up in host names: `{server}{lang}.{domain}`.
import { LANGUAGE_PATTERN, SERVER_NAME_PATTERN } from '../assistant/assistant-address.js';
import { storeValidationError } from './store-errors.js';

/** Keeps `{server}{lang}` (lang up to 6 characters) within a 63-character DNS label. */
export const MAX_SERVER_NAME_LENGTH = 50;
/** A server's display name (the console's list and title), at most. */
export const MAX_SERVER_DISPLAY_NAME_LENGTH = 100;

/** A name as quoted in a refusal: a long input is not echoed back whole. */
export function quotedForError(name: string, max = 60): string {
  return JSON.stringify(name.length > max ? `${name.slice(0, max)}…` : name);
}

export function assertServerName(name: string): void {
  if (!SERVER_NAME_PATTERN.test(name) || name.length > MAX_SERVER_NAME_LENGTH) {
    throw storeValidationError(`Invalid server name ${quotedForError(name)}: use 1 to ${MAX_SERVER_NAME_LENGTH} lowercase letters (a-z) and digits`, 'name', 'host_label');
  }
}

export function assertLanguage(language: string): void {
  if (!LANGUAGE_PATTERN.test(language)) {
    throw storeValidationError(`Invalid language ${quotedForError(language)}: use a lowercase code of 2 or 3 letters, optionally with a region (pt, en, pt-br)`, 'language', 'pattern');
  }
}

/** A console user's login: letters, digits, `.`, `_`, `-`; no `@`, so what signs in is either a login or an e-mail. */
export const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
