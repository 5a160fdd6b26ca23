// The 4biz tickets pack: what `helper pack add 4biz-tickets` and the console's button add to an
// assistant — contexts, intents, skills and dialogues in its language, and the four 4biz APIs
// (login flagged as authentication, request/create, request/getByUser, request/getById), wired to
// the 4biz address, login and password given (both sealed, sent as typed). Items are named `fourbiz_…`,
// so adding the pack again (a new address or password) replaces exactly what it added.
//
// 4biz (shared/reference/4biz.md): POST BASE/services/login {userName, password, platform} →
// {sessionID}; every other call carries `sessionID` in its JSON body; errors, an expired session
// included, answer HTTP 412 or 401 with an error body — both are "unauthorised" here, so the
// assistant logs in again once when the session was held from an earlier turn, and retries the
// call with the same numberOrigin (unique in 4biz: a ticket is never created twice; README). The
// user is the slot `user_id` (4biz sets it, and `user_name`, through the Parameters API before the
// conversation); without it the assistant asks.
import type { AssistantContent, Dialogue, Skill } from '../../assistant/content.js';
import { type BodyField, type ThirdPartyApi } from '../../third-party-apis/api-definition.js';
import { PACK_TEXTS } from './pack-texts.js';

export const PACK_NAME = '4biz-tickets';

export const API = {
  login: 'fourbiz_login',
  create: 'fourbiz_request_create',
  byUser: 'fourbiz_request_get_by_user',
  byId: 'fourbiz_request_get_by_id',
} as const;

/** The custom skill that opens a ticket and says its number (also run by a handoff outside office hours: src/handoff/ticket-on-handoff.ts). */
export const TICKET_OPENED_SKILL = 'fourbiz_ticket_opened';

export interface FourbizSettings {
  /** The 4biz address, e.g. https://itsm.example/4biz (without /services). */
  url: string;
  login: string;
  password: string;
}

const SESSION = 'fourbiz_session';
const UNAUTHORISED = [401, 412];

/** The base address, checked: http(s), no credentials, no query; a trailing slash dropped. */
export function fourbizBase(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s?#]+$/i.test(trimmed) || !URL.canParse(trimmed)) throw new Error(`the 4biz address must be an http(s) URL such as https://itsm.example/4biz, got "${url}"`);
  if (new URL(trimmed).username !== '') throw new Error('the 4biz address must not hold credentials: give them as "login" and "password"');
  return trimmed;
}

function call(name: string, url: string, body: BodyField[], fields: Partial<ThirdPartyApi> = {}): ThirdPartyApi {
  return {
    name,
    dependsOn: API.login,
    method: 'POST',
    url,
    headers: [],
    body: [{ name: 'sessionID', type: 'context', value: SESSION }, ...body],
    responseFormat: 'json',
    mappings: [],
    status: { success: [200], unauthorized: UNAUTHORISED, notFound: [404] },
    authentication: false,
    ...fields,
  };
}

/** The four APIs; the login and the password are given in clear here and sealed when saved. */
export function fourbizApis(settings: FourbizSettings, language: keyof typeof PACK_TEXTS): ThirdPartyApi[] {
  const base = fourbizBase(settings.url);
  const texts = PACK_TEXTS[language];
  return [
    {
      name: API.login,
      method: 'POST',
      url: `${base}/services/login`,
      headers: [],
      body: [
        // Both secret: sealed, and sent exactly as given (a secret is never templated, so a `{…}`
        // in a login or a password reaches 4biz as typed).
        { name: 'userName', type: 'text', value: settings.login, secret: true },
        { name: 'password', type: 'text', value: settings.password, secret: true },
        { name: 'platform', type: 'text', value: 'helper' },
      ],
      responseFormat: 'json',
      mappings: [{ path: 'sessionID', context: SESSION, type: 'text' }],
      status: { success: [200], unauthorized: [], notFound: [] },
      failureMessage: texts.failure,
      authentication: true,
    },
    call(
      API.create,
      `${base}/services/request/create`,
      [
        { name: 'synchronize', type: 'boolean', value: true },
        { name: 'sourceRequest.numberOrigin', type: 'text', value: 'helper-{$conversation}-{$random}' },
        { name: 'sourceRequest.type', type: 'text', value: 'I' },
        { name: 'sourceRequest.description', type: 'context', value: 'ticket_description' },
        { name: 'sourceRequest.userID', type: 'context', value: 'user_id' },
        { name: 'sourceRequest.contact.name', type: 'context', value: 'user_name' },
      ],
      { mappings: [{ path: 'number', context: 'ticket_number', type: 'text' }], failureMessage: texts.failure },
    ),
    call(API.byUser, `${base}/services/request/getByUser`, [{ name: 'userID', type: 'context', value: 'user_id' }], { notFoundMessage: texts.noTickets, failureMessage: texts.failure }),
    call(API.byId, `${base}/services/request/getById`, [{ name: 'number', type: 'context', value: 'ticket_number' }], {
      mappings: [{ path: 'status.name', context: 'ticket_status', type: 'text' }],
      notFoundMessage: texts.unknownTicket,
      failureMessage: texts.failure,
    }),
  ];
}

/** The contexts, intents, skills and dialogues, in the assistant's language (pt, en or es). */
export function fourbizContent(language: keyof typeof PACK_TEXTS): AssistantContent {
  const texts = PACK_TEXTS[language];
  const theme = '4biz';
  const intent = (name: string, phrases: string[]) => ({ name, theme, phrases: phrases.map((text) => ({ text })) });
  const text = (name: string, said: string): Skill => ({ name, theme, fallback: false, kind: 'text', texts: [said] });
  const custom = (name: string, said: string, api: string, listButtons?: NonNullable<Skill['custom']>['listButtons']): Skill => ({
    name,
    theme,
    fallback: false,
    kind: 'custom',
    texts: [said],
    custom: { api, ...(listButtons ? { listButtons } : {}) },
  });
  const dialogue = (name: string, skill: string, slots: Dialogue['slots'] = []): Dialogue => ({ name, theme, intents: [name], skill, ...(slots.length > 0 ? { slots } : {}) });
  const askUser = { context: 'user_id', question: 'fourbiz_ask_user' };
  return {
    themes: [{ name: theme, description: 'Chamados no 4biz (pack 4biz-tickets)' }],
    intents: [
      intent('fourbiz_open_ticket', texts.openTicket),
      intent('fourbiz_my_tickets', texts.myTickets),
      intent('fourbiz_ticket_status', texts.ticketStatus),
      intent('fourbiz_talk_to_human', texts.talkToHuman),
    ],
    contexts: [
      { name: 'user_id', type: 'text', values: [], description: '4biz user (set by 4biz through the Parameters API)' },
      { name: 'user_name', type: 'text', values: [], description: "4biz user's name" },
      { name: SESSION, type: 'text', values: [], description: '4biz sessionID (the login API fills it)' },
      { name: 'ticket_description', type: 'text', values: [], lifetime: 'dialogue' },
      { name: 'ticket_number', type: 'text', values: [], lifetime: 'dialogue' },
      { name: 'ticket_status', type: 'text', values: [], lifetime: 'dialogue' },
    ],
    regexes: [{ name: 'ticket_number', pattern: '\\b\\d{1,12}\\b' }],
    skills: [
      text('fourbiz_ask_user', texts.askUser),
      text('fourbiz_ask_description', texts.askDescription),
      text('fourbiz_ask_number', texts.askNumber),
      custom(TICKET_OPENED_SKILL, texts.opened, API.create),
      custom('fourbiz_ticket_list', texts.listed, API.byUser, { path: 'requests', title: texts.buttonTitle, payload: texts.buttonPayload, max: 10 }),
      custom('fourbiz_ticket_status_answer', texts.status, API.byId),
      // Hands the conversation to the agents' inbox (src/handoff).
      { ...text('fourbiz_human', texts.human), handoff: true },
    ],
    dialogues: [
      dialogue('fourbiz_open_ticket', TICKET_OPENED_SKILL, [askUser, { context: 'ticket_description', question: 'fourbiz_ask_description' }]),
      dialogue('fourbiz_my_tickets', 'fourbiz_ticket_list', [askUser]),
      dialogue('fourbiz_ticket_status', 'fourbiz_ticket_status_answer', [{ context: 'ticket_number', question: 'fourbiz_ask_number' }]),
      dialogue('fourbiz_talk_to_human', 'fourbiz_human'),
    ],
  };
}

export function packLanguage(language: string): keyof typeof PACK_TEXTS {
  return language === 'en' || language === 'es' ? language : 'pt';
}
