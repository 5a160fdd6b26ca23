// Throttles guessing: after `perLogin` failed sign-ins for one login of one server, or `perAddress`
// from one client address, within a window, sign-ins are refused until the window ends. Each
// attempt is counted before its password is checked, in one atomic step that returns the new
// count, so parallel guesses cannot slip through together; an attempt that succeeds is taken back.
// Counts live in the store, so every app process sharing it shares them. A success clears the
// login's count (not the address's other failures: one good password must not reopen an address
// that guesses others).
import type { Config } from '../../config/config.js';
import type { Store } from '../../store/store.js';

export class SignInThrottle {
  constructor(
    private readonly store: Store,
    private readonly limits: Config['signInThrottle'],
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  /** Counts an attempt; resolves with the seconds to wait when a limit is passed (refuse it), else null. */
  async attempt(serverName: string, login: string, address: string): Promise<number | null> {
    const now = this.now();
    const [byLogin, byAddress] = await this.store.signInFailures.record([loginKey(serverName, login), addressKey(address)], now, this.limits.windowSeconds);
    let wait = 0;
    for (const [count, limit] of [
      [byLogin, this.limits.perLogin],
      [byAddress, this.limits.perAddress],
    ] as const) {
      if (count === undefined || count.failures <= limit) continue;
      wait = Math.max(wait, count.windowStartedAt + this.limits.windowSeconds - now);
    }
    return wait > 0 ? Math.ceil(wait) : null;
  }

  /** The attempt succeeded: the login starts afresh and the address gets its attempt back. */
  async succeeded(serverName: string, login: string, address: string): Promise<void> {
    await this.store.signInFailures.clear(loginKey(serverName, login));
    await this.store.signInFailures.release(addressKey(address));
  }
}

function loginKey(serverName: string, login: string): string {
  return `login:${serverName}:${login.trim().toLowerCase()}`;
}

function addressKey(address: string): string {
  return `address:${address}`;
}
