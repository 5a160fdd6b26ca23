// Who may call an assistant's HTTP API (the conversations API, 4biz's "Parameters API"). Closed by
// default, as Rasa is when started with a token: a request needs Rasa's `?token=<token>`, or
// `Authorization: Bearer <JWT>` signed (HS256) with the same token, or must come from an address in
// the assistant's allow-list. Each assistant has its own token, sealed at rest, which exists only
// once an administrator or the operator creates it (POST …/api-token/rotate, `helper api-token`):
// reading never creates one, and an assistant without a token answers every credential with 401
// (its allow-list still works); 403 is for a JWT user outside its own conversation. Tokens are cached per access revision (./access-revision.ts), so a
// rotation in any process takes effect in every process within seconds. Channel webhooks never go
// through here.
import { randomBytes } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { jwtVerify } from 'jose';
import { sameSecret } from '../secrets/same-secret.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { AssistantRecord, Store } from '../store/store.js';
import { AccessRevision } from './access-revision.js';

export const API_TOKEN_SECRET = 'api_token';

export type ApiRole = 'admin' | 'user';

export type ApiAccess =
  | { ok: true; role: ApiRole; username: string | null; via: 'token' | 'jwt' | 'address' }
  | { ok: false; status: 401 | 403; reason: 'NotAuthenticated' | 'NotAuthorized'; message: string };

export interface ApiCredentials {
  /** `?token=` as given, if any. */
  token?: string | undefined;
  /** The Authorization header, if any. */
  authorization?: string | undefined;
  /** The client's address (after any trusted proxy). */
  clientAddress?: string | undefined;
}

export class ApiAccessControl {
  /** Plaintext tokens (null: the assistant has none) per assistant id, as of `cachedRevision`. */
  private readonly tokens = new Map<number, Promise<string | null>>();
  private cachedRevision: number | null = null;

  constructor(
    private readonly store: Store,
    private readonly secrets: SecretBox,
    private readonly revision: AccessRevision = new AccessRevision(store),
  ) {}

  /** The assistant's token, or undefined while it has none. Never creates one. */
  async token(assistant: AssistantRecord): Promise<string | undefined> {
    const revision = await this.revision.current();
    if (revision !== this.cachedRevision) {
      this.tokens.clear();
      this.cachedRevision = revision;
    }
    let token = this.tokens.get(assistant.id);
    if (token === undefined) {
      const reading = this.store.secrets.get(assistant.id, API_TOKEN_SECRET).then((sealed) => (sealed === undefined ? null : this.secrets.decrypt(sealed, { assistantId: assistant.id, name: API_TOKEN_SECRET })));
      token = reading;
      this.tokens.set(assistant.id, reading);
      reading.catch(() => {
        if (this.tokens.get(assistant.id) === reading) this.tokens.delete(assistant.id);
      });
    }
    return (await token) ?? undefined;
  }

  /** A new token (the first one, or a replacement: the previous one and every JWT signed with it stop working). */
  async rotate(assistant: AssistantRecord): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await this.store.secrets.set(assistant.id, API_TOKEN_SECRET, this.secrets.encrypt(token, { assistantId: assistant.id, name: API_TOKEN_SECRET }));
    this.tokens.delete(assistant.id);
    return token;
  }

  /** The token, created first when the assistant has none (an explicit request of the operator, e.g. `helper api-token`). */
  async ensure(assistant: AssistantRecord): Promise<string> {
    return (await this.token(assistant)) ?? this.rotate(assistant);
  }

  /**
   * Decides a request for `assistant`, and for `conversationId` when the route names one (a JWT of
   * role `user` may only reach the conversation named after its username, as in Rasa).
   */
  async check(assistant: AssistantRecord, credentials: ApiCredentials, conversationId?: string): Promise<ApiAccess> {
    const bearer = /^Bearer\s+(.+)$/i.exec(credentials.authorization ?? '')?.[1]?.trim();
    const givenToken = credentials.token !== undefined && credentials.token !== '';
    // As Rasa's requires_auth: the token first, then a JWT (a wrong token does not stop a valid JWT);
    // a credential that does not authenticate is 401 NotAuthenticated, and 403 NotAuthorized is for
    // an authenticated JWT without the scope: a `user` outside its own conversation, or another role.
    if (givenToken || bearer) {
      const token = await this.token(assistant);
      if (token === undefined) return notAuthenticated();
      if (givenToken && sameSecret(credentials.token as string, token)) return { ok: true, role: 'admin', username: null, via: 'token' };
      const user = bearer ? await this.verifyJwt(bearer, token) : null;
      if (!user) return notAuthenticated();
      if (user.role === 'admin') return { ok: true, role: 'admin', username: user.username, via: 'jwt' };
      if (user.role === 'user' && conversationId !== undefined && user.username !== null && conversationId === user.username) {
        return { ok: true, role: 'user', username: user.username, via: 'jwt' };
      }
      return denied(403, 'NotAuthorized', 'User has insufficient permissions.');
    }
    if (credentials.clientAddress && allowedAddress(credentials.clientAddress, assistant.apiAllowedCidrs)) {
      return { ok: true, role: 'admin', username: null, via: 'address' };
    }
    return notAuthenticated();
  }

  /** A JWT this assistant signed (and not expired): its `user`'s username and role, as given; null when it does not verify. */
  private async verifyJwt(jwt: string, secret: string): Promise<{ username: string | null; role: unknown } | null> {
    try {
      const { payload } = await jwtVerify(jwt, new TextEncoder().encode(secret), { algorithms: ['HS256', 'HS384', 'HS512'] });
      const user = typeof payload.user === 'object' && payload.user !== null ? (payload.user as { username?: unknown; role?: unknown }) : {};
      return { username: typeof user.username === 'string' ? user.username : null, role: user.role };
    } catch {
      return null;
    }
  }
}

function denied(status: 401 | 403, reason: 'NotAuthenticated' | 'NotAuthorized', message: string): ApiAccess {
  return { ok: false, status, reason, message };
}

/** No credential, or one that is not this assistant's (a wrong token, a JWT it did not sign or that expired). */
function notAuthenticated(): ApiAccess {
  return denied(401, 'NotAuthenticated', 'User is not authenticated.');
}

/** Whether an address (IPv4, IPv6 or IPv4-mapped IPv6) is inside one of the CIDRs. */
export function allowedAddress(address: string, cidrs: readonly string[]): boolean {
  if (cidrs.length === 0) return false;
  const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  const family = isIP(plain);
  if (family === 0) return false;
  const list = new BlockList();
  for (const cidr of cidrs) {
    const parsed = parseCidr(cidr);
    if (parsed) list.addSubnet(parsed.network, parsed.prefix, parsed.type);
  }
  return list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

/** `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a /32 or /128); null when malformed. */
export function parseCidr(cidr: string): { network: string; prefix: number; type: 'ipv4' | 'ipv6' } | null {
  const [network = '', prefixText] = cidr.trim().split('/');
  const family = isIP(network);
  if (family === 0) return null;
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null;
  return { network, prefix, type: family === 4 ? 'ipv4' : 'ipv6' };
}
