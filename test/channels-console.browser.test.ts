// The Integrações › WhatsApp and Telegram panels in Debian's Chromium against a real platform on
// 127.0.0.1, with a fake Graph API and a fake Telegram Bot API: an administrator sets the secrets
// (write-only: the page never holds them again), sees the needs-a-new-token warning when the
// platform refuses a token and sees it go with a good one, checks the connections, configures
// Telegram's webhook and the answer to messages that are not text; a viewer sees only "set / not
// set", no token, and no change buttons. Each panel is photographed at desktop and phone widths.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramStatus } from '../src/channels/telegram/telegram-settings.js';
import { whatsAppStatus } from '../src/channels/whatsapp/whatsapp-settings.js';
import { browserTestsEnabled } from './helpers/chromium.js';
import { openConsole, type ConsoleBrowser } from './helpers/console-browser.js';
import { startFakeGraphApi, type FakeGraphApi } from './helpers/fake-graph-api.js';
import { startFakeTelegramApi, type FakeTelegramApi } from './helpers/fake-telegram-api.js';
import { DESKTOP, screenshotBothWidths } from './helpers/screenshots.js';
import type { TestPlatform } from './helpers/test-platform.js';

const ADMIN = { login: 'ana', email: 'ana@demo.example', password: 'senha-da-ana-123' };
const VIEWER = { login: 'vera', email: 'vera@demo.example', password: 'senha-da-vera-123', firstName: 'Vera' };
const ACCESS_TOKEN = 'EAAW-good-system-user-token';
const APP_SECRET = 'whatsapp-app-secret-for-tests';
const BOT_TOKEN = '7000001:AAE-good-bot-token-for-tests';

describe.skipIf(!browserTestsEnabled)('the WhatsApp and Telegram panels in Chromium', () => {
  let session: ConsoleBrowser;
  let test: TestPlatform;
  let graph: FakeGraphApi;
  let telegram: FakeTelegramApi;
  let page: Page;
  let base: string;
  let pageProblems: string[];
  const signIn = (user: { login: string; password: string }) => session.signIn(user);

  beforeAll(async () => {
    graph = await startFakeGraphApi({}, { phones: { [ACCESS_TOKEN]: { id: '106540352242922', display_phone_number: '+55 11 4000-0000', verified_name: 'Helper Demonstração' } } });
    telegram = await startFakeTelegramApi({ [BOT_TOKEN]: { id: 7000001, username: 'helper_demo_bot', first_name: 'Helper' } });
    session = await openConsole(ADMIN, { demo: true, viewer: VIEWER, env: { HELPER_GRAPH_API_URL: graph.url, HELPER_TELEGRAM_API_URL: telegram.url } });
    ({ test, page, base, pageProblems } = session);
    await signIn(ADMIN);
  });

  afterAll(async () => {
    await session?.close();
    await graph?.close();
    await telegram?.close();
  });

  it('sets WhatsApp up: the verify token appears once saved, a refused token warns, a good one connects', async () => {
    await page.getByRole('link', { name: /WhatsApp/ }).click();
    await page.waitForURL(`${base}/console/integracoes/whatsapp`);
    const panel = page.getByTestId('panel-whatsapp');
    await panel.waitFor();
    expect(await page.getByTestId('whatsapp-callback-url').locator('input').inputValue()).toBe('https://demoPT.helperassistant.example/webhooks/whatsapp/webhook');
    expect(await page.getByTestId('whatsapp-verify-token').textContent()).toContain('Será gerado quando as credenciais forem salvas');
    expect(await page.getByRole('button', { name: 'Verificar conexão' }).isDisabled()).toBe(true);

    // A malformed phone number id is refused beside its field, nothing saved.
    await page.getByLabel('Phone number ID').fill('+55 11 4000-0000');
    await page.getByTestId('secret-whatsapp-appSecret').locator('input').fill(APP_SECRET);
    await page.getByRole('button', { name: 'Salvar', exact: true }).click();
    await expect.poll(() => page.getByTestId('whatsapp-phone-number-id').locator('.field-error').textContent()).toContain('Phone number ID');
    expect(await page.getByLabel('Phone number ID').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Phone number ID').fill('106540352242922');
    await page.getByTestId('secret-whatsapp-accessToken').locator('input').fill('EAAW-revoked-token');
    await page.getByRole('button', { name: 'Salvar', exact: true }).click();
    await expect.poll(() => page.getByTestId('secret-whatsapp-appSecret').textContent()).toContain('Definido');
    await expect.poll(() => page.getByTestId('secret-whatsapp-accessToken').textContent()).not.toContain('Não definido');
    expect(await page.getByTestId('secret-whatsapp-appSecret').locator('input').inputValue()).toBe('');
    const assistant = (await test.platform.store.assistants.get('demo', 'pt'))!;
    const { verifyToken } = await whatsAppStatus(test.platform, assistant);
    expect(verifyToken).not.toBeNull();
    await expect.poll(() => page.getByTestId('whatsapp-verify-token').locator('input').inputValue()).toBe(verifyToken);

    await page.getByRole('button', { name: 'Verificar conexão' }).click();
    await expect.poll(() => page.getByTestId('whatsapp-check').textContent()).toContain('A Meta não aceitou a conexão');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'O Access Token precisa ser renovado' }).count()).toBe(1);

    await page.getByTestId('secret-whatsapp-accessToken').locator('input').fill(ACCESS_TOKEN);
    await page.getByRole('button', { name: 'Salvar', exact: true }).click();
    await expect.poll(() => page.getByText('O Access Token precisa ser renovado').count()).toBe(0);
    await page.getByRole('button', { name: 'Verificar conexão' }).click();
    await expect.poll(() => page.getByTestId('whatsapp-check').textContent()).toContain('Conectado ao número +55 11 4000-0000 (Helper Demonstração).');
    expect(await page.content()).not.toContain(ACCESS_TOKEN);
    expect(await page.content()).not.toContain(APP_SECRET);
    expect(await whatsAppStatus(test.platform, assistant)).toMatchObject({ phoneNumberId: '106540352242922', appSecret: 'set', accessToken: 'set', needsNewToken: false });

    // The answer to messages that are not text.
    const reply = page.getByTestId('unsupported-reply');
    await reply.getByLabel('Resposta').fill('Por aqui eu só leio texto. Digite sua dúvida, por favor.');
    await reply.getByRole('button', { name: 'Salvar resposta' }).click();
    await expect.poll(async () => (await whatsAppStatus(test.platform, assistant)).unsupportedReply).toBe('Por aqui eu só leio texto. Digite sua dúvida, por favor.');
    await reply.getByRole('button', { name: 'Voltar à resposta padrão' }).click();
    await expect.poll(() => reply.getByLabel('Resposta').inputValue()).toBe('Desculpe, por enquanto eu só consigo ler mensagens de texto.');
    await screenshotBothWidths(page, 'channels-01-whatsapp');
  });

  it('sets Telegram up: a refused token warns, a good one configures the webhook and connects', async () => {
    await page.getByRole('link', { name: /Telegram/ }).click();
    await page.waitForURL(`${base}/console/integracoes/telegram`);
    await page.getByTestId('panel-telegram').waitFor();
    expect(await page.getByTestId('telegram-callback-url').locator('input').inputValue()).toBe('https://demoPT.helperassistant.example/webhooks/telegram/webhook');
    expect(await page.getByTestId('telegram-webhook').textContent()).toContain('Não definido');

    const token = page.getByTestId('secret-botToken').locator('input');
    await token.fill('7000001:AAE-revoked-token');
    await page.getByRole('button', { name: 'Salvar token' }).click();
    await expect.poll(() => page.getByTestId('secret-botToken').textContent()).not.toContain('Não definido');
    await page.getByRole('button', { name: 'Configurar webhook' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'O Telegram não aceitou o webhook' }).textContent()).toContain('Telegram recusou o token (HTTP 401: “Unauthorized”); defina um novo.');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'O Bot Token precisa ser renovado' }).count()).toBe(1);

    await token.fill(BOT_TOKEN);
    await page.getByRole('button', { name: 'Salvar token' }).click();
    await expect.poll(() => page.getByText('O Bot Token precisa ser renovado').count()).toBe(0);
    expect(await token.inputValue()).toBe('');
    await page.getByRole('button', { name: 'Configurar webhook' }).click();
    await expect.poll(() => page.getByTestId('telegram-webhook').textContent()).toContain('Configurado para https://demoPT.helperassistant.example/webhooks/telegram/webhook');
    expect(telegram.webhooks.get(BOT_TOKEN)?.url).toBe('https://demoPT.helperassistant.example/webhooks/telegram/webhook');

    await page.getByRole('button', { name: 'Verificar conexão' }).click();
    await expect.poll(() => page.getByTestId('telegram-check').textContent()).toContain('Conectado ao bot @helper_demo_bot.');
    expect(await page.getByTestId('telegram-check').textContent()).toContain('O Telegram envia para https://demoPT.helperassistant.example/webhooks/telegram/webhook');
    expect(await page.content()).not.toContain(BOT_TOKEN);
    expect(await page.content()).not.toContain(telegram.webhooks.get(BOT_TOKEN)?.secret_token);

    const reply = page.getByTestId('unsupported-reply');
    await reply.getByLabel('Resposta').fill('');
    await reply.getByRole('button', { name: 'Salvar resposta' }).click();
    // The page's own "Salvo." (the section is no longer unsaved, its request over) before the next
    // test signs out, not only the store's value.
    await reply.getByRole('status').filter({ hasText: 'Salvo.' }).waitFor();
    const assistant = (await test.platform.store.assistants.get('demo', 'pt'))!;
    await expect.poll(async () => (await telegramStatus(test.platform, assistant)).unsupportedReply).toBe('');
    expect(await telegramStatus(test.platform, assistant)).toMatchObject({ botToken: 'set', webhook: { state: 'set' }, needsNewToken: false, unsupportedReplyIsDefault: false });
    await screenshotBothWidths(page, 'channels-02-telegram');
  });

  it("sets the payload of Messenger's Get Started button, and back to the default", async () => {
    await page.goto(`${base}/console/integracoes/facebook-messenger`);
    await page.getByTestId('panel-facebook').waitFor();
    const section = page.getByTestId('get-started');
    const field = section.getByLabel('Payload do botão Começar');
    expect(await field.inputValue()).toBe('GET_STARTED');
    expect(await section.textContent()).toContain('Padrão: GET_STARTED');
    const assistant = (await test.platform.store.assistants.get('demo', 'pt'))!;
    const stored = async () => (await test.platform.store.channels.settings(assistant.id, 'facebook'))?.settings['getStartedPayload'];
    await field.fill('COMECAR');
    await section.getByRole('button', { name: 'Salvar payload' }).click();
    await expect.poll(stored).toBe('COMECAR');
    await expect.poll(() => section.textContent()).toContain('Deixe vazio para voltar a GET_STARTED');
    await field.fill('');
    await section.getByRole('button', { name: 'Salvar payload' }).click();
    await expect.poll(stored).toBeUndefined();
    await expect.poll(() => field.inputValue()).toBe('GET_STARTED');
    await section.getByRole('status').filter({ hasText: 'Salvo.' }).waitFor();
    // The answer to a photo or a sticker without text, as on WhatsApp and Telegram.
    const reply = page.getByTestId('unsupported-reply');
    await reply.getByLabel('Resposta').fill('Só leio texto por aqui.');
    await reply.getByRole('button', { name: 'Salvar resposta' }).click();
    await expect.poll(async () => (await test.platform.store.channels.settings(assistant.id, 'facebook'))?.settings['unsupportedReply']).toBe('Só leio texto por aqui.');
  });

  it('shows a viewer only "set / not set", no verify token and no change buttons; the checks still work', async () => {
    await page.getByRole('button', { name: 'Sair' }).click();
    await page.waitForURL(`${base}/console/entrar`);
    await signIn(VIEWER);
    await page.goto(`${base}/console/integracoes/whatsapp`);
    await page.getByTestId('panel-whatsapp').waitFor();
    await expect.poll(() => page.getByTestId('whatsapp-verify-token').textContent()).toContain('Apenas administradores podem vê-lo');
    expect(await page.getByTestId('whatsapp-verify-token').locator('input').count()).toBe(0);
    expect(await page.getByTestId('secret-whatsapp-appSecret').locator('input').isDisabled()).toBe(true);
    expect(await page.getByLabel('Phone number ID').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Salvar', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Gerar novo' }).count()).toBe(0);
    const { verifyToken } = await whatsAppStatus(test.platform, (await test.platform.store.assistants.get('demo', 'pt'))!);
    expect(await page.content()).not.toContain(verifyToken);
    await page.getByRole('button', { name: 'Verificar conexão' }).click();
    await expect.poll(() => page.getByTestId('whatsapp-check').textContent()).toContain('Conectado ao número');
    await screenshotBothWidths(page, 'channels-03-whatsapp-visualizador');

    await page.goto(`${base}/console/integracoes/telegram`);
    await page.getByTestId('panel-telegram').waitFor();
    expect(await page.getByTestId('secret-botToken').locator('input').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /Configurar webhook/ }).count()).toBe(0);
    expect(await page.getByTestId('unsupported-reply').getByLabel('Resposta').isDisabled()).toBe(true);
  });

  it('fits a 360 px wide phone without sideways scrolling', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      for (const path of ['integracoes/whatsapp', 'integracoes/telegram']) {
        await page.goto(`${base}/console/${path}`);
        await page.locator('main h1').waitFor();
        await page.waitForLoadState('networkidle');
        expect({ path, width: await page.evaluate('document.documentElement.scrollWidth') }).toEqual({ path, width: 360 });
      }
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  it('ran without script errors or security-policy refusals', () => {
    expect(pageProblems).toEqual([]);
  });
});
