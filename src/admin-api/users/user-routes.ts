// Console users of a server (the Usuários menu): list, add, change, delete. Reading needs any
// role, changes need an administrator (../auth/access.ts). The last active administrator of a server
// cannot be deactivated, demoted or deleted (409); passwords have at least 10 characters (400).
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform.js';
import type { UserChanges, UserRole } from '../../store/store.js';
import { AdminApiError, errorResponses } from '../admin-scope.js';
import { isPlatformOperator, type Principal } from '../auth/access.js';
import { assertPasswordRule, hashPassword } from '../auth/password-hashing.js';
import { readOnlyKeysBeside } from '../read-only-keys.js';
import { userSchema, userView } from './user-view.js';

const serverParams = { type: 'object', properties: { server: { type: 'string', maxLength: 64 } }, required: ['server'] } as const;
const userParams = { type: 'object', properties: { server: { type: 'string', maxLength: 64 }, login: { type: 'string', maxLength: 64 } }, required: ['server', 'login'] } as const;
const changeableProperties = {
  email: { type: 'string', minLength: 3, maxLength: 254 },
  firstName: { type: 'string', minLength: 1, maxLength: 100 },
  lastName: { type: 'string', maxLength: 100 },
  password: { type: 'string', maxLength: 1024 },
  role: { type: 'string', enum: ['administrator', 'agent', 'viewer', 'operator'], description: 'operator: given or taken only by the platform operator' },
  active: { type: 'boolean' },
} as const;

interface UserBody {
  email?: string;
  firstName?: string;
  lastName?: string;
  password?: string;
  role?: UserRole;
  active?: boolean;
}

export function registerUserRoutes(scope: FastifyInstance, platform: Platform): void {
  const { users } = platform.store;

  scope.get<{ Params: { server: string } }>(
    '/servers/:server/users',
    { schema: { summary: "List a server's console users", params: serverParams, response: { 200: { type: 'array', items: userSchema }, ...errorResponses } } },
    async (request) => {
      await assertServer(platform, request.params.server);
      return (await users.list(request.params.server)).map(userView);
    },
  );

  scope.post<{ Params: { server: string }; Body: Required<Omit<UserBody, 'active'>> & { login: string; active?: boolean } }>(
    '/servers/:server/users',
    {
      schema: {
        summary: 'Add a console user',
        params: serverParams,
        body: {
          type: 'object',
          properties: { login: { type: 'string', minLength: 1, maxLength: 64 }, ...changeableProperties },
          required: ['login', 'email', 'firstName', 'lastName', 'password', 'role'],
          additionalProperties: false,
        },
        response: { 201: userSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { password, ...rest } = request.body;
      assertMayGiveRole(request.principal, rest.role);
      assertPasswordRule(password);
      const created = await users.create({ serverName: request.params.server, ...rest, passwordHash: await hashPassword(password) });
      reply.code(201);
      return userView(created);
    },
  );

  scope.patch<{ Params: { server: string; login: string }; Body: UserBody }>(
    '/servers/:server/users/:login',
    {
      schema: {
        summary: "Change a console user (a new password or deactivation ends the user's sessions)",
        params: userParams,
        // A user as listed, written back: its login, server and mustChangePassword are ignored.
        body: { type: 'object', properties: { ...changeableProperties, ...readOnlyKeysBeside(userSchema, changeableProperties) }, additionalProperties: false },
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { password, ...rest } = request.body;
      assertMayGiveRole(request.principal, rest.role);
      await assertMayChange(platform, request.principal, request.params.server, request.params.login);
      const changes: UserChanges = { ...rest };
      if (password !== undefined) {
        assertPasswordRule(password);
        changes.passwordHash = await hashPassword(password);
      }
      return userView(await users.update(request.params.server, request.params.login, changes));
    },
  );

  scope.delete<{ Params: { server: string; login: string } }>(
    '/servers/:server/users/:login',
    { schema: { summary: 'Delete a console user and their sessions', params: userParams, response: { 204: { type: 'null' }, ...errorResponses } } },
    async (request, reply) => {
      await assertMayChange(platform, request.principal, request.params.server, request.params.login);
      await users.delete(request.params.server, request.params.login);
      return reply.code(204).send();
    },
  );
}

async function assertServer(platform: Platform, name: string): Promise<void> {
  if (!(await platform.store.servers.get(name))) throw new AdminApiError(404, 'not_found', `server ${name} does not exist`);
}

/** Only the platform's operator makes an operator: an administrator's rights end at their server. */
function assertMayGiveRole(principal: Principal | null, role: UserRole | undefined): void {
  if (role === 'operator' && !isPlatformOperator(principal)) throw new AdminApiError(403, 'forbidden', "only the platform's operator may give the role operator", 'role');
}

/** An operator's account is changed or deleted only by the platform's operator. */
async function assertMayChange(platform: Platform, principal: Principal | null, server: string, login: string): Promise<void> {
  if (isPlatformOperator(principal)) return;
  // Looked up as the store looks it up (trimmed, lower case): " ops" is the account "ops".
  const user = await platform.store.users.get(server, login);
  if (user?.role === 'operator') throw new AdminApiError(403, 'forbidden', "only the platform's operator may change the operator's account");
}
