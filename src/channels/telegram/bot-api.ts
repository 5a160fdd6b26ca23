// Telegram's Bot API (reference/telegram.md): POST {api}/bot<token>/<method> with a JSON body,
// answered `{"ok": true, "result": …}` or `{"ok": false, "error_code", "description",
// "parameters"?: {"retry_after"}}`. The token is part of the URL by Telegram's design: the URL is
// never logged, and the token is cut out of any text that comes back.
import { deliveryReason } from '../core/delivery-reason.js';
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
  const code = typeof answer.error_code === 'number' ? answer.error_code : response.status;
  const description = typeof answer.description === 'string' ? redact(answer.description, token) : undefined;
  throw new PlatformCallError(response.status, code, null, description ?? 'no error body', retryAfter, telegramReason(response.status, code, description));
}

/** Telegram's error, its description quoted as Telegram wrote it (its code only when it is not the status); without one, only the status. */
function telegramReason(status: number, code: number, description: string | undefined) {
  return description === undefined ? deliveryReason('http_status', { status }) : deliveryReason('telegram_error', { status, code: code === status ? null : code, message: description });
}

/** A group became a supergroup: Telegram names its new chat id (`parameters.migrate_to_chat_id`). */
export class ChatMigratedError extends PlatformCallError {
  constructor(
    status: number,
    detail: string,
    readonly migrateToChatId: string,
  ) {
    super(status, status, null, detail, null, telegramReason(status, status, detail));
    this.name = 'ChatMigratedError';
  }
}
