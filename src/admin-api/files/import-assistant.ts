// Imports an assistant file (our YAML or Rasa NLU training data) into an assistant. Everything is
// validated first; on any error nothing is written. Used by `helper import` and at first start.
import { formatFileErrors, parseAssistantFile, type FileError } from '../../assistant/index.js';
import type { AssistantRecord, Store } from '../../store/store.js';

export interface ImportTarget {
  server: string;
  language: string;
}

export type ImportResult =
  | { ok: true; assistant: AssistantRecord; format: 'helper' | 'rasa-nlu'; warnings: string[]; counts: Record<string, number> }
  | { ok: false; errors: string[] };

export async function importAssistant(
  store: Store,
  input: { text: string; fileName: string; target: ImportTarget; mode: 'replace' | 'merge'; createMissing?: boolean },
): Promise<ImportResult> {
  const parsed = parseAssistantFile(input.text, input.fileName);
  if (!parsed.ok) return { ok: false, errors: formatFileErrors(parsed.errors, input.fileName) };
  const { server, language } = input.target;
  let assistant = await store.assistants.get(server, language);
  if (!assistant) {
    if (!input.createMissing) {
      return { ok: false, errors: [`assistant ${server}/${language} does not exist`] };
    }
    if (!(await store.servers.get(server))) await store.servers.create({ name: server });
    const name = parsed.file.assistant?.name;
    assistant = await store.assistants.create({ serverName: server, language, ...(name ? { name } : {}) });
  }
  const { file } = parsed;
  await store.content.save(assistant.id, file.content, input.mode);
  if (file.settings && Object.keys(file.settings).length > 0) {
    assistant = await store.assistants.updateSettings(assistant.id, file.settings);
  }
  const warnings: FileError[] = parsed.warnings ?? [];
  return {
    ok: true,
    assistant,
    format: file.format,
    warnings: formatFileErrors(warnings, input.fileName),
    counts: {
      intents: file.content.intents.length,
      phrases: file.content.intents.reduce((sum, intent) => sum + intent.phrases.length, 0),
      contexts: file.content.contexts.length,
      skills: file.content.skills.length,
      dialogues: file.content.dialogues.length,
    },
  };
}
