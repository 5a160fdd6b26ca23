// Everything the Integrações panel shows for one assistant: the values to paste into 4biz, the API
// Rest formats and the Facebook Messenger addresses. They follow from the server name, the language
// and HELPER_PUBLIC_URL; the customer cannot change them.
import type { AssistantContent } from '../assistant/content.js';
import type { Config } from '../config/config.js';
import type { AssistantRecord } from '../store/store.js';

export interface FourBizParameter {
  id: number;
  name: string;
  value: string;
}

export interface IntegrationValues {
  assistant: { server: string; language: string; name: string };
  fourBiz: {
    parameters: FourBizParameter[];
    /** Parameter 453: the fallback message 4biz compares answers with; it must mention "menu". */
    fallbackMessage: { id: 453; name: string; value: string | null; mentionsMenu: boolean };
    parametersApiAuthorisation: {
      token: string;
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
  };
  facebookMessenger: {
    callbackUrl: string;
    verifyToken: string | null;
    appSecret: 'set' | 'not set';
    pageAccessToken: 'set' | 'not set';
  };
}

function origin(config: Config, label: string): string {
  const port = config.publicUrl.port ? `:${config.publicUrl.port}` : '';
  return `${config.publicUrl.scheme}://${label}.${config.publicUrl.domain}${port}`;
}

export function integrationValues(input: {
  config: Config;
  assistant: AssistantRecord;
  content: AssistantContent;
  apiToken: string;
}): IntegrationValues {
  const { config, assistant, content, apiToken } = input;
  // 4biz writes the language in upper case (acmePT…); host names ignore case, so both reach it.
  const botOrigin = origin(config, `${assistant.serverName}${assistant.language.toUpperCase()}`);
  const fallback = content.skills.find((skill) => skill.fallback);
  const fallbackText = fallback?.texts[0] ?? null;
  const endpoint = `${botOrigin}/webhooks/rest/webhook`;
  return {
    assistant: { server: assistant.serverName, language: assistant.language, name: assistant.name },
    fourBiz: {
      parameters: [
        { id: 402, name: 'Helper Assistant - External URL', value: origin(config, assistant.serverName) },
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
        token: apiToken,
        usage: [
          `append ?token=${apiToken} to each call of the Parameters API`,
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
    },
    facebookMessenger: {
      callbackUrl: `${botOrigin.replace(/^http:/, 'https:')}/webhooks/facebook/webhook`,
      // The Messenger channel fills these in.
      verifyToken: null,
      appSecret: 'not set',
      pageAccessToken: 'not set',
    },
  };
}
