// A web chat tab for the tests: a socket.io client (v4, websocket only, no reconnection) that
// records the text of every bot_uttered it hears, and asks for a session.
import { io, type Socket } from 'socket.io-client';

export interface WebChatTab {
  socket: Socket;
  /** The text of each bot_uttered heard so far, in order ('' for one without text). */
  texts: string[];
}

/** A tab connected to the server at `url` on `path` (/socket.io or /widget/socket.io). */
export async function openWebChatTab(url: string, path: string): Promise<WebChatTab> {
  const socket = io(url, { path, reconnection: false, forceNew: true, transports: ['websocket'] });
  const texts: string[] = [];
  socket.on('bot_uttered', (message: { text?: string }) => texts.push(message.text ?? ''));
  await new Promise<void>((resolve, reject) => {
    socket.on('connect', () => resolve());
    socket.on('connect_error', reject);
  });
  return { socket, texts };
}

/** Sends session_request (a new session unless `requested`) and resolves with the id confirmed. */
export function joinSession(socket: Socket, requested: string | null): Promise<string> {
  return new Promise((resolve) => {
    socket.once('session_confirm', (id: string) => resolve(id));
    socket.emit('session_request', { session_id: requested });
  });
}
