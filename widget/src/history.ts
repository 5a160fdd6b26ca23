// What survives a page reload: the session id and the conversation as shown, in the browser's
// storage (local by default, as rasa-webchat's params.storage), under one key per chat server.
/** A quick reply sends its payload; a `web_url` button (rasa-webchat's) opens its link instead. */
export interface Reply {
  title: string;
  payload: string;
  url?: string;
}

export type ShownMessage =
  | { from: 'user'; text: string }
  | { from: 'bot'; text: string; replies?: Reply[]; answered?: boolean }
  | { from: 'bot'; image: string }
  | { from: 'bot'; video: string };

export interface SavedChat {
  sessionId: string | null;
  messages: ShownMessage[];
  open: boolean;
}

/** Enough to read back a conversation without letting storage grow without bound. */
const MAX_MESSAGES = 200;

/** The part of the browser's Storage the history uses. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export class ChatHistory {
  constructor(
    private readonly storage: KeyValueStorage | null,
    private readonly key: string,
  ) {}

  load(): SavedChat {
    try {
      const text = this.storage?.getItem(this.key);
      const saved: unknown = text ? JSON.parse(text) : null;
      if (saved && typeof saved === 'object' && Array.isArray((saved as SavedChat).messages)) {
        const chat = saved as SavedChat;
        return { sessionId: typeof chat.sessionId === 'string' ? chat.sessionId : null, messages: chat.messages, open: chat.open === true };
      }
    } catch {
      // Unreadable storage (blocked, or a damaged value): start afresh.
    }
    return { sessionId: null, messages: [], open: false };
  }

  save(chat: SavedChat): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify({ ...chat, messages: chat.messages.slice(-MAX_MESSAGES) }));
    } catch {
      // Full or blocked storage: the chat still works, it only forgets on reload.
    }
  }
}
