// The Done-when scenario of the web chat, in Debian's Chromium: the platform's demo page (/chat)
// shows our widget talking to the demo assistant over the socket.io channel; "oi", a button of the
// satisfaction question, an image answer, and the conversation still there after a reload.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp } from '../src/server/app.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsEnabled, launchChromium } from './helpers/chromium.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let test: TestPlatform;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let url: string;
/** The app started again on the same port (the reconnect test). */
let restarted: FastifyInstance | undefined;

describe.runIf(browserTestsEnabled)('the web chat widget in Chromium', () => {
  beforeAll(async () => {
    // The bundle the platform serves at /widget.js, as `npm run build` makes it.
    await promisify(execFile)(process.execPath, ['widget/build.mjs']);
    test = await startTestPlatform();
    await test.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'pt-BR' });
    // Only our server (Chromium sends *.localhost to the loopback itself): the demo's image (on GitHub) and anything else outside stay unreached.
    await context.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      return host === '127.0.0.1' || host.endsWith('.localhost') ? route.continue() : route.abort();
    });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await restarted?.close();
    await test?.close();
  });

  const messages = () => page.locator('#helper-assistant-widget').locator('li');
  const botTexts = async () => (await page.locator('#helper-assistant-widget li.bot').allTextContents()).map((text) => text.replace(/^Assistente: /, ''));
  const input = () => page.getByRole('textbox', { name: 'Sua mensagem' });
  // Page-side code as text: this project's TypeScript has no DOM library.
  const savedChat = () => page.evaluate<string | undefined>("Object.entries(localStorage).find(([key]) => key.startsWith('helper-assistant-chat:'))?.[1]");

  async function send(text: string): Promise<void> {
    const before = await page.locator('#helper-assistant-widget li.bot').count();
    await input().fill(text);
    await input().press('Enter');
    await page.locator('#helper-assistant-widget li.bot').nth(before).waitFor();
  }

  it('shows the demo page with the snippet to paste and the widget open, in a shadow root', async () => {
    // The widget speaks to the channel's endpoint of its own (connection state recovery), not Rasa's /socket.io.
    const chatPaths = new Set<string>();
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.includes('socket.io')) chatPaths.add(path);
    });
    const chatRequest = page.waitForRequest((request) => new URL(request.url()).pathname.includes('socket.io'));
    await page.goto(`${url}/chat`);
    // HELPER_PUBLIC_URL is not set: the snippet names the address the page was opened at.
    expect(await page.locator('#snippet').textContent()).toBe(`<script src="${url}/widget.js" data-lang="pt-BR" data-title="Helper (demonstração)" async></script>`);
    await input().waitFor();
    await chatRequest;
    expect([...chatPaths]).toEqual(['/widget/socket.io/']);
    expect(await page.evaluate<boolean>("document.getElementById('helper-assistant-widget')?.shadowRoot !== null")).toBe(true);
    // The host page's own styles are untouched: the widget's rules live in its shadow root.
    expect(await page.evaluate<string>('getComputedStyle(document.body).fontFamily')).toContain('system-ui');
    expect(await page.evaluate<number>("document.querySelectorAll('body > style, head > style').length")).toBe(1);
    // The open panel covers neither the snippet nor its copy button.
    const panel = await page.locator('#helper-assistant-widget .panel').boundingBox();
    for (const selector of ['#snippet', '#copy']) {
      const box = await page.locator(selector).boundingBox();
      if (!panel || !box) throw new Error(`no box for ${selector}`);
      expect(box.x + box.width <= panel.x || box.y + box.height <= panel.y, `${selector} is under the chat panel`).toBe(true);
    }
  });

  it('on a phone, the demo page leaves the chat closed until it is tapped, so the snippet shows', async () => {
    const phone = await browser.newContext({ locale: 'pt-BR', viewport: { width: 390, height: 844 } });
    try {
      const small = await phone.newPage();
      await small.goto(`${url}/chat`);
      const launcher = small.getByRole('button', { name: 'Abrir o chat' });
      await launcher.waitFor();
      expect(await launcher.getAttribute('aria-expanded')).toBe('false');
      expect(await small.locator('#snippet').isVisible()).toBe(true);
      await launcher.click();
      await small.getByRole('textbox', { name: 'Sua mensagem' }).waitFor();
    } finally {
      await phone.close();
    }
  });

  it('refuses a message over the limit with a note, keeping the text, never cutting it', async () => {
    const long = 'a'.repeat(2001);
    await input().fill(long);
    const note = page.getByRole('status').filter({ hasText: 'Mensagem longa demais' });
    await note.waitFor();
    expect(await note.textContent()).toBe('Mensagem longa demais (2.001 caracteres; o máximo é 2.000): ela não foi enviada. Encurte-a ou divida-a em partes.');
    const before = await page.locator('#helper-assistant-widget li.user').count();
    await input().press('Enter');
    expect(await input().inputValue()).toBe(long);
    expect(await input().getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#helper-assistant-widget li.user').count()).toBe(before);
    // Shortened, it fits again and the note goes.
    await input().fill('oi');
    await note.waitFor({ state: 'detached' });
    await input().fill('');
  });

  it('answers "oi", asks the satisfaction question with buttons, thanks for a click on "Sim", and shows an image', async () => {
    await send('oi');
    expect((await botTexts()).at(-1)).toMatch(/^(Olá|Oi)/);

    await send('quero avaliar o atendimento');
    expect((await botTexts()).at(-1)).toContain('Você poderia avaliar o meu atendimento?');
    const yes = page.getByRole('group', { name: 'Opções de resposta' }).getByRole('button', { name: 'Sim' });
    const before = await page.locator('#helper-assistant-widget li.bot').count();
    await yes.click();
    await page.locator('#helper-assistant-widget li.bot').nth(before).waitFor();
    expect((await botTexts()).at(-1)).toBe('Obrigado pela sua avaliação! Ela nos ajuda a melhorar o atendimento.');
    // The choice shows as the user's message, and the buttons are gone once answered.
    expect(await page.locator('#helper-assistant-widget li.user').allTextContents()).toEqual(['Você: oi', 'Você: quero avaliar o atendimento', 'Você: Sim']);
    expect(await page.getByRole('button', { name: 'Sim' }).count()).toBe(0);

    await send('me mostra uma imagem');
    const image = page.getByRole('img', { name: 'Imagem enviada pelo assistente' });
    await image.waitFor({ state: 'attached' });
    expect(await image.getAttribute('src')).toMatch(/^https:\/\/.+robot\.png$/);
  });

  it('finds the conversation still there after a reload, and goes on in the same session', async () => {
    const shown = await messages().allTextContents();
    const sessionBefore = await savedChat();
    await page.reload();
    await input().waitFor();
    expect(await messages().allTextContents()).toEqual(shown);
    expect(await page.getByRole('img', { name: 'Imagem enviada pelo assistente' }).count()).toBe(1);

    await send('quero avaliar o atendimento');
    await page.getByRole('button', { name: 'Não' }).click();
    await page.getByText('Sem problemas, obrigado pelo contato!').waitFor();
    // One conversation on the server: the session id kept in local storage is the sender.
    const sessionId = (JSON.parse(sessionBefore ?? '{}') as { sessionId?: string }).sessionId ?? '';
    // An id the platform issued (a uuid4 hex and its mark), which only it can make.
    expect(sessionId).toMatch(/^[0-9a-f]{48}$/);
    const assistant = await test.platform.defaultAssistant();
    const events = await test.platform.store.conversations.events(assistant.id, sessionId);
    const texts = events.map((entry) => entry.event as { event: string; text?: string }).filter((event) => event.event === 'user').map((event) => event.text);
    expect(texts).toEqual(['oi', 'quero avaliar o atendimento', 'sim', 'me mostra uma imagem', 'quero avaliar o atendimento', 'não']);
  });

  it('works from the keyboard: Escape closes and gives focus back to the launcher, Enter opens and focuses the input', async () => {
    await page.evaluate("window.widgetFocus = () => document.getElementById('helper-assistant-widget').shadowRoot.activeElement ?? {}");
    await input().focus();
    await page.keyboard.press('Escape');
    const launcher = page.getByRole('button', { name: 'Abrir o chat' });
    await launcher.waitFor();
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate<string | undefined>('widgetFocus().className')).toBe('launcher');
    await page.keyboard.press('Enter');
    await input().waitFor();
    expect(await page.evaluate<string | undefined>('widgetFocus().id')).toBe('ha-input');
  });

  it('reconnects by itself when the server goes away and comes back, and the session goes on', async () => {
    const port = (test.app.server.address() as AddressInfo).port;
    await test.app.close();
    await page.getByRole('status').filter({ hasText: 'Sem conexão. Tentando reconectar…' }).waitFor();
    restarted = await buildApp(test.platform);
    await restarted.listen({ host: '127.0.0.1', port });
    await page.getByRole('status').filter({ hasText: 'Sem conexão' }).waitFor({ state: 'detached' });
    await send('quero avaliar o atendimento');
    expect((await botTexts()).at(-1)).toContain('Você poderia avaliar o meu atendimento?');
    const assistant = await test.platform.defaultAssistant();
    const saved = await savedChat();
    const sessionId = (JSON.parse(saved ?? '{}') as { sessionId?: string }).sessionId ?? '';
    const users = (await test.platform.store.conversations.events(assistant.id, sessionId)).filter((entry) => (entry.event as { event: string }).event === 'user');
    expect(users).toHaveLength(7);
  });

  it("reaches the host's assistant: the English demo at demoen.localhost, in English", async () => {
    const english = await context.newPage();
    const port = (restarted?.server.address() as AddressInfo).port;
    await english.goto(`http://demoen.localhost:${port}/chat`);
    const box = english.getByRole('textbox', { name: 'Your message' });
    await box.waitFor();
    expect(await english.locator('html').getAttribute('lang')).toBe('en');
    await box.fill('hi');
    await box.press('Enter');
    await english.locator('#helper-assistant-widget li.bot').first().waitFor();
    expect(await english.getByRole('button', { name: 'Close the chat' }).count()).toBe(2);
    const [assistantEn] = (await test.platform.store.assistants.list()).filter((assistant) => assistant.serverName === 'demo' && assistant.language === 'en');
    const saved = await english.evaluate<string | undefined>("Object.entries(localStorage).find(([key]) => key.startsWith('helper-assistant-chat:'))?.[1]");
    const sessionId = (JSON.parse(saved ?? '{}') as { sessionId?: string }).sessionId ?? '';
    const events = await test.platform.store.conversations.events(assistantEn?.id ?? -1, sessionId);
    expect(events.some((entry) => (entry.event as { text?: string }).text === 'hi')).toBe(true);
    await english.close();
  });

  it("runs on a customer's site of another origin, in the page's language, untouched by the page's CSS", async () => {
    const port = (restarted?.server.address() as AddressInfo).port;
    // The customer's site: another origin (its own server on 127.0.0.1), hostile CSS, lang="es", the tag.
    const customerPage = `<!doctype html><html lang="es"><head><style>* { color: rgb(255, 0, 0) !important; font-size: 40px !important; } button { display: none !important; }</style></head>
<body><h1>Tienda</h1><script src="http://127.0.0.1:${port}/widget.js" data-title="Tienda" data-color="#7a1fa2" async></script></body></html>`;
    const customer = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(customerPage));
    await new Promise<void>((resolve) => customer.listen(0, '127.0.0.1', resolve));
    const site = await context.newPage();
    try {
      await site.goto(`http://127.0.0.1:${(customer.address() as AddressInfo).port}/`);
      await site.getByRole('button', { name: 'Abrir el chat' }).click();
      const box = site.getByRole('textbox', { name: 'Tu mensaje' });
      await box.waitFor();
      expect(await site.getByRole('dialog', { name: 'Tienda' }).count()).toBe(1);
      await box.fill('quero avaliar o atendimento');
      await box.press('Enter');
      // Cross-origin socket.io from the customer's origin works, and the page's `button` rule stays out.
      await site.getByRole('button', { name: 'Sim' }).waitFor();
      const style = await site.evaluate<{ fontSize: string; color: string; launcher: string }>(
        "(() => { const root = document.getElementById('helper-assistant-widget').shadowRoot; const input = getComputedStyle(root.querySelector('input')); return { fontSize: input.fontSize, color: input.color, launcher: getComputedStyle(root.querySelector('.launcher')).backgroundColor }; })()",
      );
      expect(style).toEqual({ fontSize: '15px', color: 'rgb(29, 36, 51)', launcher: 'rgb(122, 31, 162)' });
    } finally {
      await site.close();
      await new Promise((resolve) => customer.close(resolve));
    }
  });

  it('sends the initial payload once per new conversation, shows the avatar, and the typing indicator while it waits', async () => {
    const port = (restarted?.server.address() as AddressInfo).port;
    const customerPage = `<!doctype html><html lang="en"><body><h1>Shop</h1>
<script src="http://127.0.0.1:${port}/widget.js" data-lang="pt-BR" data-open="true" data-init-payload="/avaliar_atendimento" data-avatar="/avatar.png" data-title="Loja" async></script></body></html>`;
    const customer = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(customerPage));
    await new Promise<void>((resolve) => customer.listen(0, '127.0.0.1', resolve));
    const fresh = await browser.newContext({ locale: 'en-US' });
    await fresh.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    const site = await fresh.newPage();
    try {
      const siteUrl = `http://127.0.0.1:${(customer.address() as AddressInfo).port}/`;
      await site.goto(siteUrl);
      // The payload opens the conversation: the assistant speaks first, nothing shows as the user's.
      await site.getByText('Você poderia avaliar o meu atendimento?').waitFor();
      expect(await site.locator('#helper-assistant-widget li.user').count()).toBe(0);
      expect(await site.locator('#helper-assistant-widget header img').getAttribute('src')).toBe('/avatar.png');

      // The typing indicator shows as soon as a message leaves, and goes when the answer comes.
      const typingAtSend = await site.evaluate<boolean>(
        "(() => { const root = document.getElementById('helper-assistant-widget').shadowRoot; root.querySelector('input').value = 'sim'; root.querySelector('form').requestSubmit(); return !root.querySelector('.typing').hidden; })()",
      );
      expect(typingAtSend).toBe(true);
      await site.getByText('Obrigado pela sua avaliação!').waitFor();
      expect(await site.evaluate<boolean>("document.getElementById('helper-assistant-widget').shadowRoot.querySelector('.typing').hidden")).toBe(true);

      // A reload is the same conversation: the payload is not sent again.
      await site.reload();
      await site.getByText('Obrigado pela sua avaliação!').waitFor();
      const saved = await site.evaluate<string | undefined>("Object.entries(localStorage).find(([key]) => key.startsWith('helper-assistant-chat:'))?.[1]");
      const sessionId = (JSON.parse(saved ?? '{}') as { sessionId?: string }).sessionId ?? '';
      await site.getByRole('textbox', { name: 'Sua mensagem' }).fill('me mostra uma imagem');
      await site.getByRole('textbox', { name: 'Sua mensagem' }).press('Enter');
      await site.getByRole('img', { name: 'Imagem enviada pelo assistente' }).waitFor({ state: 'attached' });
      const assistant = await test.platform.defaultAssistant();
      const texts = (await test.platform.store.conversations.events(assistant.id, sessionId))
        .map((entry) => entry.event as { event: string; text?: string })
        .filter((event) => event.event === 'user')
        .map((event) => event.text);
      expect(texts).toEqual(['/avaliar_atendimento', 'sim', 'me mostra uma imagem']);
    } finally {
      await fresh.close();
      await new Promise((resolve) => customer.close(resolve));
    }
  });

  it('tells the user when a message was refused by the rate limit, and stops the typing indicator', async () => {
    const limited = await startTestPlatform({ env: { HELPER_RATE_LIMIT_PER_SENDER: '1', HELPER_RATE_LIMIT_WINDOW_SECONDS: '3600' } });
    const fresh = await browser.newContext({ locale: 'pt-BR' });
    await fresh.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    try {
      await limited.app.listen({ host: '127.0.0.1', port: 0 });
      const chat = await fresh.newPage();
      await chat.goto(`http://127.0.0.1:${(limited.app.server.address() as AddressInfo).port}/chat`);
      const box = chat.getByRole('textbox', { name: 'Sua mensagem' });
      await box.fill('oi');
      await box.press('Enter');
      await chat.locator('#helper-assistant-widget li.bot').first().waitFor();
      await box.fill('oi de novo');
      await box.press('Enter');
      await chat.getByText('Muitas mensagens seguidas: a última não foi enviada. Aguarde alguns segundos.').waitFor();
      expect(await chat.evaluate<boolean>("document.getElementById('helper-assistant-widget').shadowRoot.querySelector('.typing').hidden")).toBe(true);
    } finally {
      await fresh.close();
      await limited.close();
    }
  });
  it("makes the http(s) addresses of a bot's text links that open safely in a new tab", async () => {
    const assistant = await test.platform.defaultAssistant();
    const content = await test.platform.store.content.load(assistant.id);
    const skills = content.skills.map((skill) => (skill.name === 'falar_sobre_mim' ? { ...skill, texts: ['Veja https://exemplo.com.br/ajuda. Nada de javascript:alert(1) aqui.'] } : skill));
    await test.platform.store.content.save(assistant.id, { ...content, skills }, 'replace');
    try {
      expect((await test.platform.trainings.runNow(assistant, 'skills', 'test')).status).toBe('succeeded');
      const port = (restarted?.server.address() as AddressInfo).port;
      const fresh = await browser.newContext({ locale: 'pt-BR' });
      const chat = await fresh.newPage();
      await chat.goto(`http://127.0.0.1:${port}/chat`);
      const box = chat.getByRole('textbox', { name: 'Sua mensagem' });
      await box.fill('conte-me algumas coisas sobre você');
      await box.press('Enter');
      const link = chat.locator('#helper-assistant-widget li.bot a');
      await link.waitFor();
      expect(await link.evaluateAll((links) => links.map((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel'), a.textContent]))).toEqual([
        ['https://exemplo.com.br/ajuda', '_blank', 'noopener noreferrer', 'https://exemplo.com.br/ajuda'],
      ]);
      expect(await chat.locator('#helper-assistant-widget li.bot .bubble').last().textContent()).toBe('Veja https://exemplo.com.br/ajuda. Nada de javascript:alert(1) aqui.');
      await fresh.close();
    } finally {
      await test.platform.store.content.save(assistant.id, content, 'replace');
    }
  });
});
