import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { serialiseAssistantFile } from '../assistant/index.js';
import { writeRasaProject } from '../assistant/other-platforms/write-rasa-project.js';
import type { Platform } from '../platform.js';
import type { CliIo } from './main.js';
import { parseAssistantOption } from './resolve-assistant-option.js';

export async function exportCommand(platform: Platform, io: CliIo, options: { assistant?: string; output?: string; rasa?: string }): Promise<number> {
  const target = parseAssistantOption(platform, options.assistant);
  const assistant = await platform.store.assistants.get(target.server, target.language);
  if (!assistant) {
    io.err(`helper export: assistant ${target.server}/${target.language} does not exist`);
    return 1;
  }
  const content = await platform.store.content.load(assistant.id);
  if (options.rasa !== undefined) {
    const project = writeRasaProject(content, assistant.settings, assistant.language);
    for (const file of project.files) {
      const path = join(options.rasa, ...file.path.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.text, 'utf8');
    }
    io.out(`exported ${target.server}/${target.language} as a Rasa project to ${options.rasa} (${project.files.map((file) => file.path).join(', ')})`);
    for (const note of project.notes) io.out(`  not carried over: ${note}`);
    return 0;
  }
  const yaml = serialiseAssistantFile({
    assistant: { server: assistant.serverName, language: assistant.language, name: assistant.name },
    settings: assistant.settings,
    content,
    apis: await platform.store.thirdPartyApis.list(assistant.id),
  });
  if (options.output) {
    await writeFile(options.output, yaml, 'utf8');
    io.out(`exported ${target.server}/${target.language} to ${options.output}`);
  } else {
    io.out(yaml.trimEnd());
  }
  return 0;
}
