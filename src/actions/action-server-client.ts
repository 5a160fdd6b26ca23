// Calls an assistant's action server: its URL from the assistant's settings, its token (when set)
// opened from the sealed secrets, the call bounded by the operator's limits.
import type { SecretBox } from '../secrets/secret-box.js';
import type { AssistantRecord, Store } from '../store/store.js';
import { ACTION_ENDPOINT_TOKEN_SECRET } from './action-endpoint.js';
import type { ActionCall } from './action-call.js';
import { ActionServerUnreachableError, postToActionServer, type ActionServerLimits, type ActionServerReply } from './post-to-action-server.js';

/** What the engine needs of an action server (a test may give its own). */
export interface ActionServer {
  call(assistant: AssistantRecord, body: ActionCall): Promise<ActionServerReply>;
}

export class ActionServerClient implements ActionServer {
  constructor(
    private readonly store: Store,
    private readonly secrets: SecretBox,
    private readonly limits: ActionServerLimits,
  ) {}

  async call(assistant: AssistantRecord, body: ActionCall): Promise<ActionServerReply> {
    const url = assistant.settings.actionEndpointUrl;
    if (url === undefined) throw new ActionServerUnreachableError('the assistant has no action endpoint (Configurações › Action endpoint)');
    const sealed = await this.store.secrets.get(assistant.id, ACTION_ENDPOINT_TOKEN_SECRET);
    const token = sealed === undefined ? undefined : this.secrets.decrypt(sealed, { assistantId: assistant.id, name: ACTION_ENDPOINT_TOKEN_SECRET });
    return postToActionServer(new URL(url), body, token, this.limits);
  }
}
