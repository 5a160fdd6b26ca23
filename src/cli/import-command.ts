import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { summariseImport } from '../admin-api/imports/content-diff.js';
import { diffContent } from '../assistant/content-changes.js';
import { emptyContent } from '../assistant/content.js';
import { importAssistant, type UploadedProjectFile } from '../admin-api/files/import-assistant.js';
import type { FileContent } from '../assistant/file/decode-file-text.js';
import { MAX_ASSISTANT_FILE_BYTES } from '../assistant/file/file-limits.js';
import type { Platform } from '../platform.js';
import type { CliIo } from './main.js';
import { readProjectFolder } from './read-project-folder.js';
import { parseAssistantOption } from './resolve-assistant-option.js';

export async function importCommand(platform: Platform, io: CliIo, file: string, options: { assistant?: string; replace: boolean }): Promise<number> {
  const target = parseAssistantOption(platform, options.assistant);
  let text: FileContent = '';
  let projectFiles: UploadedProjectFile[] | undefined;
  try {
    // Not even read when larger than any assistant file may be.
    const info = await stat(file);
    const { size } = info;
    if (info.isDirectory()) {
      const project = await readProjectFolder(file);
      if (!project.ok) {
        io.err(`helper import: ${project.problem}`);
        return 1;
      }
      projectFiles = project.files;
    } else if (size > MAX_ASSISTANT_FILE_BYTES) {
      io.err(`helper import: ${file} has ${Math.ceil(size / (1024 * 1024))} MB; an assistant file may have at most ${MAX_ASSISTANT_FILE_BYTES / (1024 * 1024)} MB`);
      return 1;
    } else text = await readFile(file); // decoded (UTF-8 or refused) where every import is read
  } catch (error: unknown) {
    io.err(`helper import: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const isDefault = target.server === platform.config.defaultAssistant.server && target.language === platform.config.defaultAssistant.language;
  const mode: 'replace' | 'merge' = options.replace ? 'replace' : 'merge';
  const existing = await platform.store.assistants.get(target.server, target.language);
  const before = existing ? await platform.store.content.load(existing.id) : emptyContent();
  const result = await importAssistant(platform.store, {
    text,
    fileName: file,
    ...(projectFiles ? { projectFiles } : {}),
    target,
    mode,
    createMissing: isDefault,
    readLimits: platform.config.fileImport,
    apis: platform.apis,
    actor: 'cli',
  });
  // The Histórico de importações lists the CLI's imports too (source and requester `cli`).
  const record = { name: basename(file), source: 'cli' as const, mode, requestedBy: 'cli' };
  if (!result.ok) {
    // With the format the file was read as (null when it could not be read), as Migrações records it.
    if (existing) await platform.store.imports.recordFailure({ ...record, assistantId: existing.id, format: result.format ?? null, errors: result.errors });
    io.err(`helper import: ${file} was not imported (${result.errors.length} error${result.errors.length === 1 ? '' : 's'}); nothing was written:`);
    for (const line of result.errors) io.err(`  ${line}`);
    return 1;
  }
  const after = await platform.store.content.load(result.assistant.id);
  await platform.store.imports.recordApplied({
    ...record,
    assistantId: result.assistant.id,
    format: result.format,
    summary: summariseImport(diffContent(before, after), result.skipped ?? 0),
    report: result.report ?? [],
  });
  for (const line of result.warnings) io.err(`warning: ${line}`);
  const counts = Object.entries(result.counts).map(([kind, count]) => `${count} ${kind}`).join(', ');
  io.out(`imported ${file} (${result.format}) into ${target.server}/${target.language} (${options.replace ? 'replaced' : 'merged'}): ${counts}`);
  if (result.report) {
    io.out(`report (${result.report.length} line${result.report.length === 1 ? '' : 's'}: what was kept, renamed and skipped):`);
    for (const line of result.report) io.out(`  ${line}`);
  }
  io.out('run `helper train` to serve it');
  return 0;
}
