// Errors in the form compilers and linters use, `file:line:column path: message`, so editors and
// CI logs make them clickable.
import type { FileError } from './assistant-file.js';

export function formatFileErrors(errors: readonly FileError[], fileName: string): string[] {
  return errors.map((error) => `${fileName}:${error.line}:${error.column}${error.path === '' ? '' : ` ${error.path}`}: ${error.message}`);
}
