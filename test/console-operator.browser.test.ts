// The platform's operator in the console (issue 16 item 6 leftovers), in Debian's Chromium, in
// pt-BR: a new assistant (a copy of demo's) shows in the header's picker at once, without a
// reload; the operator picks that other server's assistant there, edits an intent of it, trains it
// in Treinamentos and talks to it in the test chat. Switching assistant with unsaved edits asks as
// leaving the form does; "Cancelar" keeps the form and its edits; so does leaving Servidores with
// a half-filled new server. After a switch nothing of the previous assistant shows: its list while
// the new one loads, an item or an API read while switching (answers held with page.route). Screenshots in
// test-results/screenshots.
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/admin-api/auth/password-hashing.js';
import { browserTestsEnabled, launchChromium } from './helpers/chromium.js';
import { holdRequests, nextFrame, pageQuestions, signInOnPage } from './helpers/console-browser.js';
import { DESKTOP, screenshotBothWidths } from './helpers/screenshots.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const UNSAVED = 'Há mudanças não salvas neste formulário. Sair e perdê-las?';
const NEW_PHRASE = 'a acme abre que horas?';

describe.skipIf(!browserTestsEnabled)("the operator works on another server's assistant in Chromium", () => {
  let test: TestPlatform;
  let browser: Browser;
  let base: string;
  let page: Page;
  const pageProblems: string[] = [];

  async function phrasesOf(server: string, intent: string): Promise<string[]> {
    const assistant = await test.platform.store.assistants.get(server, 'pt');
    if (!assistant) return [];
    return (await test.platform.store.content.load(assistant.id)).intents.find((item) => item.name === intent)?.phrases.map((phrase) => phrase.text) ?? [];
  }

  async function openMenu(label: string, path: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: label, exact: true }).click();
    await page.waitForURL(new RegExp(`/console/${path}$`));
  }

  const picker = () => page.getByRole('combobox', { name: 'Assistente' });

  beforeAll(async () => {
    test = await startTestPlatform({ env: { HELPER_PUBLIC_URL: 'http://helperassistant.example' } });
    await test.platform.store.users.create({ serverName: 'demo', login: 'otto', email: 'otto@demo.example', firstName: 'Otto', lastName: 'Lima', passwordHash: await hashPassword('senha-do-otto-123'), role: 'operator' });
    await test.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageProblems.push(error.message));
    await signInOnPage(page, base, { login: 'otto', password: 'senha-do-otto-123' });
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it('shows a new assistant in the picker at once, and the operator picks another server there', async () => {
    // Demo's assistants only, so far.
    await openMenu('Intents', 'intents');
    const badge = page.locator('header .brand-server');
    expect(await badge.textContent()).toBe('demo');
    const values = () => picker().locator('option').evaluateAll((options) => options.map((option) => option.getAttribute('value') ?? ''));
    await expect.poll(values).toEqual(expect.arrayContaining(['demo/pt']));
    const before = await values();
    expect(before.every((value) => value.startsWith('demo/'))).toBe(true);

    await openMenu('Servidores', 'servidores');
    const serverForm = page.getByRole('form', { name: 'Novo servidor' });
    await serverForm.getByLabel('Nome do servidor').fill('acme');
    await serverForm.getByLabel(/Nome de exibição/).fill('Acme Ltda');
    await serverForm.getByRole('button', { name: 'Novo servidor' }).click();
    await page.getByText('Servidor acme criado.').waitFor();
    const assistantForm = page.getByRole('form', { name: 'Novo assistente' });
    await assistantForm.getByLabel('Servidor').selectOption('acme');
    await assistantForm.getByLabel('Idioma').fill('pt');
    await assistantForm.getByLabel(/Nome do assistente/).fill('Helper Acme');
    await assistantForm.getByLabel('Começar com').selectOption('demo/pt');
    await assistantForm.getByRole('button', { name: 'Novo assistente' }).click();
    await page.getByText('Assistente Helper Acme (acme, PT) criado.').waitFor();

    // No reload: the header's picker lists it, under its server, as soon as a page has the picker.
    await openMenu('Intents', 'intents');
    await expect.poll(values).toEqual([...before, 'acme/pt']);
    expect(await picker().inputValue()).toBe('demo/pt');
    expect(await picker().locator('optgroup').evaluateAll((groups) => groups.map((group) => group.getAttribute('label')))).toEqual(['Servidor demo', 'Servidor acme']);
    expect(await picker().locator('optgroup[label="Servidor acme"] option').allTextContents()).toEqual(['PT · Helper Acme (acme)']);
    await picker().selectOption('acme/pt');
    await expect.poll(() => page.locator('[data-testid="intents-row"][data-name="horario_atendimento"]').count()).toBe(1);
    // The header's badge names the chosen assistant's server, not the operator's own.
    await expect.poll(() => badge.textContent()).toBe('acme');
    await screenshotBothWidths(page, 'issue16-07-operator-picker');
  });

  it("edits, trains and tests the other server's assistant", async () => {
    await page.getByRole('button', { name: 'Editar horario_atendimento' }).click();
    const form = page.getByRole('form', { name: 'Editar “horario_atendimento”' });
    await form.getByRole('textbox', { name: 'Nova frase' }).fill(NEW_PHRASE);
    await form.getByRole('textbox', { name: 'Nova frase' }).press('Enter');
    await form.getByRole('button', { name: 'Salvar' }).click();
    // The page's own "salvo" (the form is no longer unsaved), not only the store's row: the menu link
    // below asks first while the form has unsaved changes, and the headless browser dismisses that.
    await page.getByRole('status').filter({ hasText: '“horario_atendimento” salva.' }).waitFor();
    await expect.poll(() => phrasesOf('acme', 'horario_atendimento')).toContain(NEW_PHRASE);
    expect(await phrasesOf('demo', 'horario_atendimento')).not.toContain(NEW_PHRASE);

    await openMenu('Treinamentos', 'treinamentos');
    expect(await picker().inputValue()).toBe('acme/pt');
    await page.getByLabel('Agora').check();
    await page.getByRole('button', { name: 'Treinar agora' }).click();
    await expect.poll(() => page.locator('[data-testid="training-row"]').first().getAttribute('data-status'), { timeout: 90_000, interval: 500 }).toBe('succeeded');
    const acme = await test.platform.store.assistants.get('acme', 'pt');
    expect((await test.platform.store.trainings.list(acme!.id)).map((training) => [training.status, training.requestedBy])).toEqual([['succeeded', 'otto']]);

    await openMenu('Chat de teste', 'chat-de-teste');
    const input = page.getByLabel('Sua mensagem');
    await input.fill('que horas vocês abrem?');
    await input.press('Enter');
    const bot = page.getByTestId('bot-message');
    await expect.poll(() => bot.count()).toBe(1);
    expect(await bot.first().textContent()).toContain('O service desk atende de segunda a sexta');
    expect(await page.getByTestId('model-version').textContent()).toMatch(/versão 1\b/);
    await screenshotBothWidths(page, 'issue16-08-operator-test-chat');
  });

  it('asks before switching assistant with unsaved edits; cancel keeps the form and its edits', async () => {
    await openMenu('Intents', 'intents');
    expect(await picker().inputValue()).toBe('acme/pt');
    await page.getByRole('button', { name: 'Editar horario_atendimento' }).click();
    const form = page.getByRole('form', { name: 'Editar “horario_atendimento”' });
    await form.getByRole('textbox', { name: 'Nova frase' }).fill('e no sábado?');
    const questions: string[] = [];
    page.once('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.dismiss();
    });
    await picker().selectOption('demo/pt');
    await expect.poll(() => questions).toEqual([UNSAVED]);
    // Still on acme's intent, with the edit.
    expect(await picker().inputValue()).toBe('acme/pt');
    expect(await form.count()).toBe(1);
    expect(await form.getByRole('textbox', { name: 'Nova frase' }).inputValue()).toBe('e no sábado?');
    await screenshotBothWidths(page, 'issue16-09-switch-kept-edits');

    // Agreeing to lose them switches, and the form of acme's intent closes.
    page.once('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.accept();
    });
    await picker().selectOption('demo/pt');
    await expect.poll(() => picker().inputValue()).toBe('demo/pt');
    expect(questions).toEqual([UNSAVED, UNSAVED]);
    await expect.poll(() => form.count()).toBe(0);
    expect(await phrasesOf('acme', 'horario_atendimento')).not.toContain('e no sábado?');

    // Without edits, switching does not ask. The form opens once its item is read: wait for it, so
    // the switch happens with the form open (not before it, when there would be nothing to ask about).
    await page.getByRole('button', { name: 'Editar horario_atendimento' }).click();
    await form.waitFor();
    await picker().selectOption('acme/pt');
    await expect.poll(() => picker().inputValue()).toBe('acme/pt');
    await expect.poll(() => form.count()).toBe(0);
    expect(questions).toHaveLength(2);
    expect(pageProblems).toEqual([]);
  });

  it("shows nothing of the previous assistant after a switch: neither its item read meanwhile, nor its list while the new one loads", async () => {
    await openMenu('Intents', 'intents');
    expect(await picker().inputValue()).toBe('acme/pt');
    const row = page.locator('[data-testid="intents-row"][data-name="horario_atendimento"]');
    await expect.poll(() => row.count()).toBe(1);
    // The API's answers are held until the test lets them go, so the switch lands while they are on their way.
    const itemPath = '/api/admin/servers/acme/assistants/pt/intents/horario_atendimento';
    const item = await holdRequests(page, (url) => url.pathname === itemPath);
    const list = await holdRequests(page, (url) => url.pathname === '/api/admin/servers/demo/assistants/pt/intents');
    const itemRead = page.waitForResponse((response) => new URL(response.url()).pathname === itemPath);
    await page.getByRole('button', { name: 'Editar horario_atendimento' }).click();
    await item.held;
    // No form is open yet, so the switch does not ask.
    await picker().selectOption('demo/pt');
    await expect.poll(() => picker().inputValue()).toBe('demo/pt');
    await list.held;
    // demo's list is on its way: acme's rows are not shown under demo (they could be opened there).
    expect(await row.count()).toBe(0);
    // acme's item arrives after the switch: it does not open under demo.
    item.release();
    await itemRead;
    await nextFrame(page);
    expect(await page.getByRole('form', { name: 'Editar “horario_atendimento”' }).count()).toBe(0);
    list.release();
    await expect.poll(() => row.count()).toBe(1);
    expect(await page.getByRole('form', { name: 'Editar “horario_atendimento”' }).count()).toBe(0);
    await item.stop();
    await list.stop();
    expect(pageProblems).toEqual([]);
  });

  it("closes an API of the previous assistant on a switch, and does not open one read meanwhile", async () => {
    // acme's assistant has an API that demo's has not.
    const acme = (await test.platform.store.assistants.get('acme', 'pt'))!;
    const api = { name: 'consulta_acme', method: 'GET' as const, url: 'https://api.acme.example/pedidos', headers: [], body: [], responseFormat: 'json' as const, mappings: [], status: { success: [200], unauthorized: [401], notFound: [404] }, authentication: false };
    await test.platform.store.thirdPartyApis.edit(acme.id, (apis) => ({ apis: [...apis, api], result: undefined }));
    await openMenu('APIs de terceiros', 'apis-de-terceiros');
    await picker().selectOption('acme/pt');
    await expect.poll(() => picker().inputValue()).toBe('acme/pt');
    const open = page.getByRole('button', { name: 'Ver consulta_acme' });
    const form = page.getByTestId('api-form');
    await open.click();
    await form.waitFor();
    // A switch closes it: it is acme's API.
    await picker().selectOption('demo/pt');
    await expect.poll(() => picker().inputValue()).toBe('demo/pt');
    await expect.poll(() => form.count()).toBe(0);

    // Read while switching: not opened under the new assistant.
    await picker().selectOption('acme/pt');
    await open.waitFor();
    const path = '/api/admin/servers/acme/assistants/pt/apis/consulta_acme';
    const slow = await holdRequests(page, (url) => url.pathname === path);
    const read = page.waitForResponse((response) => new URL(response.url()).pathname === path);
    await open.click();
    await slow.held;
    await picker().selectOption('demo/pt');
    await expect.poll(() => picker().inputValue()).toBe('demo/pt');
    slow.release();
    await read;
    await nextFrame(page);
    expect(await form.count()).toBe(0);
    await slow.stop();
    expect(pageProblems).toEqual([]);
  });

  it('asks before leaving Servidores with a half-filled new server; cancel keeps it, agreeing leaves', async () => {
    await openMenu('Servidores', 'servidores');
    const serverForm = page.getByRole('form', { name: 'Novo servidor' });
    await serverForm.getByLabel('Nome do servidor').fill('beta');
    const { questions, answer } = pageQuestions(page);
    const intentsLink = () => page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Intents', exact: true });
    answer(false);
    await intentsLink().click();
    await expect.poll(() => questions).toEqual([UNSAVED]);
    expect(page.url()).toBe(`${base}/console/servidores`);
    expect(await serverForm.getByLabel('Nome do servidor').inputValue()).toBe('beta');
    answer(true);
    await intentsLink().click();
    await page.waitForURL(/\/console\/intents$/);
    expect(questions).toEqual([UNSAVED, UNSAVED]);
    expect(await test.platform.store.servers.get('beta')).toBeUndefined();
    expect(pageProblems).toEqual([]);
  });
});
