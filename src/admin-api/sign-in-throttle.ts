// Throttles guessing: after `perLogin` failed sign-ins for one login of one server, or `perAddress`
// from one client address, within a window, sign-ins are refused until the window ends. Counts
// live in the store, so every app process sharing it shares them. A success clears the login's
// count (not the address's: one good password must not reopen an address that guesses others).
import type { Config } from '../config/config.js';
import type { Store } from '../store/store.js';

export class SignInThrottle {
  constructor(
    private readonly store: Store,
    private readonly limits: Config['signInThrottle'],
    private readonly now: () => number = () => Date.now() / 1000,
  ) {}

  /** Seconds until a sign-in may be tried again, or null when it may be tried now. */
  async retryAfter(serverName: string, login: string, address: string): Promise<number | null> {
    const now = this.now();
    let wait = 0;
    for (const [key, limit] of [
      [loginKey(serverName, login), this.limits.perLogin],
      [addressKey(address), this.limits.perAddress],
    ] as const) {
      const window = await this.store.signInFailures.get(key);
      if (!window || window.failures < limit) continue;
      const left = window.windowStartedAt + this.limits.windowSeconds - now;
      if (left > 0) wait = Math.max(wait, left);
    }
    return wait > 0 ? Math.ceil(wait) : null;
  }

  async failed(serverName: string, login: string, address: string): Promise<void> {
    await this.store.signInFailures.record([loginKey(serverName, login), addressKey(address)], this.now(), this.limits.windowSeconds);
  }

  async succeeded(serverName: string, login: string): Promise<void> {
    await this.store.signInFailures.clear(loginKey(serverName, login));
  }
}

function loginKey(serverName: string, login: string): string {
  return `login:${serverName}:${login.trim().toLowerCase()}`;
}

function addressKey(address: string): string {
  return `address:${address}`;
}
