// A local stand-in for Telegram's Bot API (HTTP on 127.0.0.1): POST /bot<token>/<method> with a
// JSON body, answered `{"ok": true, "result": …}` for a known token, 401 Unauthorized otherwise.
// setWebhook is remembered (getWebhookInfo reports it), send methods are captured in order, and
// queued `failures` are answered first, each once, to the first call they match (Telegram's
// shape: error_code, description, parameters.retry_after or parameters.migrate_to_chat_id).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TelegramCallCapture {
  token: string;
  method: string;
  body: Record<string, unknown>;
}

export interface TelegramFailure {
  status: number;
  description: string;
  retryAfter?: number;
  /** A group that became a supergroup: its new chat id. */
  migrateToChatId?: number;
  when?: (call: TelegramCallCapture) => boolean;
}

export interface FakeTelegramApi {
  url: string;
  /** Every call, failed ones included. */
  calls: TelegramCallCapture[];
  /** Calls that succeeded. */
  accepted: TelegramCallCapture[];
  failures: TelegramFailure[];
  /** The webhook as last set, per token. */
  webhooks: Map<string, { url: string; secret_token?: string; allowed_updates?: unknown }>;
  close(): Promise<void>;
}

export async function startFakeTelegramApi(bots: Record<string, { id: number; username: string; first_name: string }>): Promise<FakeTelegramApi> {
  const calls: TelegramCallCapture[] = [];
  const accepted: TelegramCallCapture[] = [];
  const failures: TelegramFailure[] = [];
  const webhooks = new Map<string, { url: string; secret_token?: string; allowed_updates?: unknown }>();
  let messageIds = 1000;
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
      const send = (status: number, body: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (!match) return send(404, { ok: false, error_code: 404, description: 'Not Found' });
      const [, token = '', method = ''] = match;
      const call: TelegramCallCapture = { token, method, body: raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>) };
      calls.push(call);
      const bot = bots[token];
      if (!bot) return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const index = failures.findIndex((failure) => failure.when?.(call) ?? true);
      const failure = index === -1 ? undefined : failures.splice(index, 1)[0];
      if (failure) {
        return send(failure.status, {
          ok: false,
          error_code: failure.status,
          description: failure.description,
          ...(failure.retryAfter === undefined ? {} : { parameters: { retry_after: failure.retryAfter } }),
          ...(failure.migrateToChatId === undefined ? {} : { parameters: { migrate_to_chat_id: failure.migrateToChatId } }),
        });
      }
      accepted.push(call);
      switch (method) {
        case 'getMe':
          return send(200, { ok: true, result: { ...bot, is_bot: true } });
        case 'setWebhook':
          webhooks.set(token, { url: String(call.body['url']), secret_token: call.body['secret_token'] as string, allowed_updates: call.body['allowed_updates'] });
          return send(200, { ok: true, result: true, description: 'Webhook was set' });
        case 'getWebhookInfo':
          return send(200, { ok: true, result: { url: webhooks.get(token)?.url ?? '', has_custom_certificate: false, pending_update_count: 2, last_error_date: 1715000000, last_error_message: 'Wrong response from the webhook: 500 Internal Server Error' } });
        case 'answerCallbackQuery':
        case 'sendChatAction':
          return send(200, { ok: true, result: true });
        default:
          return send(200, { ok: true, result: { message_id: ++messageIds, date: Math.floor(Date.now() / 1000), chat: { id: Number(call.body['chat_id']), type: 'private' } } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    accepted,
    failures,
    webhooks,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
