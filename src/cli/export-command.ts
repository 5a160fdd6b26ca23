import { writeFile } from 'node:fs/promises';
import { serialiseAssistantFile } from '../assistant/index.js';
import type { Platform } from '../platform.js';
import type { CliIo } from './main.js';
import { parseAssistantOption } from './resolve-assistant-option.js';

export async function exportCommand(platform: Platform, io: CliIo, options: { assistant?: string; output?: string }): Promise<number> {
  const target = parseAssistantOption(platform, options.assistant);
  const assistant = await platform.store.assistants.get(target.server, target.language);
  if (!assistant) {
    io.err(`helper export: assistant ${target.server}/${target.language} does not exist`);
    return 1;
  }
  const content = await platform.store.content.load(assistant.id);
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
