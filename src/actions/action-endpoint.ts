// An assistant's action endpoint (Rasa's `endpoints.yml` › `action_endpoint`): the URL in the
// assistant's settings and an optional token, a sealed secret of the assistant under this name.
import type { AssistantSettings } from '../assistant/content.js';
import { originOf } from '../outbound/origin.js';
import type { AssistantRecord, Store } from '../store/store.js';

export const ACTION_ENDPOINT_TOKEN_SECRET = 'action_endpoint_token';

export const MAX_ACTION_ENDPOINT_URL_LENGTH = 2000;
export const MAX_ACTION_ENDPOINT_TOKEN_LENGTH = 4096;

/**
 * Why `text` cannot be an action endpoint, or undefined when it can: an absolute http(s) URL
 * without a user or password in it (a credential in a URL ends up in logs; the token is set apart).
 */
export function actionEndpointUrlProblem(text: string): string | undefined {
  if (text.length > MAX_ACTION_ENDPOINT_URL_LENGTH) return `the action endpoint is longer than ${MAX_ACTION_ENDPOINT_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'the action endpoint must be an http(s) URL, like http://actions.internal:5055/webhook';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `the action endpoint must be an http(s) URL; got "${url.protocol}"`;
  if (url.username !== '' || url.password !== '') return 'the action endpoint must not hold a user or password; set the token apart (it is kept sealed)';
  return undefined;
}

/**
 * Settings from an imported file (YAML, a Rasa project): as the settings page, the token goes only
 * to the address it was set for — a file naming an action server at another origin removes it (it
 * is given again for the new address, Configurações › action server). A merge keeps the greeting
 * the assistant has.
 */
/**
 * What applyFileSettings would change, said beforehand (the import's preview): the names of the
 * settings whose value moves (never the values: a file's settings may hold addresses with secrets),
 * and whether the action token is dropped because the action endpoint moves to another address.
 */
export async function fileSettingsChanges(store: Store, assistant: AssistantRecord, fileSettings: Partial<AssistantSettings>, mode: 'replace' | 'merge' = 'replace'): Promise<{ changed: string[]; dropsActionToken: boolean }> {
  const { greeting, ...rest } = fileSettings;
  const keepGreeting = mode === 'merge' && assistant.settings.greeting !== undefined && assistant.settings.greeting !== '';
  const settings: Partial<AssistantSettings> = greeting === undefined || keepGreeting ? rest : { ...rest, greeting };
  const current = assistant.settings as unknown as Partial<Record<string, unknown>>;
  const changed = Object.entries(settings)
    .filter(([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(current[key]))
    .map(([key]) => key);
  const url = settings.actionEndpointUrl;
  const moves = url !== undefined && url !== '' && originOf(url) !== originOf(assistant.settings.actionEndpointUrl ?? '');
  return { changed, dropsActionToken: moves && (await store.secrets.get(assistant.id, ACTION_ENDPOINT_TOKEN_SECRET)) !== undefined };
}

export async function applyFileSettings(store: Store, assistant: AssistantRecord, fileSettings: Partial<AssistantSettings>, mode: 'replace' | 'merge' = 'replace'): Promise<AssistantRecord> {
  // A merge adds to the assistant: the greeting it already has stays (a Watson workspace's welcome
  // merged into an assistant does not replace what its web chat says).
  const { greeting, ...rest } = fileSettings;
  const keepGreeting = mode === 'merge' && assistant.settings.greeting !== undefined && assistant.settings.greeting !== '';
  const settings = greeting === undefined || keepGreeting ? rest : { ...rest, greeting };
  const url = settings.actionEndpointUrl;
  if (url !== undefined && url !== '' && originOf(url) !== originOf(assistant.settings.actionEndpointUrl ?? '')) {
    await store.secrets.delete(assistant.id, ACTION_ENDPOINT_TOKEN_SECRET);
  }
  return store.assistants.updateSettings(assistant.id, settings);
}
