// Issue 14 item 5 in Debian's Chromium: Configurações › the action server (address and a token that
// is written, sealed, never shown again), a skill of kind "Ação customizada" in the skill editor,
// a training in Treinamentos, and the test chat answered by a local rasa-sdk stand-in.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsEnabled } from './helpers/chromium.js';
import { openConsoleOnEmptyAssistant, type ConsoleBrowser } from './helpers/console-browser.js';
import { startFakeActionServer, utterMessage, type FakeActionServer } from './helpers/fake-action-server.js';
import { screenshotBothWidths } from './helpers/screenshots.js';

const ADMIN = { login: 'caio', email: 'caio@acme.example', password: 'senha-do-caio-123' };
const TOKEN = 'token-do-servidor-de-acoes';

describe.skipIf(!browserTestsEnabled)('a custom action set up in the console', () => {
  let session: ConsoleBrowser;
  let server: FakeActionServer;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    server = await startFakeActionServer();
    server.actions.set('action_consultar_pedido', () => ({
      events: [{ event: 'slot', name: 'pedido', value: 'A17' }],
      responses: [utterMessage({ text: 'Seu pedido A17 sai hoje.', buttons: [{ title: 'Rastrear de novo', payload: '/rastrear' }] })],
    }));
    session = await openConsoleOnEmptyAssistant(ADMIN, { env: { HELPER_OUTBOUND_ALLOW: '127.0.0.1' } });
    ({ page, base } = session);
  });

  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  async function openMenu(name: string, path: string) {
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name, exact: true }).click();
    await page.waitForURL(`${base}/console/${path}`);
  }

  it('signs in and sets the action server in Configurações, its token written once and never shown', async () => {
    await session.signIn(ADMIN);
    await openMenu('Configurações', 'configuracoes');
    await page.getByLabel('Endereço do servidor de ações').fill('ftp://errado.example');
    await page.getByRole('button', { name: 'Salvar' }).first().click();
    await expect.poll(() => page.locator('#root').textContent()).toContain('Informe um endereço http(s) válido.');
    await page.getByLabel('Endereço do servidor de ações').fill(server.url);
    await page.getByLabel('Token do servidor de ações').fill(TOKEN);
    await page.getByRole('button', { name: 'Salvar' }).first().click();
    await expect.poll(() => page.locator('#root').textContent()).toContain('Um token está definido e guardado cifrado');
    expect(await page.getByLabel('Token do servidor de ações').inputValue()).toBe('');
    expect(await page.content()).not.toContain(TOKEN);
    await screenshotBothWidths(page, 'action-01-configuracoes');
    const assistant = await session.test.platform.store.assistants.get('acme', 'pt');
    expect(assistant?.settings.actionEndpointUrl).toBe(server.url);
  });

  it('adds a skill of kind "Ação customizada" naming the action, with its failure message', async () => {
    await openMenu('Habilidades', 'habilidades');
    await page.getByRole('button', { name: 'Nova habilidade' }).click();
    const form = page.getByRole('form', { name: 'Nova habilidade' });
    await form.getByLabel('Nome', { exact: true }).fill('consultar_pedido');
    await form.getByLabel('Tipo').selectOption('action');
    await form.getByLabel('Nome da ação').fill('action_listen');
    await form.getByLabel('Mensagem quando a ação falha').fill('Não consegui consultar o pedido agora.');
    await form.getByRole('button', { name: 'Nova habilidade' }).click();
    await expect.poll(() => form.textContent()).toContain('é uma ação do próprio Rasa');
    await form.getByLabel('Nome da ação').fill('action_consultar_pedido');
    await screenshotBothWidths(page, 'action-02-habilidade');
    await form.getByRole('button', { name: 'Nova habilidade' }).click();
    await expect.poll(() => page.getByTestId('skills-row').count()).toBe(1);
    const content = await session.content();
    expect(content.skills).toEqual([{ name: 'consultar_pedido', fallback: false, kind: 'action', action: 'action_consultar_pedido', texts: ['Não consegui consultar o pedido agora.'] }]);
    // The intent, context and dialogue come from the store: the console's forms for them have their own tests.
    const assistant = await session.test.platform.store.assistants.get('acme', 'pt');
    if (!assistant) throw new Error('no assistant');
    await session.test.platform.store.content.save(
      assistant.id,
      {
        ...content,
        contexts: [{ name: 'pedido', type: 'text', values: [] }],
        intents: [{ name: 'rastrear', phrases: ['onde está meu pedido', 'rastrear pedido', 'status do pedido', 'cadê minha encomenda', 'rastrear encomenda'].map((text) => ({ text })) }],
        dialogues: [{ name: 'rastreio', intents: ['rastrear'], skill: 'consultar_pedido' }],
      },
      'replace',
    );
  });

  it('trains, and the test chat is answered by the action server', async () => {
    await openMenu('Treinamentos', 'treinamentos');
    await page.getByRole('button', { name: 'Treinar agora' }).click();
    await expect.poll(() => page.locator('[data-testid="training-row"]').first().getAttribute('data-status'), { timeout: 60_000, interval: 500 }).toBe('succeeded');
    await openMenu('Chat de teste', 'chat-de-teste');
    const input = page.getByLabel('Sua mensagem');
    await input.fill('onde está meu pedido');
    await input.press('Enter');
    const bot = page.getByTestId('bot-message');
    await expect.poll(() => bot.count()).toBe(1);
    expect(await bot.nth(0).textContent()).toBe('Seu pedido A17 sai hoje.Rastrear de novo');
    expect(server.calls.at(-1)?.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    await screenshotBothWidths(page, 'action-03-chat');
  });
});
