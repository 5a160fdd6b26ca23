// Errors in the form compilers and linters use, `file:line:column path: message`, so editors and
// CI logs make them clickable; and the same problems as data with a stable code (for the admin
// API, whose console says them in its user's language).
import type { FileError, FilePosition, FilePositions } from './assistant-file.js';

/** `fileName` names the file unless an error names its own (a file of a Rasa project). */
export function formatFileErrors(errors: readonly FileError[], fileName: string): string[] {
  return errors.map(formatOne(fileName));
}

function formatOne(fileName: string) {
  return (error: FileError) => `${error.file ?? fileName}:${error.line}:${error.column}${error.path === '' ? '' : ` ${error.path}`}: ${error.message}`;
}

/**
 * One problem of a file at its place: `code` and `params` (src/admin-api/problem-codes.ts, a
 * problem not coded yet is `file_problem`), and `message`, the English line formatFileErrors writes.
 */
export interface FileProblem {
  file: string;
  line: number;
  column: number;
  /** Where in the data: `intents[2].phrases[0]`; absent for the whole file or a YAML syntax error. */
  place?: string;
  code: string;
  params?: Record<string, string | number>;
  message: string;
}

export function fileProblems(errors: readonly FileError[], fileName: string): FileProblem[] {
  const format = formatOne(fileName);
  return errors.map((error) => ({
    file: error.file ?? fileName,
    line: error.line,
    column: error.column,
    ...(error.path === '' ? {} : { place: error.path }),
    code: error.code ?? 'file_problem',
    ...(error.params && Object.keys(error.params).length > 0 ? { params: error.params } : {}),
    message: format(error),
  }));
}

/** A problem of the whole upload (a zip that is not one, a reader out of time) with its code. */
export function wholeFileProblem(fileName: string, message: string, code = 'file_problem', params?: Record<string, string | number>): FileProblem {
  return { file: fileName, line: 1, column: 1, code, ...(params ? { params } : {}), message };
}

/**
 * Where `path` was written (`apis[0].headers[1].value`), from the places the reader kept: the
 * nearest one that has a place — a value left out is placed at the item it is missing from; the
 * file's start when none has.
 */
export function positionAt(positions: FilePositions | undefined, path: string): FilePosition {
  for (let place = path; place !== ''; place = place.replace(/(\.[^.[]*|\[\d+\])$/, '')) {
    const found = positions?.get(place);
    if (found) return found;
    if (!/[.[]/.test(place)) break;
  }
  return { line: 1, column: 1 };
}
