// A local stand-in for Meta's Graph API (HTTP on 127.0.0.1), for the Messenger and WhatsApp
// channels and the console's "check connection":
// - GET /{version}/me answers the Page of a known Page access token; GET /{version}/{phone-number-id}
//   answers a WhatsApp phone number known for the token; any other token gets Meta's error 190;
// - POST /{version}/{phone-number-id}/messages (WhatsApp's Cloud API) is captured and answered as
//   Meta does (a wamid for a message, `success` for a read receipt), unless a failure was queued:
//   `failures` are answered first, each once, to the first call they match.
// The token is read from the Bearer header (or ?access_token=).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedCall {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown> | null;
}

export interface QueuedFailure {
  status: number;
  error?: Record<string, unknown>;
  /** Only for calls this accepts (default: any POST). */
  when?: (call: CapturedCall) => boolean;
}

export interface FakeGraphApi {
  url: string;
  /** Paths of the calls received, without their query. */
  calls: string[];
  /** Every POST received, failed ones included, in order. */
  posts: CapturedCall[];
  /** POSTs that were accepted, in order. */
  accepted: CapturedCall[];
  failures: QueuedFailure[];
  close(): Promise<void>;
}

export interface FakePhone {
  id: string;
  display_phone_number: string;
  verified_name: string;
}

const invalidToken = { error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190, fbtrace_id: 'Afake' } };

export async function startFakeGraphApi(pages: Record<string, { id: string; name: string }>, options: { phones?: Record<string, FakePhone> } = {}): Promise<FakeGraphApi> {
  const calls: string[] = [];
  const posts: CapturedCall[] = [];
  const accepted: CapturedCall[] = [];
  const failures: QueuedFailure[] = [];
  let wamids = 0;
  const server: Server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      calls.push(url.pathname);
      const token = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? url.searchParams.get('access_token') ?? '';
      const send = (status: number, body: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (request.method === 'GET') {
        const page = pages[token];
        if (/^\/v\d+\.\d+\/me$/.test(url.pathname) && page) return send(200, page);
        const phone = options.phones?.[token];
        if (phone && url.pathname.endsWith(`/${phone.id}`)) return send(200, phone);
        return send(400, invalidToken);
      }
      const call: CapturedCall = { method: request.method ?? 'POST', path: url.pathname, authorization: request.headers.authorization, body: raw === '' ? null : (JSON.parse(raw) as Record<string, unknown>) };
      posts.push(call);
      const index = failures.findIndex((failure) => failure.when?.(call) ?? true);
      const failure = index === -1 ? undefined : failures.splice(index, 1)[0];
      if (failure) {
        response.writeHead(failure.status, { 'content-type': 'application/json' }).end(failure.error ? JSON.stringify({ error: failure.error }) : '');
        return;
      }
      accepted.push(call);
      if (call.body?.['status'] === 'read') return send(200, { success: true });
      const to = typeof call.body?.['to'] === 'string' ? call.body['to'] : '';
      return send(200, { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: `wamid.out.${++wamids}` }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    posts,
    accepted,
    failures,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
