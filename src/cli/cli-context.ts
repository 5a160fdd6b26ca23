// What every CLI command gets: the terminal, the platform (opened once, on first use) and the
// assistant named by `SERVER/LANG` (or the default one).
import type { Platform } from '../platform.js';
import type { AssistantRecord } from '../store/store.js';
import { parseAssistantOption } from './resolve-assistant-option.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CliContext {
  io: CliIo;
  /** Runs a command; an error becomes `helper: <message>` and exit code 1. */
  run(work: (platform: Platform) => Promise<void | number>): Promise<void>;
  assistant(platform: Platform, target: string | undefined): Promise<AssistantRecord>;
}

export function createCliContext(io: CliIo, open: () => Promise<Platform>, setCode: (code: number) => void): CliContext {
  return {
    io,
    async run(work) {
      try {
        const code = await work(await open());
        setCode(typeof code === 'number' ? code : 0);
      } catch (error: unknown) {
        io.err(`helper: ${error instanceof Error ? error.message : String(error)}`);
        setCode(1);
      }
    },
    async assistant(platform, target) {
      const { server, language } = parseAssistantOption(platform, target);
      const record = await platform.store.assistants.get(server, language);
      if (!record) throw new Error(`assistant ${server}/${language} does not exist (helper assistant add ${server} ${language})`);
      return record;
    },
  };
}
