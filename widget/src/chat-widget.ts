// The chat window in a shadow root: a launcher button, a dialog with the conversation (a live log
// for screen readers), quick-reply buttons, images, a typing indicator and a connection status.
// Everything shown is kept in storage, so a reload shows the same conversation.
import { ChatConnection } from './connection.js';
import { ChatHistory, type SavedChat, type ShownMessage } from './history.js';
import { linkParts } from './linkify.js';
import { toShown } from './shown-messages.js';
import { TypingIndicator } from './typing.js';
import type { WidgetOptions } from './options.js';
import { styles } from './styles.js';

const CHAT_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true" fill="currentColor"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>';
const SEND_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" fill="currentColor"><path d="M2 21l21-9L2 3v7l15 2-15 2z"/></svg>';
/** How long the typing indicator waits for an answer before it gives up. */
const TYPING_TIMEOUT_MS = 20_000;
/** The longest message the widget sends (the server takes up to 10,000): longer ones are refused with a note, never cut. */
export const MAX_TYPED_LENGTH = 2000;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A message's bubble; a bot's http(s) addresses are links (./linkify.ts), the rest text. */
function bubble(text: string, links: boolean): HTMLElement {
  const node = element('div', { class: 'bubble' });
  for (const part of links ? linkParts(text) : [{ text }]) {
    node.append('href' in part ? element('a', { href: part.href, target: '_blank', rel: 'noopener noreferrer' }, part.text) : document.createTextNode(part.text));
  }
  return node;
}

export class ChatWidget {
  private readonly history: ChatHistory;
  private readonly chat: SavedChat;
  private readonly launcher: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly typing: HTMLElement;
  private readonly status: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly connection: ChatConnection;
  private readonly typingDots: TypingIndicator;
  private wasOnline = false;

  constructor(
    host: HTMLElement,
    private readonly options: WidgetOptions,
  ) {
    const storage = (() => {
      try {
        return options.storage === 'session' ? window.sessionStorage : window.localStorage;
      } catch {
        return null;
      }
    })();
    this.history = new ChatHistory(storage, `helper-assistant-chat:${options.serverUrl}`);
    this.chat = this.history.load();
    const s = options.strings;

    const root = host.attachShadow({ mode: 'open' });
    root.append(element('style', {}, styles));
    const frame = element('div', { class: `root ${options.position}`, lang: options.lang });
    frame.style.setProperty('--ha-color', options.color);
    frame.style.setProperty('--ha-text', options.textColor);

    this.panel = element('section', { class: 'panel', id: 'ha-panel', role: 'dialog', 'aria-labelledby': 'ha-title' });
    this.panel.hidden = true;
    const header = element('header');
    if (options.avatar) header.append(element('img', { src: options.avatar, alt: '' }));
    const titles = element('div', { class: 'titles' });
    titles.append(element('h2', { id: 'ha-title' }, options.title));
    if (options.subtitle) titles.append(element('p', {}, options.subtitle));
    const close = element('button', { type: 'button', class: 'close', 'aria-label': s.close }, '×');
    close.addEventListener('click', () => this.setOpen(false));
    header.append(titles, close);
    this.status = element('div', { class: 'status', role: 'status', id: 'ha-status' });
    this.list = element('ol', { class: 'messages', role: 'log', 'aria-live': 'polite', 'aria-label': s.messages, tabindex: '0' });
    this.typing = element('div', { class: 'typing', role: 'status', 'aria-label': s.typing });
    this.typing.append(element('span'), element('span'), element('span'));
    this.typing.hidden = true;
    this.typingDots = new TypingIndicator(this.typing, () => this.scrollDown(), TYPING_TIMEOUT_MS);
    const form = element('form');
    // No maxlength: it would cut a pasted text silently. A text over the limit is refused with a note.
    this.input = element('input', { id: 'ha-input', type: 'text', autocomplete: 'off', placeholder: s.placeholder, 'aria-describedby': 'ha-status' });
    this.input.addEventListener('input', () => this.checkLength());
    const send = element('button', { type: 'submit', class: 'send', 'aria-label': s.send });
    send.innerHTML = SEND_ICON;
    form.append(element('label', { class: 'sr-only', for: 'ha-input' }, s.inputLabel), this.input, send);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (text === '' || !this.checkLength()) return;
      this.input.value = '';
      this.say(text, text);
    });
    this.panel.append(header, this.status, this.list, this.typing, form);
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.setOpen(false);
    });

    this.launcher = element('button', { type: 'button', class: 'launcher', 'aria-controls': 'ha-panel', 'aria-expanded': 'false', 'aria-label': s.open });
    this.launcher.innerHTML = CHAT_ICON;
    this.launcher.addEventListener('click', () => this.setOpen(this.panel.hidden));
    frame.append(this.panel, this.launcher);
    root.append(frame);

    for (const message of this.chat.messages) this.render(message);
    if (this.chat.open || options.startOpen) this.setOpen(true, false);

    this.connection = new ChatConnection(options, this.chat.sessionId, {
      session: (id, isNew) => {
        this.chat.sessionId = id;
        this.save();
        if (isNew && options.initPayload) {
          this.typingDots.sent();
          this.connection.send(options.initPayload);
        }
      },
      botUttered: (message) => {
        this.typingDots.stop();
        for (const shown of toShown(message)) this.add(shown);
      },
      online: (online) => {
        if (online) this.wasOnline = true;
        this.status.textContent = online || !this.wasOnline ? '' : s.reconnecting;
      },
      acknowledged: () => this.typingDots.acknowledged(),
      refused: (retryAfterSeconds) => {
        this.typingDots.stop();
        this.status.textContent = s.tooMany;
        setTimeout(() => {
          if (this.status.textContent === s.tooMany) this.status.textContent = '';
        }, Math.min(retryAfterSeconds, 60) * 1000);
      },
    });
  }

  setOpen(open: boolean, focus = true): void {
    this.panel.hidden = !open;
    this.launcher.setAttribute('aria-expanded', String(open));
    this.launcher.setAttribute('aria-label', open ? this.options.strings.close : this.options.strings.open);
    this.chat.open = open;
    this.save();
    if (open) this.scrollDown();
    if (focus) (open ? this.input : this.launcher).focus();
  }

  /** Sends a message: `shown` is what the user sees (a button's title), `text` what goes (its payload). */
  say(shown: string, text: string): void {
    for (const message of this.chat.messages) if ('replies' in message) message.answered = true;
    for (const group of Array.from(this.list.querySelectorAll('.replies'))) group.remove();
    this.add({ from: 'user', text: shown });
    this.typingDots.sent();
    this.connection.send(text);
  }

  private add(message: ShownMessage): void {
    this.chat.messages.push(message);
    this.save();
    this.render(message);
  }

  private render(message: ShownMessage): void {
    const s = this.options.strings;
    const item = element('li', { class: message.from });
    item.append(element('span', { class: 'sr-only' }, `${message.from === 'user' ? s.you : s.assistant}: `));
    if ('image' in message) {
      item.append(element('img', { src: message.image, alt: s.image, loading: 'lazy' }));
    } else if ('video' in message) {
      item.append(element('video', { src: message.video, controls: '' }));
    } else {
      if (message.text !== '') item.append(bubble(message.text, message.from === 'bot'));
      if ('replies' in message && message.replies && !message.answered) {
        const group = element('div', { class: 'replies', role: 'group', 'aria-label': s.choices });
        for (const reply of message.replies) {
          if (reply.url) {
            group.append(element('a', { href: reply.url, target: '_blank', rel: 'noopener noreferrer', class: 'link' }, reply.title));
            continue;
          }
          const button = element('button', { type: 'button' }, reply.title);
          button.addEventListener('click', () => {
            this.say(reply.title, reply.payload);
            this.input.focus();
          });
          group.append(button);
        }
        item.append(group);
      }
    }
    this.list.append(item);
    this.scrollDown();
  }

  /** Whether the typed text may be sent; over the limit, a note says so (and goes when it fits again). */
  private checkLength(): boolean {
    const s = this.options.strings;
    const length = this.input.value.trim().length;
    const over = length > MAX_TYPED_LENGTH;
    const note = s.tooLong.replace('{count}', length.toLocaleString(this.options.lang)).replace('{max}', MAX_TYPED_LENGTH.toLocaleString(this.options.lang));
    if (over) {
      this.status.textContent = note;
      this.input.setAttribute('aria-invalid', 'true');
    } else {
      if (this.input.getAttribute('aria-invalid') === 'true') this.status.textContent = '';
      this.input.removeAttribute('aria-invalid');
    }
    return !over;
  }

  private scrollDown(): void {
    this.list.scrollTop = this.list.scrollHeight;
  }

  private save(): void {
    this.history.save(this.chat);
  }
}
