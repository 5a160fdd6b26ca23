// The web chat values of the Integrações → API Rest panel: where the widget script is, the tag a
// site pastes to show the assistant's chat, and the platform's demo page of that chat.
import type { AssistantRecord } from '../../store/store.js';

export interface WebChatValues {
  scriptUrl: string;
  snippet: string;
  demoPageUrl: string;
}

/** The widget's language tag for an assistant's language code (its strings: pt-BR, en, es). */
export function widgetLanguage(language: string): string {
  return language.toLowerCase() === 'pt' ? 'pt-BR' : language.toLowerCase();
}

function attribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** `origin` is the assistant's bot origin, e.g. https://acmept.helperassistant.example. */
export function webChatValues(origin: string, assistant: Pick<AssistantRecord, 'language' | 'name'>): WebChatValues {
  const scriptUrl = `${origin}/widget.js`;
  const snippet = `<script src="${attribute(scriptUrl)}" data-lang="${attribute(widgetLanguage(assistant.language))}" data-title="${attribute(assistant.name)}" async></script>`;
  return { scriptUrl, snippet, demoPageUrl: `${origin}/chat` };
}
