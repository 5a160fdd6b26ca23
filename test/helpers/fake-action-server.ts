// A local stand-in for a rasa-sdk 3.6 action server (HTTP on 127.0.0.1): POST /webhook takes an
// ActionCall and runs the action it names, answering as rasa-sdk's endpoint does — 200
// `{events, responses}`; 400 `{error, action_name}` when the action raises
// ActionExecutionRejection; 404 `{error: "No registered action found for name 'x'.", action_name}`
// for an unknown action; 500 `{error, request_body}` when the action raises anything else; 400
// `{error: "Invalid body request"}` for a body that is not JSON. GET /health answers `{status: "ok"}`,
// GET /actions the registered names. Every call is captured with its headers.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ActionCallCapture {
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  url: string;
}

/** rasa-sdk's ActionExecutionRejection. */
export class ActionExecutionRejection extends Error {}

export interface SdkAnswer {
  events?: unknown[];
  responses?: unknown[];
}

/** An action: what `run(dispatcher, tracker, domain)` gives back; `raw` answers a status and body as given. */
export type SdkAction = (call: Record<string, unknown>) => SdkAnswer | Promise<SdkAnswer> | { raw: { status: number; body: string } };

export interface FakeActionServer {
  url: string;
  calls: ActionCallCapture[];
  actions: Map<string, SdkAction>;
  close(): Promise<void>;
}

/** What `dispatcher.utter_message(**kwargs)` emits: every key of rasa-sdk, then the extra ones. */
export function utterMessage(kwargs: Record<string, unknown>): Record<string, unknown> {
  return { text: null, buttons: [], elements: [], custom: {}, template: null, response: null, image: null, attachment: null, ...kwargs };
}

export async function startFakeActionServer(): Promise<FakeActionServer> {
  const calls: ActionCallCapture[] = [];
  const actions = new Map<string, SdkAction>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      void (async () => {
        if (request.method === 'GET' && request.url === '/health') return reply(200, { status: 'ok' });
        if (request.method === 'GET' && request.url === '/actions') return reply(200, [...actions.keys()].map((name) => ({ name })));
        if (request.method !== 'POST' || !request.url?.startsWith('/webhook')) return reply(404, { error: 'not found' });
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          return reply(400, { error: 'Invalid body request' });
        }
        calls.push({ body, headers: request.headers, url: request.url });
        const name = String(body['next_action']);
        const action = actions.get(name);
        if (action === undefined) return reply(404, { error: `No registered action found for name '${name}'.`, action_name: name });
        try {
          const result = await action(body);
          if ('raw' in result) {
            response.writeHead(result.raw.status, { 'content-type': 'application/json' });
            response.end(result.raw.body);
            return;
          }
          // rasa-sdk drops returned dicts without an `event` key.
          const events = (result.events ?? []).filter((event) => typeof event === 'object' && event !== null && 'event' in event);
          return reply(200, { events, responses: result.responses ?? [] });
        } catch (error: unknown) {
          if (error instanceof ActionExecutionRejection) return reply(400, { error: error.message, action_name: name });
          return reply(500, { error: error instanceof Error ? error.message : String(error), request_body: body });
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    calls,
    actions,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
