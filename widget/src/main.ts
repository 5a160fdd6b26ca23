// Entry of widget.js: <script src="https://acmept.example.com/widget.js" data-title="…" async></script>
// mounts the chat in its own shadow root at the end of <body>. No framework needed on the page.
import { ChatWidget } from './chat-widget.js';
import { readOptions } from './options.js';

declare global {
  interface Window {
    HelperAssistantWidget?: { open(): void; close(): void; send(text: string): void };
  }
}

const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;

function mount(): void {
  if (window.HelperAssistantWidget) return; // the tag pasted twice
  const host = document.createElement('div');
  host.id = 'helper-assistant-widget';
  document.body.append(host);
  const widget = new ChatWidget(host, readOptions(script, document));
  window.HelperAssistantWidget = {
    open: () => widget.setOpen(true),
    close: () => widget.setOpen(false),
    send: (text) => widget.say(text, text),
  };
}

if (document.body) mount();
else document.addEventListener('DOMContentLoaded', mount);
