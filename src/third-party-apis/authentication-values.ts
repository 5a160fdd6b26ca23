// The values an authentication API maps (e.g. 4biz's `sessionID`) are kept in the conversation's
// contexts like any other — so they last as the context's lifetime says, and the login is skipped
// while they are set — but sealed: the slot holds `sealed:v2:…`, opened only where a custom skill
// runs its API chain. Whoever reads a tracker, a transcript, the conversations API, an export or
// an action server's payload sees the sealed text, never the session. The seal is bound to the
// assistant, the conversation (sender) and the context, so a value copied elsewhere does not open;
// a value that does not open (moved, or the secret key changed) counts as unset, and the login
// runs again.
import type { SecretBox } from '../secrets/secret-box.js';
import type { ThirdPartyApi } from './api-definition.js';

export const SEALED_PREFIX = 'sealed:';

/** The contexts the assistant's authentication APIs fill. */
export function authenticationContexts(apis: readonly ThirdPartyApi[]): Set<string> {
  return new Set(apis.filter((api) => api.authentication).flatMap((api) => api.mappings.map((mapping) => mapping.context)));
}

function place(assistantId: number, sender: string, context: string) {
  return { assistantId, name: `authentication-context/${sender}/${context}` };
}

/** `slots` with the authentication contexts' values sealed (JSON inside, so any type comes back). */
export function sealAuthenticationValues(slots: Record<string, unknown>, contexts: ReadonlySet<string>, secrets: SecretBox, assistantId: number, sender: string): Record<string, unknown> {
  const sealed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(slots)) {
    const set = value !== undefined && value !== null && value !== '';
    sealed[name] = contexts.has(name) && set ? `${SEALED_PREFIX}${secrets.encrypt(JSON.stringify(value), place(assistantId, sender, name))}` : value;
  }
  return sealed;
}

/** `slots` with sealed values opened; one that does not open becomes null (unset: the login runs again). */
export function openAuthenticationValues(slots: Readonly<Record<string, unknown>>, secrets: SecretBox, assistantId: number, sender: string): Record<string, unknown> {
  const opened: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(slots)) {
    if (typeof value !== 'string' || !value.startsWith(SEALED_PREFIX)) {
      opened[name] = value;
      continue;
    }
    try {
      opened[name] = JSON.parse(secrets.decrypt(value.slice(SEALED_PREFIX.length), place(assistantId, sender, name))) as unknown;
    } catch {
      opened[name] = null;
    }
  }
  return opened;
}
