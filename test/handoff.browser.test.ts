// Issue 20's Done-when, in Debian's Chromium with two browser contexts: a web chat user (the demo
// page's widget) asks for a human; the agent, signed in to the console's Atendimento, sees the
// conversation arrive without reloading, takes it and replies; the user sees the reply in the
// widget; the agent resolves; the assistant answers the next message. Then the same through the
// inbox for a Messenger user, against a local stand-in for the Graph API; and a handoff requested
// while the inbox's event stream is not yet listening still reaches the list.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/admin-api/auth/password-hashing.js';
import { signMetaBody } from '../src/channels/core/meta-signature.js';
import { setFacebookSecrets } from '../src/channels/facebook/facebook-settings.js';
import { browserTestsEnabled, launchChromium } from './helpers/chromium.js';
import { holdRequests, nextFrame, signInOnPage } from './helpers/console-browser.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const APP_SECRET = 'app-secret-for-the-handoff-test';
const PAGE_TOKEN = 'EAAGpagetoken-handoff-test';
const PAGE_ID = '1000001';
const AGENT = { login: 'beto', password: 'beto-password-1' };

describe.runIf(browserTestsEnabled)('human handoff in Chromium: web chat and Messenger through the agents’ inbox', () => {
  let test: TestPlatform;
  let graph: Server;
  /** Send API bodies the fake Graph API accepted. */
  const sends: Array<{ recipient: { id: string }; message?: { text?: string } }> = [];
  let browser: Browser;
  let userContext: BrowserContext;
  let agentContext: BrowserContext;
  let user: Page;
  let agent: Page;
  let url: string;
  const pageProblems: string[] = [];

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, ['widget/build.mjs']);
    graph = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const parsed = JSON.parse(body || '{}') as (typeof sends)[number];
        sends.push(parsed);
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ recipient_id: parsed.recipient?.id, message_id: `m_out_${sends.length}` }));
      });
    });
    await new Promise<void>((resolve) => graph.listen(0, '127.0.0.1', resolve));
    test = await startTestPlatform({ env: { HELPER_GRAPH_API_URL: `http://127.0.0.1:${(graph.address() as AddressInfo).port}/`, HELPER_FACEBOOK_RETRY_DELAY_MS: '5' } });
    const assistant = await test.platform.defaultAssistant();
    await setFacebookSecrets(test.platform, assistant, { appSecret: APP_SECRET, pageAccessToken: PAGE_TOKEN });
    await test.platform.store.users.create({ serverName: 'demo', login: AGENT.login, email: 'beto@demo.example', firstName: 'Beto', lastName: 'Lima', passwordHash: await hashPassword(AGENT.password), role: 'agent' });
    await test.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    userContext = await browser.newContext({ locale: 'pt-BR' });
    agentContext = await browser.newContext({ locale: 'pt-BR', viewport: { width: 1280, height: 800 } });
    for (const context of [userContext, agentContext]) {
      await context.route('**/*', (route) => {
        const host = new URL(route.request().url()).hostname;
        return host === '127.0.0.1' || host.endsWith('.localhost') ? route.continue() : route.abort();
      });
    }
    user = await userContext.newPage();
    agent = await agentContext.newPage();
    agent.on('pageerror', (error) => pageProblems.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await test?.close();
    await new Promise((resolve) => graph?.close(resolve));
  });

  const widgetBots = () => user.locator('#helper-assistant-widget li.bot');
  const widgetInput = () => user.getByRole('textbox', { name: 'Sua mensagem' });
  async function userSays(text: string): Promise<void> {
    const before = await widgetBots().count();
    await widgetInput().fill(text);
    await widgetInput().press('Enter');
    await widgetBots().nth(before).waitFor();
  }
  const rows = () => agent.getByTestId('inbox-row');

  async function messengerSays(psid: string, text: string): Promise<void> {
    const raw = JSON.stringify({ object: 'page', entry: [{ id: PAGE_ID, time: Date.now(), messaging: [{ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: Date.now(), message: { mid: `m_${psid}_${Date.now()}_${Math.random()}`, text } }] }] });
    const response = await fetch(`${url}/webhooks/facebook/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(APP_SECRET, raw) }, body: raw });
    expect(response.status).toBe(200);
  }
  const textsTo = (psid: string) => sends.filter((send) => send.recipient?.id === psid && send.message?.text !== undefined).map((send) => send.message?.text ?? '');

  it('a web chat user asks for a human; the agent sees it live, takes it, replies, resolves; the assistant answers again', async () => {
    // The agent signs in and opens Atendimento before anyone asks.
    await signInOnPage(agent, url, AGENT);
    // The inbox learns of new handoffs through its event stream (the server subscribes before it
    // answers the request); its list is read apart from it. The user asks only once both are there,
    // else the request could come before the subscription and never be announced.
    const streaming = agent.waitForResponse((response) => new URL(response.url()).pathname.endsWith('/handoffs/live') && response.status() === 200);
    await agent.goto(`${url}/console/atendimento`);
    await agent.getByRole('heading', { name: 'Atendimento', level: 1 }).waitFor();
    await agent.getByText('Nenhuma conversa aqui.').waitFor();
    await streaming;

    await user.goto(`${url}/chat`);
    // A message the assistant does not understand first: the inbox reads it as Analytics does.
    await userSays('xyzzy plugh qwerty');
    await userSays('quero falar com um atendente');
    await expect.poll(async () => (await widgetBots().allTextContents()).join(' | ')).toContain('O tempo de espera previsto é de 5 minutos.');

    // It arrives in the inbox without a reload, with the user's message unread.
    await rows().first().waitFor({ timeout: 15_000 });
    expect(await agent.getByTestId('inbox-tab-waiting').textContent()).toContain('1');
    await rows().first().click();
    const conversation = agent.getByTestId('inbox-conversation');
    await conversation.getByText('quero falar com um atendente').waitFor();
    // The intent the assistant understood is beside the message.
    await conversation.getByText(/falar_com_atendente/).first().waitFor();
    // Not understood: the nearest intent and its own confidence, never the internal name with the
    // threshold (20 %) as if it were the confidence.
    const notUnderstood = conversation.locator('.chat-row-user').filter({ hasText: 'xyzzy plugh qwerty' }).locator('.understood');
    expect(await notUnderstood.textContent()).toMatch(/^não entendida \(fallback\) · mais próxima: [a-z_]+ · \d+(,\d)?\u00a0%$/);
    expect(await conversation.textContent()).not.toContain('nlu_fallback');
    // Handed off, nobody has it yet: transferred, not taken.
    await conversation.getByText('Transferida para atendimento humano').waitFor();

    await agent.getByTestId('inbox-take').click();
    await expect.poll(() => agent.getByTestId('inbox-status').textContent()).toContain('em atendimento · beto');
    await agent.getByTestId('inbox-reply').fill('Olá! Sou o Beto, do suporte. Como posso ajudar?');
    await agent.getByTestId('inbox-send').click();

    // The user sees the reply in the widget, pushed over socket.io.
    await expect.poll(async () => (await widgetBots().allTextContents()).join(' | '), { timeout: 15_000 }).toContain('Olá! Sou o Beto, do suporte. Como posso ajudar?');
    // The user writes; the agent sees it live in the open conversation.
    await widgetInput().fill('minha impressora não liga');
    await widgetInput().press('Enter');
    await conversation.getByText('minha impressora não liga').waitFor({ timeout: 15_000 });
    // Paused, the assistant answers nothing: the typing dots go when the server acknowledges the
    // message, not 20 seconds later.
    await expect.poll(() => user.locator('#helper-assistant-widget .typing').isHidden(), { timeout: 5_000 }).toBe(true);

    await agent.getByTestId('inbox-resolve').click();
    await agent.getByText('Escolha uma conversa na lista.').waitFor();
    await userSays('oi');
    expect((await widgetBots().allTextContents()).at(-1)).toMatch(/Olá|Oi/);
    expect(pageProblems).toEqual([]);
  });

  it('the same for a Messenger user: the reply goes out through the Send API', async () => {
    await agent.getByTestId('inbox-tab-waiting').click();
    await messengerSays('psid-42', 'quero falar com um atendente');
    await expect.poll(() => textsTo('psid-42').join(' | '), { timeout: 15_000 }).toContain('O tempo de espera previsto é de 5 minutos.');

    const row = rows().filter({ hasText: 'psid-42' });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('facebook');
    await row.click();
    await agent.getByTestId('inbox-take').click();
    await expect.poll(() => agent.getByTestId('inbox-status').textContent()).toContain('beto');
    await agent.getByTestId('inbox-reply').fill('Oi! Aqui é o Beto, pelo Messenger.');
    await agent.getByTestId('inbox-send').click();
    await expect.poll(() => textsTo('psid-42'), { timeout: 15_000 }).toContain('Oi! Aqui é o Beto, pelo Messenger.');

    await agent.getByTestId('inbox-resolve').click();
    await agent.getByText('Escolha uma conversa na lista.').waitFor();
    const before = textsTo('psid-42').length;
    await messengerSays('psid-42', 'oi');
    await expect.poll(() => textsTo('psid-42').length, { timeout: 15_000 }).toBeGreaterThan(before);
    expect(textsTo('psid-42').at(-1)).toMatch(/Olá|Oi/);
    expect(pageProblems).toEqual([]);
  });

  it("tells the agent when the user's channel did not take the reply (a Messenger user who last wrote 8 days ago): nothing is sent", async () => {
    const assistant = await test.platform.defaultAssistant();
    await test.platform.store.channels.touchContact(assistant.id, 'facebook', 'psid-8-dias', Date.now() / 1000 - 8 * 24 * 60 * 60);
    await test.platform.store.handoffs.open({ assistantId: assistant.id, senderId: 'psid-8-dias', channel: 'facebook', reason: 'skill', now: Date.now() / 1000 });
    await agent.goto(`${url}/console/atendimento`);
    const row = rows().filter({ hasText: 'psid-8-dias' });
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    await agent.getByTestId('inbox-reply').fill('Ainda precisa de ajuda?');
    await agent.getByTestId('inbox-send').click();
    // The reason, in the agent's language: outside the channel's window.
    await agent.getByText('o usuário não a recebeu: o WhatsApp só aceita', { exact: false }).waitFor({ timeout: 15_000 });
    await agent.getByText('(o Messenger, até 7 dias)', { exact: false }).waitFor();
    expect(textsTo('psid-8-dias')).toEqual([]);
    await agent.getByTestId('inbox-resolve').click();
    await agent.getByText('Escolha uma conversa na lista.').waitFor();
    expect(pageProblems).toEqual([]);
  });

  it('a handoff requested after the list was read but before the event stream listened still shows: the page reads the list again when the stream is ready', async () => {
    // The inbox's event stream is held (before it reaches the server) while the list is read.
    const liveStream = /\/handoffs\/live$/;
    const stream = await holdRequests(agent, (address) => liveStream.test(address.pathname));
    const listRead = agent.waitForResponse((response) => new URL(response.url()).pathname.endsWith('/handoffs') && response.status() === 200);
    await agent.goto(`${url}/console/atendimento`);
    await agent.getByText('Nenhuma conversa aqui.').waitFor();
    await Promise.all([listRead, stream.held]);

    // Meanwhile a Messenger user asks for a human: no stream listens, so no notice reaches the page.
    await messengerSays('psid-77', 'quero falar com um atendente');
    await expect.poll(() => textsTo('psid-77').join(' | '), { timeout: 15_000 }).toContain('O tempo de espera previsto é de 5 minutos.');
    const streaming = agent.waitForResponse((response) => liveStream.test(new URL(response.url()).pathname) && response.status() === 200);
    stream.release();
    await streaming;
    // Nothing else happens: only the stream's ready can bring the row in, once.
    const row = rows().filter({ hasText: 'psid-77' });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.count()).toBe(1);
    expect(await rows().count()).toBe(1);
    await stream.stop();
    expect(pageProblems).toEqual([]);
  });

  it('shows the conversation the agent chose last, whatever order the reads answer in', async () => {
    await messengerSays('psid-88', 'quero falar com um atendente');
    await expect.poll(() => textsTo('psid-88').join(' | '), { timeout: 15_000 }).toContain('O tempo de espera previsto é de 5 minutos.');
    await rows().filter({ hasText: 'psid-88' }).waitFor({ timeout: 10_000 });
    // psid-77's conversation is read slowly: held until psid-88's is on screen.
    const slowPath = /\/handoffs\/psid-77$/;
    const slow = await holdRequests(agent, (address) => slowPath.test(address.pathname));
    const slowRead = agent.waitForResponse((response) => slowPath.test(new URL(response.url()).pathname));
    await rows().filter({ hasText: 'psid-77' }).click();
    await rows().filter({ hasText: 'psid-88' }).click();
    const shown = agent.getByTestId('inbox-conversation');
    await expect.poll(() => shown.getAttribute('aria-label')).toBe('psid-88');
    slow.release();
    await slowRead;
    await nextFrame(agent);
    // Not the late answer: replying here must go to the conversation chosen.
    expect(await shown.getAttribute('aria-label')).toBe('psid-88');
    await slow.stop();
    expect(pageProblems).toEqual([]);
  });

  it('shows the agent the handoff settings read-only below the inbox (administrators change them)', async () => {
    await agent.goto(`${url}/console/atendimento`);
    const form = agent.getByTestId('handoff-settings');
    await form.getByRole('heading', { name: 'Atendimento humano' }).waitFor();
    expect(await form.getByLabel('Transferir após quantas respostas de fallback seguidas').isDisabled()).toBe(true);
    expect(await form.getByRole('button', { name: 'Salvar' }).count()).toBe(0);
    expect(pageProblems).toEqual([]);
  });
});
