// Adds the 4biz tickets pack to an assistant: its content merged (items of the same name replaced,
// the rest kept) and its APIs written (the login and the password sealed), in one transaction recorded as one
// content version (an import named after the pack, by `actor`). The assistant needs a training
// afterwards, as after any content change.
import type { AssistantRecord } from '../../store/store.js';
import type { Store } from '../../store/store.js';
import type { ApiService } from '../../third-party-apis/api-service.js';
import { PACK_NAME, fourbizApis, fourbizContent, packLanguage, type FourbizSettings } from './fourbiz-tickets-pack.js';

export interface PackResult {
  contexts: number;
  intents: number;
  skills: number;
  dialogues: number;
  apis: string[];
}

export async function addFourbizPack(parts: { store: Store; apis: ApiService }, assistant: AssistantRecord, settings: FourbizSettings, actor = 'system'): Promise<PackResult> {
  const language = packLanguage(assistant.language);
  const apis = fourbizApis(settings, language);
  if (settings.login.trim() === '') throw new Error('the 4biz login is empty');
  if (settings.password === '') throw new Error('the 4biz password is empty');
  const content = fourbizContent(language);
  const existing = (await parts.store.content.load(assistant.id)).contexts;
  const contexts = new Set([...existing, ...content.contexts].map((context) => context.name));
  await parts.apis.saveImport(assistant.id, apis, 'merge', contexts, { content, author: { actor, action: 'import', details: { importName: PACK_NAME } } });
  return { contexts: content.contexts.length, intents: content.intents.length, skills: content.skills.length, dialogues: content.dialogues.length, apis: apis.map((api) => api.name) };
}
