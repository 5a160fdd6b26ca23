// The assistant file format: what other parts of Helper may use from src/assistant.
export type { AssistantFile, AssistantFileFormat, AssistantIdentity, FileError, ParseAssistantFileResult } from './file/assistant-file.js';
export { parseAssistantFile } from './file/assistant-file.js';
export { fileProblems, formatFileErrors, positionAt, wholeFileProblem, type FileProblem } from './file/format-file-errors.js';
export type { AssistantFileInput } from './file/serialise-assistant-file.js';
export { serialiseAssistantFile } from './file/serialise-assistant-file.js';
export type { MarkupEntity, MarkupProblem, ParsedPhraseMarkup } from './file/phrase-markup.js';
export { parsePhraseMarkup, writePhraseMarkup } from './file/phrase-markup.js';
export type { DemoAssistantFile } from './demo-files.js';
export { demoAssistantFiles } from './demo-files.js';
export * from './content.js';
