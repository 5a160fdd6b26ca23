// The widget's side of the socket.io channel (reference/rasa-protocol.md §5): session_request with
// the stored id on every (re)connection, messages queued until session_confirm, user_uttered with
// customData, bot_uttered handed to the view. socket.io-client reconnects by itself.
import { io, type Socket } from 'socket.io-client';

/**
 * The channel's endpoint for our widget (the server's WIDGET_SOCKETIO_PATH): Rasa's events plus
 * socket.io's connection state recovery, so answers emitted during a short drop arrive on return.
 * Rasa's own endpoint, /socket.io, has no recovery: its clients get exactly Rasa's arguments.
 */
export const WIDGET_SOCKET_PATH = '/widget/socket.io';

export interface BotUttered {
  text?: unknown;
  quick_replies?: unknown;
  buttons?: unknown;
  attachment?: unknown;
}

export interface ConnectionEvents {
  /** The server confirmed a session; `isNew` when it is not the one stored (a new conversation). */
  session(id: string, isNew: boolean): void;
  botUttered(message: BotUttered): void;
  online(online: boolean): void;
  /** The server refused a message over a rate limit: it was not sent; try again after `retryAfterSeconds`. */
  refused(retryAfterSeconds: number): void;
  /** The server acknowledged a message: handled (its answer, if any, already emitted) or refused. */
  acknowledged(): void;
}

/** What the server acknowledges a user_uttered with (our widget asks for it; Rasa's clients do not). */
type Acknowledgement = { ok: true } | { ok: false; error?: { reason?: unknown; retry_after?: unknown } } | null | undefined;

export class ChatConnection {
  private readonly socket: Socket;
  private confirmed = false;
  private readonly queue: string[] = [];
  private readonly customData: Record<string, unknown>;

  constructor(
    options: { serverUrl: string; token: string | null; customData: Record<string, unknown> },
    private sessionId: string | null,
    private readonly events: ConnectionEvents,
  ) {
    this.customData = options.customData;
    // withCredentials: a load balancer's affinity cookie comes back with each long-polling request.
    this.socket = io(options.serverUrl, { path: WIDGET_SOCKET_PATH, withCredentials: true, ...(options.token ? { auth: { token: options.token } } : {}) });
    this.socket.on('connect', () => {
      this.events.online(true);
      this.socket.emit('session_request', { session_id: this.sessionId });
    });
    this.socket.on('session_confirm', (confirmed: unknown) => {
      const id = typeof confirmed === 'string' ? confirmed : (confirmed as { session_id?: unknown } | null)?.session_id;
      if (typeof id !== 'string') return;
      const isNew = id !== this.sessionId;
      this.sessionId = id;
      this.confirmed = true;
      this.events.session(id, isNew);
      for (const text of this.queue.splice(0)) this.emit(text);
    });
    this.socket.on('bot_uttered', (message: BotUttered) => this.events.botUttered(message));
    // A refusal of what was sent without asking for an acknowledgement (session_request); a
    // user_uttered's comes with its acknowledgement.
    this.socket.on('user_uttered_error', (error: { reason?: unknown; retry_after?: unknown } | null) => this.refusal(error));
    this.socket.on('disconnect', (reason) => {
      this.confirmed = false;
      this.events.online(false);
      // The server ended this socket on purpose (a restart): come back as any other reconnection.
      if (reason === 'io server disconnect') setTimeout(() => this.socket.connect(), 1000);
    });
    this.socket.on('connect_error', () => this.events.online(false));
  }

  /** Sends a text or a button's payload; held until the session is confirmed. */
  send(text: string): void {
    if (this.confirmed) this.emit(text);
    else this.queue.push(text);
  }

  private emit(text: string): void {
    // Acknowledged once the turn is done and its answer emitted (both endpoints do it for a client
    // that asks): an answer of nothing — the assistant paused while a person holds the
    // conversation — ends the typing indicator there.
    this.socket.emit('user_uttered', { message: text, session_id: this.sessionId, customData: this.customData }, (answer: Acknowledgement) => {
      if (answer?.ok === false) this.refusal(answer.error);
      this.events.acknowledged();
    });
  }

  private refusal(error: { reason?: unknown; retry_after?: unknown } | null | undefined): void {
    if (error?.reason === 'TooManyRequests') this.events.refused(typeof error.retry_after === 'number' ? error.retry_after : 5);
  }
}
