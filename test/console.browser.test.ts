// The console in Debian's Chromium against a real platform on 127.0.0.1 (the demo assistant, the
// first administrator from the environment, a local Graph API): the seed's procedure end to end —
// sign in, Integrações › 4biz (read and copy the parameters), Facebook Messenger (set the secret and
// token, see them set, check the connection), API Rest (try a message), the test chat, users — and
// what a viewer and a wrong password get. Each page is photographed at desktop and phone widths
// (test/helpers/screenshots.ts). The steps share one browser and run in order.
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdministrator } from '../src/admin-api/users/first-administrator.js';
import { facebookStatus } from '../src/channels/facebook/facebook-settings.js';
import { browserTestsEnabled, launchChromium } from './helpers/chromium.js';
import { startFakeGraphApi, type FakeGraphApi } from './helpers/fake-graph-api.js';
import { DESKTOP, screenshotBothWidths } from './helpers/screenshots.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN = { login: 'ana', email: 'ana@demo.example', password: 'senha-da-ana-123' };
const VIEWER = { login: 'vera', email: 'vera@demo.example', password: 'senha-da-vera-123' };
const PAGE_TOKEN = 'EAAG-page-token-for-tests';

describe.skipIf(!browserTestsEnabled)('the console in Chromium', () => {
  let test: TestPlatform;
  let graph: FakeGraphApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  /** Script errors and refusals of the page's security policy, which no step should cause. */
  const pageProblems: string[] = [];

  beforeAll(async () => {
    graph = await startFakeGraphApi({ [PAGE_TOKEN]: { id: '104233', name: 'Helper Demonstração' } });
    test = await startTestPlatform({
      env: {
        HELPER_PUBLIC_URL: 'http://helperassistant.example',
        HELPER_ADMIN_LOGIN: ADMIN.login,
        HELPER_ADMIN_EMAIL: ADMIN.email,
        HELPER_ADMIN_PASSWORD: ADMIN.password,
        HELPER_GRAPH_API_URL: graph.url,
        HELPER_SIGN_IN_MAX_FAILURES: '3',
        HELPER_SIGN_IN_MAX_FAILURES_PER_ADDRESS: '50',
      },
    });
    await ensureFirstAdministrator(test.platform, () => undefined);
    await test.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    page = await context.newPage();
    page.on('pageerror', (error) => pageProblems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Uncaught/.test(message.text())) pageProblems.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
    await graph?.close();
  });

  it('sends a browser from / to the sign-in page, in Portuguese', async () => {
    await page.goto(`${base}/`);
    await page.waitForURL(`${base}/console/entrar`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Entrar no console');
    expect(await page.getAttribute('html', 'lang')).toBe('pt-BR');
    await screenshotBothWidths(page, '01-sign-in');
  });

  it('refuses a wrong password, then throttles repeated failures', async () => {
    await page.getByLabel('Login').fill(ADMIN.login);
    await page.getByLabel('Senha').fill('not-the-password');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Login ou senha incorretos.');
    expect(page.url()).toBe(`${base}/console/entrar`);

    // Someone guessing another login: refused each time, then made to wait.
    for (let attempt = 1; attempt <= 3; attempt++) {
      await page.getByLabel('Login').fill('ninguem');
      await page.getByLabel('Senha').fill(`tentativa-${attempt}`);
      await page.getByRole('button', { name: 'Entrar' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Login ou senha incorretos.');
      await expect.poll(() => page.getByLabel('Senha').inputValue()).toBe('');
    }
    await page.getByLabel('Login').fill('ninguem');
    await page.getByLabel('Senha').fill('tentativa-4');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^Muitas tentativas\. Tente de novo em \d+ (segundos?|minutos?)\.$/);
    await screenshotBothWidths(page, '02-sign-in-throttled');
  });

  it('signs in with the keyboard only and opens Integrações', async () => {
    await page.reload();
    await page.getByLabel('Login').focus();
    await page.keyboard.type(ADMIN.login);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/console/integracoes`);
    const options = page.getByRole('navigation', { name: 'Opções de integração' }).getByRole('link');
    // Polled: the address changes before Integrações' part (loaded on demand) has drawn its options.
    await expect.poll(() => options.allTextContents()).toEqual([
      expect.stringContaining('Facebook Messenger'),
      expect.stringContaining('WhatsApp'),
      expect.stringContaining('Telegram'),
      expect.stringContaining('4biz'),
      expect.stringContaining('API Rest'),
    ]);
    await screenshotBothWidths(page, '03-integracoes');

    // The first Tab reaches the skip link, which takes the keyboard past the header and menu.
    await page.reload();
    await page.locator('main h1').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Pular para o conteúdo');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
  });

  it('reads the three 4biz parameters of the assistant and copies one', async () => {
    await page.getByRole('link', { name: /4biz/ }).click();
    await page.waitForURL(`${base}/console/integracoes/4biz`);
    const value = (id: number) => page.getByTestId(`parameter-${id}`).locator('input').inputValue();
    await expect.poll(() => value(402)).toBe('http://demo.helperassistant.example');
    expect(await value(441)).toBe('http://demoPT.helperassistant.example/webhooks/rest/webhook');
    expect(await value(442)).toBe('http://demoPT.helperassistant.example/conversations/');
    expect(await page.getByTestId('parameter-441').textContent()).toContain('Helper Assistant - Conversation API');
    expect(await page.getByTestId('parameter-441').locator('input').getAttribute('readonly')).not.toBeNull();
    // The switches of 4biz itself that turn the assistant on, for analysts and for end users.
    expect(await page.getByTestId('parameters-to-enable').locator('.parameter-id').allTextContents()).toEqual(['423', '450']);
    expect(await page.getByTestId('parameters-to-enable').textContent()).toMatch(/analistas.*usuários finais/);

    const copy = page.getByRole('button', { name: 'Copiar valor do parâmetro 441' });
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe('Copiado!');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe('http://demoPT.helperassistant.example/webhooks/rest/webhook');

    // The Parameters API's token: none until the administrator creates it (reading made none).
    const assistant = await test.platform.store.assistants.get('demo', 'pt');
    const field = page.getByTestId('api-token');
    expect(await field.textContent()).toContain('Não definido');
    expect(await field.locator('input').count()).toBe(0);
    expect(await test.platform.apiAccess.token(assistant!)).toBeUndefined();
    await field.getByRole('button', { name: 'Gerar token' }).click();
    await expect.poll(() => field.locator('input').count()).toBe(1);
    const token = await test.platform.apiAccess.token(assistant!);
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(await field.textContent()).toContain('Definido');
    // This assistant's token, masked until shown, and copied whole.
    expect(await field.locator('input').inputValue()).toBe(token);
    expect(await field.locator('input').getAttribute('type')).toBe('password');
    await field.getByRole('button', { name: 'Mostrar Token da API' }).click();
    expect(await field.locator('input').getAttribute('type')).toBe('text');
    await field.getByRole('button', { name: 'Ocultar Token da API' }).click();
    expect(await field.locator('input').getAttribute('type')).toBe('password');
    await field.getByRole('button', { name: 'Copiar Token da API' }).click();
    // The copy is asynchronous (the clipboard held parameter 441 until it ends): polled.
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe(token);
    await screenshotBothWidths(page, '04-integracoes-4biz');
  });

  it("rotates the Parameters API's token and sets the addresses allowed without it", async () => {
    const assistant = await test.platform.store.assistants.get('demo', 'pt');
    const before = await test.platform.apiAccess.token(assistant!);
    await page.getByTestId('api-token').getByRole('button', { name: 'Gerar novo' }).click();
    await page.getByRole('button', { name: 'Confirmar' }).click();
    await expect.poll(() => page.getByTestId('api-token').locator('input').inputValue()).not.toBe(before);
    expect(await page.getByTestId('api-token').locator('input').inputValue()).toBe(await test.platform.apiAccess.token(assistant!));

    const addresses = page.getByLabel('Endereços permitidos sem token');
    await addresses.fill('10.0.0.0/8\nnot-an-address');
    await page.getByRole('button', { name: 'Salvar endereços' }).click();
    await expect.poll(() => page.locator('.field-error').textContent()).toContain('not-an-address');
    expect(await addresses.getAttribute('aria-invalid')).toBe('true');
    await addresses.fill('10.0.0.0/8\n192.168.10.7');
    await page.getByRole('button', { name: 'Salvar endereços' }).click();
    await expect.poll(async () => (await test.platform.store.assistants.get('demo', 'pt'))?.apiAllowedCidrs).toEqual(['10.0.0.0/8', '192.168.10.7']);
    // The page has its answer too (the form is no longer unsaved): the next test switches assistant,
    // which asks about unsaved changes first, and the browser here dismisses such a question.
    await page.getByRole('status').filter({ hasText: 'Salvo' }).waitFor();
  });

  it("switches to the server's English assistant and to the console in English, and back", async () => {
    const value441 = () => page.getByTestId('parameter-441').locator('input').inputValue();
    await page.getByLabel('Assistente').selectOption('demo/en');
    await expect.poll(value441).toBe('http://demoEN.helperassistant.example/webhooks/rest/webhook');
    await page.getByLabel('Idioma').selectOption('en');
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Integrations');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link').allTextContents()).toEqual(['Integrations', 'Themes', 'Intents', 'Contexts', 'Third-party APIs', 'Skills', 'Dialogues', 'History', 'Trainings', 'Settings', 'Test chat', 'Analytics', 'Inbox', 'Users']);
    await page.getByLabel('Language').selectOption('es');
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Integraciones');
    await page.getByLabel('Idioma').selectOption('pt-BR');
    await page.getByLabel('Assistente').selectOption('demo/pt');
    await expect.poll(value441).toBe('http://demoPT.helperassistant.example/webhooks/rest/webhook');
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Integrações');
  });

  it('loads English, Spanish and each page (Analytics, Intents…) only when asked for, and opens in the stored language at once', async () => {
    const fresh = await context.newPage();
    fresh.on('pageerror', (error) => pageProblems.push(error.message));
    const scripts: string[] = [];
    fresh.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    const onDemand = () => scripts.flatMap((path) => /\/assets\/(en|es|(?:integrations|analytics|intents|trainings)-page)-[\w-]+\.js$/.exec(path)?.[1] ?? []);
    await fresh.goto(`${base}/console/integracoes`);
    await expect.poll(() => fresh.locator('main h1').textContent()).toBe('Integrações');
    // Only the opened page's part, fetched while the session was asked for.
    expect(onDemand()).toEqual(['integrations-page']);
    const menu = fresh.getByRole('navigation', { name: 'Menu principal' });
    // Analytics (Chart.js) arrives when opened, and its title still takes the focus; so does Intents'.
    await menu.getByRole('link', { name: 'Analytics' }).click();
    await expect.poll(() => fresh.locator('main h1').textContent()).toBe('Analytics');
    await expect.poll(() => fresh.evaluate<string | undefined>('document.activeElement?.tagName')).toBe('H1');
    await menu.getByRole('link', { name: 'Intents' }).click();
    await expect.poll(() => fresh.locator('main h1').textContent()).toBe('Intents');
    await expect.poll(() => fresh.evaluate<string | undefined>('document.activeElement?.textContent')).toBe('Intents');
    expect(onDemand()).toEqual(['integrations-page', 'analytics-page', 'intents-page']);
    // A stored English: the first title drawn is already English (the words load before the first render).
    await fresh.evaluate("localStorage.setItem('helper.console.locale', 'en')");
    await fresh.goto(`${base}/console/integracoes`);
    expect(await (await fresh.waitForSelector('main h1')).textContent()).toBe('Integrations');
    expect(onDemand()).toContain('en');
    expect(onDemand()).not.toContain('es');
    await fresh.evaluate("localStorage.setItem('helper.console.locale', 'pt-BR')");
    await fresh.close();
  });

  it('says so, with a way to reload, when a part loaded on demand is gone (an upgrade while the tab was open), and the other pages still work', async () => {
    const fresh = await context.newPage();
    await fresh.route(/\/assets\/(analytics|trainings)-page-[\w-]+\.js$/, (route) => route.fulfill({ status: 404, body: 'not found' }));
    await fresh.goto(`${base}/console/integracoes`);
    await expect.poll(() => fresh.locator('main h1').textContent()).toBe('Integrações');
    const menu = fresh.getByRole('navigation', { name: 'Menu principal' });
    for (const gone of ['Analytics', 'Treinamentos']) {
      await menu.getByRole('link', { name: gone }).click();
      await expect.poll(() => fresh.getByRole('alert').textContent()).toContain('Não foi possível abrir esta página.');
      await expect.poll(() => fresh.getByRole('button', { name: 'Recarregar' }).isVisible()).toBe(true);
      await expect.poll(() => fresh.getByRole('navigation', { name: 'Menu principal' }).isVisible()).toBe(true);
      await menu.getByRole('link', { name: 'Intents' }).click();
      await expect.poll(() => fresh.locator('main h1').textContent()).toBe('Intents');
    }
    await fresh.close();
  });

  it('sets the Facebook secret and Page token, shows them as set, and checks the connection', async () => {
    await page.getByRole('link', { name: /Facebook Messenger/ }).click();
    await page.waitForURL(`${base}/console/integracoes/facebook-messenger`);
    const secret = page.getByTestId('secret-appSecret');
    const pageToken = page.getByTestId('secret-pageAccessToken');
    await expect.poll(() => secret.textContent()).toContain('Não definido');
    expect(await pageToken.textContent()).toContain('Não definido');
    expect(await page.getByTestId('callback-url').locator('input').inputValue()).toBe('https://demoPT.helperassistant.example/webhooks/facebook/webhook');
    // No Verify Token until the administrator creates one.
    expect(await page.getByTestId('verify-token').textContent()).toContain('Não definido');
    await page.getByTestId('verify-token').getByRole('button', { name: 'Gerar Verify Token' }).click();
    const verifyToken = page.getByTestId('verify-token').locator('input');
    await expect.poll(() => verifyToken.count()).toBe(1);
    const firstVerifyToken = await verifyToken.inputValue();
    expect((await facebookStatus(test.platform, (await test.platform.store.assistants.get('demo', 'pt'))!)).verifyToken).toBe(firstVerifyToken);
    await page.getByTestId('verify-token').getByRole('button', { name: 'Gerar novo' }).click();
    await page.getByRole('button', { name: 'Confirmar' }).click();
    await expect.poll(() => verifyToken.inputValue()).not.toBe(firstVerifyToken);
    const assistant = await test.platform.store.assistants.get('demo', 'pt');
    expect((await facebookStatus(test.platform, assistant!)).verifyToken).toBe(await verifyToken.inputValue());

    // A token Meta refuses: the check says so and the "needs a new token" warning appears.
    await pageToken.locator('input').fill('EAAG-revoked-token');
    await page.getByRole('button', { name: 'Salvar credenciais' }).click();
    await expect.poll(() => pageToken.textContent()).not.toContain('Não definido');
    await page.getByRole('button', { name: 'Verificar conexão' }).click();
    await expect.poll(() => page.getByTestId('facebook-check').textContent()).toContain('A Meta não aceitou o token');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'O Page Access Token precisa ser renovado' }).count()).toBe(1);

    await secret.locator('input').fill('app-secret-for-tests');
    await pageToken.locator('input').fill(PAGE_TOKEN);
    await page.getByRole('button', { name: 'Salvar credenciais' }).click();
    await expect.poll(() => secret.textContent()).toContain('Definido');
    await expect.poll(() => pageToken.textContent()).not.toContain('Não definido');
    // Write-only: the fields are empty again and the page never holds the values.
    expect(await secret.locator('input').inputValue()).toBe('');
    expect(await page.content()).not.toContain(PAGE_TOKEN);
    expect(await facebookStatus(test.platform, assistant!)).toMatchObject({ appSecret: 'set', pageAccessToken: 'set', needsNewToken: false });
    await expect.poll(() => page.getByText('O Page Access Token precisa ser renovado').count()).toBe(0);

    await page.getByRole('button', { name: 'Verificar conexão' }).click();
    await expect.poll(() => page.getByTestId('facebook-check').textContent()).toContain('Conectado à página “Helper Demonstração”.');
    expect(graph.calls.some((path) => /\/me$/.test(path))).toBe(true);
    await screenshotBothWidths(page, '05-integracoes-facebook');
  });

  it('tries a message in API Rest and shows the REST answer', async () => {
    await page.getByRole('link', { name: /API Rest/ }).click();
    await page.waitForURL(`${base}/console/integracoes/api-rest`);
    expect(await page.getByTestId('endpoint').locator('input').inputValue()).toBe('http://demoPT.helperassistant.example/webhooks/rest/webhook');
    await page.getByLabel('Mensagem', { exact: true }).fill('conte-me algumas coisas sobre você');
    await page.getByTestId('try-section').getByRole('button', { name: 'Enviar' }).click();
    await expect.poll(() => page.getByTestId('try-answer').locator('pre').textContent()).toContain('Eu posso ajudá-lo a trabalhar de maneira mais inteligente');
    const answer = JSON.parse((await page.getByTestId('try-answer').locator('pre').textContent()) ?? 'null') as Array<Record<string, unknown>>;
    expect(answer[0]).toMatchObject({ recipient_id: expect.any(String), text: 'Eu posso ajudá-lo a trabalhar de maneira mais inteligente, em vez de mais' });
    await screenshotBothWidths(page, '06-integracoes-api-rest');
  });

  it('chats in the test chat, with the intent and confidence under each message, and answers a button', async () => {
    await page.getByRole('link', { name: 'Chat de teste' }).click();
    await page.waitForURL(`${base}/console/chat-de-teste`);
    const input = page.getByLabel('Sua mensagem');
    await input.fill('quero avaliar o atendimento');
    await input.press('Enter');
    const understood = page.getByTestId('understood');
    await expect.poll(() => understood.first().textContent()).toMatch(/^Intent: \S+ · confiança \d+(,\d)?\s%$/);
    await expect.poll(() => page.getByTestId('bot-message').first().textContent()).toContain('Você poderia avaliar o meu atendimento?');
    expect(await page.getByTestId('model-version').textContent()).toMatch(/Modelo versão \S+/);

    await page.getByTestId('bot-message').getByRole('button', { name: 'Sim' }).click();
    await expect.poll(() => page.getByTestId('user-message').count()).toBe(2);
    expect(await page.getByTestId('user-message').nth(1).textContent()).toContain('Sim');
    await expect.poll(() => understood.nth(1).textContent()).toMatch(/^Intent: /);
    await expect.poll(() => page.getByTestId('bot-message').count()).toBeGreaterThan(1);
    await screenshotBothWidths(page, '07-chat-de-teste');
  });

  it('adds a viewer in Usuários', async () => {
    await page.getByRole('link', { name: 'Usuários' }).click();
    await page.waitForURL(`${base}/console/usuarios`);
    await expect.poll(() => page.getByTestId(`user-${ADMIN.login}`).count()).toBe(1);
    await page.getByRole('button', { name: 'Novo usuário' }).click();
    const form = page.locator('form.user-form');
    await form.getByLabel('Login').fill(VIEWER.login);
    await form.getByLabel('E-mail').fill(VIEWER.email);
    await form.getByLabel('Nome', { exact: true }).fill('Vera');
    await form.getByLabel(/Sobrenome/).fill('Lúcia');
    await form.getByLabel('Senha').fill(VIEWER.password);
    await form.getByLabel('Perfil').selectOption('viewer');
    await form.getByRole('button', { name: 'Novo usuário' }).click();
    await expect.poll(() => page.getByTestId(`user-${VIEWER.login}`).textContent()).toContain('Visualizador');
    await screenshotBothWidths(page, '08-usuarios');
  });

  it('shows a viewer the Facebook values read-only, and the server refuses a viewer anyway', async () => {
    await page.getByRole('button', { name: 'Sair' }).click();
    await page.waitForURL(`${base}/console/entrar`);
    await page.getByLabel('Login').fill(VIEWER.login);
    await page.getByLabel('Senha').fill(VIEWER.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(`${base}/console/integracoes`);
    const assistant = await test.platform.store.assistants.get('demo', 'pt');
    const apiToken = (await test.platform.apiAccess.token(assistant!))!;
    const verifyTokenValue = (await facebookStatus(test.platform, assistant!)).verifyToken!;

    // 4biz: the parameters to copy, and only whether the token is set: never the token.
    await page.goto(`${base}/console/integracoes/4biz`);
    await expect.poll(() => page.getByTestId('parameter-441').locator('input').inputValue()).toBe('http://demoPT.helperassistant.example/webhooks/rest/webhook');
    const tokenField = page.getByTestId('api-token');
    expect(await tokenField.textContent()).toContain('Só administradores veem e copiam este valor.');
    expect(await tokenField.locator('input').count()).toBe(0);
    expect(await tokenField.getByRole('button').count()).toBe(0);
    expect(await page.content()).not.toContain(apiToken);
    await screenshotBothWidths(page, '09-4biz-visualizador');

    await page.goto(`${base}/console/integracoes/facebook-messenger`);
    const secret = page.getByTestId('secret-appSecret');
    await expect.poll(() => secret.textContent()).toContain('Definido');
    expect(await secret.locator('input').isDisabled()).toBe(true);
    expect(await page.getByTestId('secret-pageAccessToken').locator('input').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Salvar credenciais' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Gerar novo' }).count()).toBe(0);
    expect(await page.getByTestId('verify-token').textContent()).toContain('Definido');
    expect(await page.getByTestId('verify-token').locator('input').count()).toBe(0);
    expect(await page.content()).not.toContain(verifyTokenValue);
    await screenshotBothWidths(page, '10-facebook-visualizador');

    // Straight to the API with the viewer's own session and CSRF token: refused, nothing changed.
    const session = (await (await context.request.get(`${base}/api/auth/session`)).json()) as { csrfToken: string; user: { role: string } };
    expect(session.user.role).toBe('viewer');
    const refused = await context.request.put(`${base}/api/admin/servers/demo/assistants/pt/integrations/facebook`, {
      headers: { 'x-csrf-token': session.csrfToken },
      data: { appSecret: '' },
    });
    const status = refused.status();
    expect(status).toBe(403);
    expect((await facebookStatus(test.platform, assistant!)).appSecret).toBe('set');
  });

  it('fits a 360 px wide phone on every page, without sideways scrolling', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      for (const path of ['integracoes/4biz', 'integracoes/facebook-messenger', 'integracoes/api-rest', 'chat-de-teste', 'usuarios']) {
        await page.goto(`${base}/console/${path}`);
        await page.locator('main h1').waitFor();
        await page.waitForLoadState('networkidle');
        expect({ path, width: await page.evaluate('document.documentElement.scrollWidth') }).toEqual({ path, width: 360 });
      }
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  it('lets an administrator deactivate a user, who then cannot sign in', async () => {
    await page.getByRole('button', { name: 'Sair' }).click();
    await page.waitForURL(`${base}/console/entrar`);
    await page.getByLabel('Login').fill(ADMIN.login);
    await page.getByLabel('Senha').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(`${base}/console/integracoes`);
    await page.getByRole('link', { name: 'Usuários' }).click();
    await page.getByRole('button', { name: `Editar ${VIEWER.login}` }).click();
    const form = page.locator('form.user-form');
    expect(await form.getByLabel('Login').isDisabled()).toBe(true);
    await form.getByLabel(/^Ativo/).uncheck();
    await form.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => page.getByTestId(`user-${VIEWER.login}`).textContent()).toContain('Inativo');
    expect((await test.platform.store.users.get('demo', VIEWER.login))?.active).toBe(false);

    await page.getByRole('button', { name: 'Sair' }).click();
    await page.waitForURL(`${base}/console/entrar`);
    await page.getByLabel('Login').fill(VIEWER.login);
    await page.getByLabel('Senha').fill(VIEWER.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Login ou senha incorretos.');
  });

  it('ran without script errors or security-policy refusals', () => {
    expect(pageProblems).toEqual([]);
  });
});
