// The web chat's public pages: GET /widget.js (the bundled widget, dist/widget/widget.js, built by
// `npm run build:widget`) on every host a site may load it from, and GET /chat, a demo page of the
// host's assistant showing the widget and the tag to paste (the Integrações → API Rest snippet).
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { webChatValues, widgetLanguage } from '../channels/socketio/web-chat-snippet.js';
import type { Config } from '../config/config.js';
import type { AssistantRecord } from '../store/store.js';
import type { HostRouter } from './host-routing.js';
import { assistantOrigin, requestBase } from './public-addresses.js';
import { RasaHttpError } from './rasa-error.js';

/** Two folders up from src/server (tests) and from dist/server (built) alike: the package root. */
export const WIDGET_FILE = fileURLToPath(new URL('../../dist/widget/widget.js', import.meta.url));

interface WebChatRoutesOptions {
  config: Config;
  hosts: HostRouter;
  resolveAssistant(request: { headers: IncomingHttpHeaders }): Promise<AssistantRecord>;
  /** Where the bundle is read from (tests may build it elsewhere). */
  widgetFile?: string;
}

function html(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

const pageText = {
  'pt-BR': { heading: 'Chat do assistente', lead: 'O chat abaixo é o widget que você coloca no seu site. Para usá-lo, cole esta linha antes de </body>:', copy: 'Copiar', copied: 'Copiado!' },
  en: { heading: "The assistant's chat", lead: 'The chat below is the widget you put on your site. To use it, paste this line before </body>:', copy: 'Copy', copied: 'Copied!' },
  es: { heading: 'Chat del asistente', lead: 'El chat de abajo es el widget que pones en tu sitio. Para usarlo, pega esta línea antes de </body>:', copy: 'Copiar', copied: '¡Copiado!' },
} as const;

/** From this width the demo page keeps room for the open chat panel beside its text. */
const WIDE_PAGE_PX = 880;

function demoPage(assistant: AssistantRecord, snippet: string): string {
  const lang = widgetLanguage(assistant.language);
  const text = pageText[lang as keyof typeof pageText] ?? pageText.en;
  return `<!doctype html>
<html lang="${html(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(assistant.name)} — ${html(text.heading)}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1d2433; }
/* The open chat panel (370 px wide, 20 px from the right) never covers the text and the snippet. */
@media (min-width: ${WIDE_PAGE_PX}px) { body { margin: 2rem 410px 2rem max(1rem, calc(100vw - 410px - 48rem)); } }
pre { background: #f5f7fa; border: 1px solid #dde3ea; border-radius: 8px; padding: 1rem; white-space: pre-wrap; word-break: break-all; }
button { font: inherit; padding: .4rem 1rem; }
</style>
</head>
<body>
<main>
<h1>${html(assistant.name)} — ${html(text.heading)}</h1>
<p>${html(text.lead)}</p>
<pre><code id="snippet">${html(snippet)}</code></pre>
<button type="button" id="copy">${html(text.copy)}</button> <span id="copied" role="status"></span>
</main>
<script>
document.getElementById('copy').addEventListener('click', function () {
  navigator.clipboard.writeText(document.getElementById('snippet').textContent).then(function () {
    document.getElementById('copied').textContent = ${JSON.stringify(text.copied)};
  });
});
</script>
<script>
// The chat opens by itself only where it leaves the snippet visible; on a phone it waits for a tap.
(function () {
  var tag = document.createElement('script');
  tag.src = '/widget.js';
  tag.async = true;
  tag.setAttribute('data-lang', ${JSON.stringify(lang)});
  tag.setAttribute('data-title', ${JSON.stringify(assistant.name).replaceAll('<', '\\u003c')});
  if (window.matchMedia('(min-width: ${WIDE_PAGE_PX}px)').matches) tag.setAttribute('data-open', 'true');
  document.body.appendChild(tag);
})();
</script>
</body>
</html>
`;
}

export function registerWebChatRoutes(app: FastifyInstance, options: WebChatRoutesOptions): void {
  const file = options.widgetFile ?? WIDGET_FILE;
  let cached: { mtimeMs: number; body: Buffer; etag: string } | undefined;

  app.get('/widget.js', { schema: { summary: 'The web chat widget (one <script> tag)', hide: true } }, async (request, reply) => {
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch {
      throw new RasaHttpError(404, 'NotFound', 'the web chat widget is not built: run npm run build:widget');
    }
    if (cached?.mtimeMs !== mtimeMs) {
      const body = await readFile(file);
      cached = { mtimeMs, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    }
    reply.header('cache-control', 'public, max-age=300').header('etag', cached.etag);
    if (request.headers['if-none-match'] === cached.etag) return reply.code(304).send();
    return reply.type('application/javascript; charset=utf-8').send(cached.body);
  });

  app.get('/chat', { schema: { summary: "A demo page of the host's assistant web chat", hide: true } }, async (request, reply) => {
    const assistant = await options.resolveAssistant(request);
    const { snippet } = webChatValues(assistantOrigin(await requestBase(options.config, options.hosts, request), assistant), assistant);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(demoPage(assistant, snippet));
  });
}
