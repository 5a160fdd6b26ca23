// Console sessions: a random id in an HttpOnly cookie (only its SHA-256 is stored), a CSRF token
// per session, an idle and an absolute expiry. Expired sessions are deleted when met and, in
// bulk, at each sign-in.
import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config/config.js';
import type { Store, UserRecord, UserSessionRecord } from '../../store/store.js';

export const SESSION_COOKIE = 'helper_session';
/** A session's last-seen time is written at most this often, not on every request. */
const TOUCH_EVERY_SECONDS = 60;

export function sessionIdHash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export class ConsoleSessions {
  constructor(
    private readonly store: Store,
    private readonly limits: Pick<Config['consoleSession'], 'idleSeconds' | 'maxSeconds'>,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  /** A new session for the user: the id for the cookie and the CSRF token for the console. */
  async start(user: UserRecord): Promise<{ id: string; csrfToken: string }> {
    const now = this.now();
    await this.store.userSessions.deleteExpired(now - this.limits.idleSeconds, now - this.limits.maxSeconds);
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    await this.store.userSessions.create({ idHash: sessionIdHash(id), userId: user.id, csrfToken, now });
    return { id, csrfToken };
  }

  /**
   * The live session of this cookie value, or null (unknown, expired, or its user inactive). A
   * request of the user's keeps it alive (`touch`); an open event stream's recheck does not, so a
   * console left open still ends after the idle time.
   */
  async find(id: string | undefined, options: { touch?: boolean } = {}): Promise<UserSessionRecord | null> {
    if (!id) return null;
    const idHash = sessionIdHash(id);
    const session = await this.store.userSessions.get(idHash);
    if (!session) return null;
    const now = this.now();
    if (now - session.lastSeenAt > this.limits.idleSeconds || now - session.createdAt > this.limits.maxSeconds || !session.user.active) {
      await this.store.userSessions.delete(idHash);
      return null;
    }
    if (options.touch !== false && now - session.lastSeenAt > TOUCH_EVERY_SECONDS) await this.store.userSessions.touch(idHash, now);
    return session;
  }

  async end(id: string | undefined): Promise<void> {
    if (id) await this.store.userSessions.delete(sessionIdHash(id));
  }
}
