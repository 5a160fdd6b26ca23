// A custom skill's answer (kind `custom`, "Personalizada"): runs its API chain for the conversation
// and answers the skill's texts with the contexts the answer filled, plus one button per element of
// a list in the answer when the skill asks for it. When the call fails or finds nothing, the API's
// failure or not-found message answers instead (a standard one when the API has none); the
// failure is returned so the engine records it on the bot event. It never throws. What an
// authentication API maps comes back sealed (authentication-values.ts): trackers never show it.
import type { Skill } from '../assistant/content.js';
import { replacePlaceholders } from '../assistant/placeholders.js';
import type { OutboundClient } from '../outbound/outbound-client.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { BotMessage } from '../skills/bot-message.js';
import { fillSlots } from '../skills/fill-slots.js';
import { runSkill } from '../skills/run-skill.js';
import type { Store } from '../store/store.js';
import { secretBodyPlace, secretHeaderPlace, type ThirdPartyApi } from './api-definition.js';
import { authenticationContexts, openAuthenticationValues, sealAuthenticationValues } from './authentication-values.js';
import type { ChatLine } from './build-request.js';
import { readPath } from './response-path.js';
import { runApi, type ApiRunResult } from './run-api.js';

export const DEFAULT_MAX_BUTTONS = 10;

const STANDARD_MESSAGES: Record<string, { failure: string; notFound: string }> = {
  pt: { failure: 'Não consegui consultar o sistema agora. Tente de novo em instantes.', notFound: 'Não encontrei nada.' },
  en: { failure: 'I could not reach the system just now. Please try again in a moment.', notFound: 'I found nothing.' },
  es: { failure: 'No pude consultar el sistema ahora. Inténtelo de nuevo en unos instantes.', notFound: 'No encontré nada.' },
};

export interface CustomSkillRequest {
  assistantId: number;
  sender: string;
  skill: Skill;
  slots: Readonly<Record<string, unknown>>;
  /** The user's message. */
  text: string;
  language: string;
  random: () => number;
  now: number;
  history: () => Promise<ChatLine[]>;
}

export interface CustomSkillResult {
  /** Contexts the answer filled. */
  slots: Record<string, unknown>;
  message: BotMessage;
  /** Set when the API failed or found nothing: what the engine records. */
  failure?: { api: string; outcome: 'failure' | 'notFound'; reason: string };
}

export class CustomSkillAnswerer {
  constructor(
    private readonly options: {
      store: Pick<Store, 'thirdPartyApis'>;
      secrets: SecretBox;
      client: OutboundClient;
    },
  ) {}

  /** Runs `name` with opened secrets. */
  run(assistantId: number, apis: readonly ThirdPartyApi[], name: string, request: Omit<CustomSkillRequest, 'assistantId' | 'skill' | 'random' | 'now' | 'language'>, fresh = false): Promise<ApiRunResult> {
    return runApi(
      apis,
      name,
      { slots: request.slots, sender: request.sender, lastMessage: request.text, history: request.history },
      {
        client: this.options.client,
        openSecret: (api, ref) => {
          if ('header' in ref) {
            const sealed = api.headers.find((item) => item.name === ref.header)?.value ?? '';
            return this.options.secrets.decrypt(sealed, secretHeaderPlace(assistantId, api.name, ref.header));
          }
          const sealed = api.body.find((item) => item.name === ref.body)?.value;
          return this.options.secrets.decrypt(typeof sealed === 'string' ? sealed : '', secretBodyPlace(assistantId, api.name, ref.body));
        },
        fresh,
      },
    );
  }

  async answer(request: CustomSkillRequest): Promise<CustomSkillResult> {
    const { skill, language } = request;
    const standard = STANDARD_MESSAGES[language] ?? (STANDARD_MESSAGES['en'] as { failure: string; notFound: string });
    const apiName = skill.custom?.api ?? '';
    const { secrets } = this.options;
    let result: ApiRunResult;
    let hidden: Set<string>;
    const opened = openAuthenticationValues(request.slots, secrets, request.assistantId, request.sender);
    try {
      const apis = await this.options.store.thirdPartyApis.list(request.assistantId);
      hidden = authenticationContexts(apis);
      result = await this.run(request.assistantId, apis, apiName, { ...request, slots: opened });
    } catch (error: unknown) {
      return { slots: {}, message: { text: standard.failure }, failure: { api: apiName, outcome: 'failure', reason: error instanceof Error ? error.message : String(error) } };
    }
    const slots = { ...opened, ...result.slots };
    // The texts are filled with the values in clear; the contexts kept in the conversation are sealed.
    result = { ...result, slots: sealAuthenticationValues(result.slots, hidden, secrets, request.assistantId, request.sender) };
    if (result.outcome !== 'success') {
      const configured = result.outcome === 'notFound' ? result.api.notFoundMessage : result.api.failureMessage;
      const text = configured !== undefined && configured.trim() !== '' ? fillSlots(configured, slots, language) : standard[result.outcome];
      return { slots: result.slots, message: { text }, failure: { api: result.api.name, outcome: result.outcome, reason: result.reason ?? result.outcome } };
    }
    const message = runSkill({ ...skill, kind: 'text' }, { slots, language, random: request.random, sender: request.sender, now: request.now });
    const list = skill.custom?.listButtons;
    if (list) {
      const found = readPath(result.answer, list.path);
      const failed = (reason: string): CustomSkillResult => {
        const configured = result.api.failureMessage;
        const text = configured !== undefined && configured.trim() !== '' ? fillSlots(configured, slots, language) : standard.failure;
        return { slots: result.slots, message: { text }, failure: { api: result.api.name, outcome: 'failure', reason } };
      };
      // Something that is not a list where the list should be is an odd answer, not an empty one.
      if (found !== undefined && found !== null && !Array.isArray(found)) return failed(`${list.path} is not a list`);
      const elements: unknown[] = Array.isArray(found) ? found : [];
      // An element without a value its payload needs would send a button that asks for nothing: skipped.
      const buttons = elements.flatMap((item) => {
        const payload = fillItem(list.payload, item);
        if (!payload.complete) return [];
        const title = fillItem(list.title, item).text;
        return [{ title: title === '' ? payload.text : title, payload: payload.text }];
      });
      if (buttons.length === 0 && elements.length > 0) return failed(`no element of ${list.path} has what the buttons' payload needs`);
      if (buttons.length === 0) {
        const configured = result.api.notFoundMessage;
        const text = configured !== undefined && configured.trim() !== '' ? fillSlots(configured, slots, language) : standard.notFound;
        return { slots: result.slots, message: { text }, failure: { api: result.api.name, outcome: 'notFound', reason: `no list at ${list.path}` } };
      }
      message.buttons = buttons.slice(0, list.max ?? DEFAULT_MAX_BUTTONS);
    }
    return { slots: result.slots, message };
  }
}

/**
 * A button template filled from one element of the list: `{number}`, `{status.name}` (paths inside
 * the element). `complete` says every placeholder had a value; when one had none, what it leaves
 * at the ends — a separator and spaces, "Chamado 11 – " — goes.
 */
function fillItem(template: string, item: unknown): { text: string; complete: boolean } {
  let complete = true;
  const filled = replacePlaceholders(template, (placeholder) => {
    const value = readPath(item, placeholder.name);
    const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
    if (text.trim() === '') complete = false;
    return text;
  });
  const text = complete ? filled : filled.replace(/^[\s\-–—:|/,;·]+|[\s\-–—:|/,;·]+$/gu, '').replace(/\s{2,}/g, ' ');
  return { text: text.slice(0, 640), complete };
}
