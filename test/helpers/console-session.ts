// Signs in to the console through the real HTTP app, as the console does, and sends requests with
// the session cookie and the CSRF token.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { hashPassword } from '../../src/admin-api/auth/password-hashing.js';
import { ensureFirstAdministrator } from '../../src/admin-api/users/first-administrator.js';
import type { Platform } from '../../src/platform.js';

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

/** The logins and passwords of `signInAdministratorAndViewer`; give ADMINISTRATOR's to the platform's environment. */
export const ADMINISTRATOR = { email: 'ana@demo.example', password: 'ana-password-123' } as const;
export const ADMINISTRATOR_ENV = { HELPER_ADMIN_EMAIL: ADMINISTRATOR.email, HELPER_ADMIN_PASSWORD: ADMINISTRATOR.password } as const;

/**
 * The default server's first administrator `ana` (from ADMINISTRATOR_ENV in the platform's
 * environment) and a viewer `vera`, both signed in.
 */
export async function signInAdministratorAndViewer(platform: Platform, app: FastifyInstance): Promise<{ ana: ConsoleSession; vera: ConsoleSession }> {
  await ensureFirstAdministrator(platform, () => undefined);
  await platform.store.users.create({ serverName: 'demo', login: 'vera', email: 'vera@demo.example', firstName: 'Vera', lastName: 'Dias', passwordHash: await hashPassword('vera-password-1'), role: 'viewer' });
  return { ana: await signIn(app, 'ana', ADMINISTRATOR.password), vera: await signIn(app, 'vera', 'vera-password-1') };
}
