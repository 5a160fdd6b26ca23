// Link buttons: Rasa's and Messenger's `{type: "web_url", url, title}`, as an action server or a
// posted bot event gives them (buttonsFromRasa keeps a button's other keys). Pressed, such a button
// opens its address: no payload comes back. Each channel renders it as its platform can (a URL
// button, a web_url button, a quick reply webchat shows as a link, or the address in the text).
import type { Button } from '../../assistant/content.js';

/** The http(s) address a link button opens, or undefined for a button that sends its payload. */
export function linkOf(button: Button): string | undefined {
  const { type, url } = button as Button & { type?: unknown; url?: unknown };
  if (type !== 'web_url' || typeof url !== 'string') return undefined;
  const address = url.trim();
  // Only web addresses: never another scheme (javascript:, tg:, a relative path).
  return /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(address) ? address : undefined;
}
