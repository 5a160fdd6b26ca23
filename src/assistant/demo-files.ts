// Where the demo assistants' YAML files are, for loading them on the first start.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface DemoAssistantFile {
  language: 'pt' | 'en';
  /** Absolute path of the YAML file. */
  path: string;
}

function demoPath(language: DemoAssistantFile['language'], moduleUrl: string): string {
  // From src/ (tsx, vitest) the files are beside this module.
  const beside = fileURLToPath(new URL(`./demo/${language}.yaml`, moduleUrl));
  if (existsSync(beside)) return beside;
  // Compiled, this module is dist/assistant/demo-files.js, and tsc does not copy .yaml files into
  // dist/: read them from the sources, which ship with the package.
  return fileURLToPath(new URL(`../../src/assistant/demo/${language}.yaml`, moduleUrl));
}

/** `moduleUrl` is only for tests, to stand where the compiled module would be. */
export function demoAssistantFiles(moduleUrl: string = import.meta.url): DemoAssistantFile[] {
  return (['pt', 'en'] as const).map((language) => ({ language, path: demoPath(language, moduleUrl) }));
}
