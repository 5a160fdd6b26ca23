// The widget's settings, read from its own <script> tag's data-* attributes, so one tag is all a
// site pastes. Every attribute is optional.
import { stringsFor, type Strings } from './strings.js';

export interface WidgetOptions {
  /** Where the socket.io channel is: data-server-url, else the origin the script came from. */
  serverUrl: string;
  lang: string;
  strings: Strings;
  title: string;
  subtitle: string;
  avatar: string | null;
  color: string;
  textColor: string;
  /** Sent once when a new conversation starts (e.g. "/cumprimentar"), as 4biz's initial action. */
  initPayload: string | null;
  /** Sent with every message as `customData` (the message's metadata). */
  customData: Record<string, unknown>;
  /** A JWT for assistants whose socket.io channel requires one (handshake auth.token). */
  token: string | null;
  storage: 'local' | 'session';
  startOpen: boolean;
  position: 'right' | 'left';
}

function parseCustomData(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Ignored below: a broken attribute must not stop the chat.
  }
  console.warn('helper-assistant widget: data-custom-data must be a JSON object; ignored');
  return {};
}

export function readOptions(script: HTMLScriptElement | null, page: Document): WidgetOptions {
  const data = script?.dataset ?? {};
  const { lang, strings } = stringsFor(data['lang'] || page.documentElement.lang || navigator.language);
  const scriptOrigin = script?.src ? new URL(script.src, page.baseURI).origin : page.location.origin;
  return {
    serverUrl: (data['serverUrl'] ?? scriptOrigin).replace(/\/+$/, ''),
    lang,
    strings,
    title: data['title'] ?? strings.title,
    subtitle: data['subtitle'] ?? '',
    avatar: data['avatar'] ?? null,
    color: data['color'] ?? '#0b5cad',
    textColor: data['textColor'] ?? '#ffffff',
    initPayload: data['initPayload'] ?? null,
    customData: { language: lang, ...parseCustomData(data['customData']) },
    token: data['token'] ?? null,
    storage: data['storage'] === 'session' ? 'session' : 'local',
    startOpen: data['open'] === 'true',
    position: data['position'] === 'left' ? 'left' : 'right',
  };
}
