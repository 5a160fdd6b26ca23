// Errors in the form compilers and linters use, `file:line:column path: message`, so editors and
// CI logs make them clickable.
import type { FileError } from './assistant-file.js';

/** `fileName` names the file unless an error names its own (a file of a Rasa project). */
export function formatFileErrors(errors: readonly FileError[], fileName: string): string[] {
  return errors.map((error) => `${error.file ?? fileName}:${error.line}:${error.column}${error.path === '' ? '' : ` ${error.path}`}: ${error.message}`);
}
