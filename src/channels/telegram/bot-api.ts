// Telegram's Bot API (reference/telegram.md): POST {api}/bot<token>/<method> with a JSON body,
// answered `{"ok": true, "result": …}` or `{"ok": false, "error_code", "description",
// "parameters"?: {"retry_after"}}`. The token is part of the URL by Telegram's design: the URL is
// never logged, and the token is cut out of any text that comes back.
import { PlatformCallError } from '../core/platform-call-error.js';
import { callPlatform, redact } from '../core/platform-http.js';

export interface TelegramApi {
  /** Base URL without a trailing slash (HELPER_TELEGRAM_API_URL). */
  url: string;
}

/** Calls a Bot API method; resolves with its `result`, rejects with a PlatformCallError. */
export async function callBotApi(api: TelegramApi, token: string, method: string, body: Record<string, unknown> = {}, timeoutMs?: number): Promise<unknown> {
  const response = await callPlatform({
    method: 'POST',
    url: `${api.url}/bot${token}/${method}`,
    body,
    secret: token,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  const answer = (typeof response.json === 'object' && response.json !== null ? response.json : {}) as {
    ok?: unknown;
    result?: unknown;
    error_code?: unknown;
    description?: unknown;
    parameters?: { retry_after?: unknown; migrate_to_chat_id?: unknown };
  };
  if (response.status >= 200 && response.status < 300 && answer.ok === true) return answer.result;
  const retryAfter = typeof answer.parameters?.retry_after === 'number' ? answer.parameters.retry_after : null;
  const migrateTo = answer.parameters?.migrate_to_chat_id;
  if (typeof migrateTo === 'number' || (typeof migrateTo === 'string' && /^-?\d+$/.test(migrateTo))) {
    throw new ChatMigratedError(response.status, typeof answer.description === 'string' ? redact(answer.description, token) : 'the group became a supergroup', String(migrateTo));
  }
  throw new PlatformCallError(
    response.status,
    typeof answer.error_code === 'number' ? answer.error_code : response.status,
    null,
    typeof answer.description === 'string' ? redact(answer.description, token) : 'no error body',
    retryAfter,
  );
}

/** A group became a supergroup: Telegram names its new chat id (`parameters.migrate_to_chat_id`). */
export class ChatMigratedError extends PlatformCallError {
  constructor(
    status: number,
    detail: string,
    readonly migrateToChatId: string,
  ) {
    super(status, status, null, detail);
    this.name = 'ChatMigratedError';
  }
}
