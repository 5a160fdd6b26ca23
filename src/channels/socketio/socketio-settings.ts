// The socket.io channel's per-assistant setting, sealed at rest like every secret: the JWT key (Rasa's
// `jwt_key`, HS256). When it is set, a web chat must present a token signed with it in the
// handshake's `auth.token`; unset, the channel is open, as Rasa's is by default.
import type { SecretBox } from '../../secrets/secret-box.js';
import type { AssistantRecord, Store } from '../../store/store.js';

export const SOCKETIO_JWT_KEY = 'socketio.jwt_key';

interface SettingsAccess {
  store: Store;
  secrets: SecretBox;
}

export interface SocketIoStatus {
  jwtKey: 'set' | 'not set';
}

/** Sets the JWT key; an empty string removes it (the channel is open again). */
export async function setSocketIoJwtKey(access: SettingsAccess, assistant: AssistantRecord, jwtKey: string): Promise<void> {
  const trimmed = jwtKey.trim();
  if (trimmed === '') await access.store.secrets.delete(assistant.id, SOCKETIO_JWT_KEY);
  else await access.store.secrets.set(assistant.id, SOCKETIO_JWT_KEY, access.secrets.encrypt(trimmed, { assistantId: assistant.id, name: SOCKETIO_JWT_KEY }));
}

/** Write-only: only whether the key is set. */
export async function socketIoStatus(access: SettingsAccess, assistant: AssistantRecord): Promise<SocketIoStatus> {
  const names = new Set(await access.store.secrets.names(assistant.id));
  return { jwtKey: names.has(SOCKETIO_JWT_KEY) ? 'set' : 'not set' };
}
