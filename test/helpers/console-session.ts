// Signs in to the console through the real HTTP app, as the console does, and sends requests with
// the session cookie and the CSRF token.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export interface ConsoleSession {
  cookie: string;
  csrfToken: string;
  /** A request with the cookie and, unless `csrf: false`, the CSRF token. */
  request(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, options?: { csrf?: boolean | string }): Promise<LightMyRequestResponse>;
}

export async function signIn(app: FastifyInstance, login: string, password: string, options: { host?: string; remoteAddress?: string } = {}): Promise<ConsoleSession> {
  const host = options.host ?? 'localhost:5005';
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    headers: { host },
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    payload: { login, password },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${login} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((item) => item.name === 'helper_session')?.value ?? '';
  const { csrfToken } = response.json() as { csrfToken: string };
  return {
    cookie,
    csrfToken,
    request(method, url, payload, requestOptions = {}) {
      const csrf = requestOptions.csrf ?? true;
      return app.inject({
        method,
        url,
        headers: {
          host,
          cookie: `helper_session=${cookie}`,
          ...(csrf === false ? {} : { 'x-csrf-token': csrf === true ? csrfToken : csrf }),
        },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
    },
  };
}
