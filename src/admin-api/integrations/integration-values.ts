// Everything the Integrações panel shows for one assistant: the values to paste into 4biz, the API
// Rest formats and the Facebook Messenger addresses. They follow from the server name, the language
// and HELPER_PUBLIC_URL; the customer cannot change them. The two values that grant access (the
// Parameters API token and the Facebook verify token) are here in full; the admin API keeps them
// from anyone but administrators and the operator (their schema marks them `x-secret`), everyone
// sees whether they are set.
import type { AssistantContent } from '../../assistant/content.js';
import type { FacebookStatus } from '../../channels/facebook/facebook-settings.js';
import type { SocketIoStatus } from '../../channels/socketio/socketio-settings.js';
import type { TelegramStatus } from '../../channels/telegram/telegram-settings.js';
import type { WhatsAppStatus } from '../../channels/whatsapp/whatsapp-settings.js';
import { webChatValues, type WebChatValues } from '../../channels/socketio/web-chat-snippet.js';
import { assistantOrigin, baseOrigin, channelCallbackUrl, originOf, type PublicBase } from '../../server/public-addresses.js';
import type { AssistantRecord } from '../../store/store.js';

export interface FourBizParameter {
  id: number;
  name: string;
  value: string;
}

export interface IntegrationValues {
  assistant: { server: string; language: string; name: string };
  /**
   * Where the addresses below come from: HELPER_PUBLIC_URL (`configured`), or the address the
   * console was opened at (`request`, until HELPER_PUBLIC_URL makes them permanent). `labels` false:
   * opened at an IP address, every address is that address (the default assistant's).
   */
  publicAddress: { source: 'configured' | 'request'; origin: string; labels: boolean; assistantOrigin: string };
  fourBiz: {
    parameters: FourBizParameter[];
    /** Parameter 453: the fallback message 4biz compares answers with; it must mention "menu". */
    fallbackMessage: { id: 453; name: string; value: string | null; mentionsMenu: boolean };
    parametersApiAuthorisation: {
      /** Whether the assistant has a token: none until an administrator creates one. */
      tokenStatus: 'set' | 'not set';
      /** The token itself (administrators and the operator only), when set. */
      token?: string;
      /** How 4biz (or any client) presents it. */
      usage: string[];
      allowedAddresses: string[];
    };
  };
  apiRest: {
    endpoint: string;
    method: 'POST';
    mediaType: 'application/json';
    request: Record<string, unknown>;
    answers: Array<{ kind: string; example: Record<string, unknown> }>;
    /** The web chat widget (socket.io channel): the script, the tag to paste on a site, the demo page. */
    webChat: WebChatValues & {
      /** Whether the socket.io channel requires a JWT signed with the assistant's key (write-only). */
      jwtKey: SocketIoStatus['jwtKey'];
    };
  };
  facebookMessenger: {
    callbackUrl: string;
    /** Whether the verify token exists: the platform generates it when an administrator asks. */
    verifyTokenStatus: 'set' | 'not set';
    /** The verify token to paste into Meta's dashboard (administrators and the operator only), when set. */
    verifyToken?: string;
    appSecret: 'set' | 'not set';
    pageAccessToken: 'set' | 'not set';
    /** Meta refused the Page access token (error 190) and the answers are not sent: set a new one. */
    needsNewToken: boolean;
    /** The payload of the Page's Get Started button (GET_STARTED unless set): a postback with it opens the conversation. */
    getStartedPayload: string;
    getStartedPayloadIsDefault: boolean;
    /** The answer to messages that are not text; empty: none. */
    unsupportedReply: string;
    unsupportedReplyIsDefault: boolean;
  };
  /** WhatsApp Cloud API: what Meta's app setup asks for (./whatsapp-routes.ts changes it). */
  whatsapp: Omit<WhatsAppStatus, 'verifyToken'> & {
    callbackUrl: string;
    /** Generated when the channel is set up (rotatable); administrators and the operator only (`x-secret`). */
    verifyToken?: string;
    verifyTokenState: 'set' | 'not set';
  };
  /** Telegram: the bot token (write-only) and the webhook the platform set (./telegram-routes.ts). */
  telegram: TelegramStatus & { callbackUrl: string };
  /** Rasa's callback channel: whether its URL is set (`helper callback-url`); the URL may hold a key, so never itself. */
  callback: { url: 'set' | 'not set' };
}

export function integrationValues(input: {
  /** The public addresses' base (src/server/public-addresses.ts). */
  base: PublicBase;
  assistant: AssistantRecord;
  content: AssistantContent;
  /** The conversations API token, undefined while the assistant has none. */
  apiToken: string | undefined;
  /** The Messenger channel's settings (src/channels/facebook/facebook-settings.ts, facebookStatus). */
  facebook: FacebookStatus;
  /** The socket.io channel's settings (src/channels/socketio/socketio-settings.ts, socketIoStatus). */
  socketIo: SocketIoStatus;
  whatsapp: WhatsAppStatus;
  telegram: TelegramStatus;
  /** Whether the callback channel's URL is set. */
  callbackUrl: 'set' | 'not set';
  /** Whether tokens the platform made (WhatsApp's verify token) are shown: to administrators only. */
}): IntegrationValues {
  const { base, assistant, content, apiToken, facebook, socketIo, whatsapp, telegram, callbackUrl } = input;
  // 4biz writes the language in upper case (acmePT…); host names ignore case, so both reach it.
  const botOrigin = assistantOrigin(base, assistant);
  const fallback = content.skills.find((skill) => skill.fallback);
  const fallbackText = fallback?.texts[0] ?? null;
  const endpoint = `${botOrigin}/webhooks/rest/webhook`;
  return {
    assistant: { server: assistant.serverName, language: assistant.language, name: assistant.name },
    publicAddress: { source: base.source, origin: baseOrigin(base), labels: base.labels, assistantOrigin: botOrigin },
    fourBiz: {
      parameters: [
        { id: 402, name: 'Helper Assistant - External URL', value: originOf(base, assistant.serverName) },
        { id: 441, name: 'Helper Assistant - Conversation API', value: endpoint },
        { id: 442, name: 'Helper Assistant - Parameters API', value: `${botOrigin}/conversations/` },
      ],
      fallbackMessage: {
        id: 453,
        name: 'Helper Assistant - Fallback message',
        value: fallbackText,
        mentionsMenu: fallbackText !== null && /\bmenu\b/i.test(fallbackText),
      },
      parametersApiAuthorisation: {
        tokenStatus: apiToken === undefined ? 'not set' : 'set',
        ...(apiToken === undefined ? {} : { token: apiToken }),
        usage: [
          'append ?token=<token> to each call of the Parameters API',
          'or send Authorization: Bearer <JWT> signed with HS256 and the token, payload {"user": {"username", "role": "admin" | "user"}}',
          'or call from an allowed address, without a token',
        ],
        allowedAddresses: assistant.apiAllowedCidrs,
      },
    },
    apiRest: {
      endpoint,
      method: 'POST',
      mediaType: 'application/json',
      request: { sender: 'joao', message: 'conte-me algumas coisas sobre você' },
      answers: [
        { kind: 'text', example: { recipient_id: 'joao', text: 'Eu posso ajudá-lo a trabalhar de maneira mais inteligente, em vez de mais' } },
        {
          kind: 'buttons',
          example: {
            recipient_id: 'joao',
            text: 'Você poderia avaliar o meu atendimento?',
            buttons: [
              { title: 'Sim', payload: 'sim' },
              { title: 'Não', payload: 'não' },
            ],
          },
        },
        { kind: 'image', example: { recipient_id: 'joao', image: 'https://example.com/imagem.png' } },
        { kind: 'attachment', example: { recipient_id: 'joao', attachment: 'https://example.com/documento.pdf' } },
      ],
      webChat: { ...webChatValues(botOrigin, assistant), jwtKey: socketIo.jwtKey },
    },
    facebookMessenger: {
      callbackUrl: `${botOrigin.replace(/^http:/, 'https:')}/webhooks/facebook/webhook`,
      verifyTokenStatus: facebook.verifyToken === undefined ? 'not set' : 'set',
      ...(facebook.verifyToken === undefined ? {} : { verifyToken: facebook.verifyToken }),
      // Written by the admin, never shown: only whether they are set.
      appSecret: facebook.appSecret,
      pageAccessToken: facebook.pageAccessToken,
      needsNewToken: facebook.needsNewToken,
      getStartedPayload: facebook.getStartedPayload,
      getStartedPayloadIsDefault: facebook.getStartedPayloadIsDefault,
      unsupportedReply: facebook.unsupportedReply,
      unsupportedReplyIsDefault: facebook.unsupportedReplyIsDefault,
    },
    whatsapp: {
      ...withoutVerifyToken(whatsapp),
      callbackUrl: channelCallbackUrl(base, assistant, 'whatsapp'),
      ...(whatsapp.verifyToken === null ? {} : { verifyToken: whatsapp.verifyToken }),
      verifyTokenState: whatsapp.verifyToken === null ? 'not set' : 'set',
    },
    telegram: { ...telegram, callbackUrl: channelCallbackUrl(base, assistant, 'telegram') },
    callback: { url: callbackUrl },
  };
}

function withoutVerifyToken({ verifyToken: _verifyToken, ...status }: WhatsAppStatus): Omit<WhatsAppStatus, 'verifyToken'> {
  return status;
}
