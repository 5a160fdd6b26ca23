// Issue 16 items 5, 6 and 8 in Debian's Chromium, in pt-BR, on the demo assistant: many phrases
// pasted into "Nova frase" (a repeat and another intent's phrase flagged, a junk one warned, a
// line typed into the intent meanwhile unticked), a multi-select delete (refused with its users, then done), the header's search opening an item, a
// viewer opening an intent read-only, an operator creating an assistant as a copy of another, and
// the assistant's greeting in the web chat of the demo page. Screenshots in test-results/screenshots.
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/admin-api/auth/password-hashing.js';
import { ensureFirstAdministrator } from '../src/admin-api/users/first-administrator.js';
import { browserTestsEnabled, launchChromium } from './helpers/chromium.js';
import { signInOnPage } from './helpers/console-browser.js';
import { DESKTOP, screenshotBothWidths } from './helpers/screenshots.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN = { login: 'ana', email: 'ana@demo.example', password: 'senha-da-ana-123' };

describe.skipIf(!browserTestsEnabled)('bulk work, roles and the greeting in Chromium', () => {
  let test: TestPlatform;
  let browser: Browser;
  let base: string;
  const pageProblems: string[] = [];

  async function signedIn(login: string, password: string): Promise<Page> {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR' });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageProblems.push(error.message));
    await signInOnPage(page, base, { login, password });
    return page;
  }

  async function content() {
    const assistant = await test.platform.store.assistants.get('demo', 'pt');
    if (!assistant) throw new Error('no demo assistant');
    return test.platform.store.content.load(assistant.id);
  }

  beforeAll(async () => {
    test = await startTestPlatform({
      env: { HELPER_PUBLIC_URL: 'http://helperassistant.example', HELPER_ADMIN_LOGIN: ADMIN.login, HELPER_ADMIN_EMAIL: ADMIN.email, HELPER_ADMIN_PASSWORD: ADMIN.password },
    });
    await ensureFirstAdministrator(test.platform, () => undefined);
    await test.platform.store.users.create({ serverName: 'demo', login: 'vera', email: 'vera@demo.example', firstName: 'Vera', lastName: 'Dias', passwordHash: await hashPassword('senha-da-vera-123'), role: 'viewer' });
    await test.platform.store.users.create({ serverName: 'demo', login: 'otto', email: 'otto@demo.example', firstName: 'Otto', lastName: 'Lima', passwordHash: await hashPassword('senha-do-otto-123'), role: 'operator' });
    await test.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  it('adds many pasted phrases, flagging a repeat, a phrase of another intent and a junk one', async () => {
    const page = await signedIn(ADMIN.login, ADMIN.password);
    await page.getByRole('link', { name: 'Intents' }).click();
    await page.getByRole('button', { name: 'Editar problema_impressora' }).click();
    const input = page.getByLabel('Nova frase');
    await input.focus();
    const pasted = ['a impressora do andar 3 sumiu da rede', 'a impressora do andar 3 sumiu da rede', 'quero abrir um chamado', 'a impressora não imprime', '<b>impressora</b> quebrou', 'impressora travou de novo'].join('\n');
    // A real paste event with the lines as its clipboard data (page-side code as text: no DOM library here).
    await page.evaluate(
      `(() => { const data = new DataTransfer(); data.setData('text/plain', ${JSON.stringify(pasted)}); ` +
        `document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })); })()`,
    );
    const preview = page.getByTestId('paste-preview');
    await preview.waitFor();
    expect(await preview.getByTestId('pasted-line').count()).toBe(6);
    const flags = async (index: number) => preview.getByTestId('pasted-line').nth(index).getByTestId('paste-flag').allTextContents();
    expect(await flags(0)).toEqual([]);
    expect(await flags(1)).toEqual(['Repetida nesta colagem']);
    // The other intents' phrases load beside the form: the flag shows once they are in.
    await expect.poll(async () => (await flags(2)).join(' '), { timeout: 10_000 }).toContain('abrir_chamado');
    expect(await flags(3)).toEqual(['Já está nesta intent']);
    expect((await flags(4)).join(' ')).toContain('Frase com marcação');
    expect(await input.inputValue()).toBe('');
    await screenshotBothWidths(page, 'issue16-01-paste-phrases');
    // The repeat and the phrase already there are left unticked: 4 of 6 would be added.
    await preview.getByRole('button', { name: 'Adicionar 4 frases' }).waitFor();
    // A line typed into the intent while the preview is open: its pasted twin is flagged and unticked.
    await input.fill('impressora travou de novo');
    await input.press('Enter');
    await expect.poll(() => flags(5)).toEqual(['Já está nesta intent']);
    expect(await preview.getByTestId('pasted-line').nth(5).getByRole('checkbox').isChecked()).toBe(false);
    await preview.getByRole('button', { name: 'Adicionar 3 frases' }).click();
    expect(await page.getByTestId('phrase-quality').allTextContents()).toEqual([expect.stringContaining('Frase com marcação')]);
    await page.getByRole('button', { name: 'Salvar' }).click();
    // The page's own confirmation of this save (any status of the page, e.g. the paste's, said nothing about it).
    await page.getByRole('status').filter({ hasText: '“problema_impressora” salva.' }).waitFor();
    await expect.poll(async () => (await content()).intents.find((intent) => intent.name === 'problema_impressora')?.phrases.map((phrase) => phrase.text)).toEqual(
      expect.arrayContaining(['a impressora do andar 3 sumiu da rede', 'quero abrir um chamado', '<b>impressora</b> quebrou', 'impressora travou de novo']),
    );
    const phrases = (await content()).intents.find((intent) => intent.name === 'problema_impressora')?.phrases.map((phrase) => phrase.text) ?? [];
    expect(phrases.filter((text) => text === 'a impressora do andar 3 sumiu da rede')).toHaveLength(1);
    expect(phrases.filter((text) => text === 'a impressora não imprime')).toHaveLength(1);
    expect(phrases.filter((text) => text === 'impressora travou de novo')).toHaveLength(1);
    await page.context().close();
  });

  it('deletes many intents at once; a selection with an intent in use is refused with its users', async () => {
    const assistant = await test.platform.store.assistants.get('demo', 'pt');
    const current = await content();
    current.intents.push({ name: 'lote_um', phrases: [{ text: 'primeira frase do lote' }] }, { name: 'lote_dois', phrases: [{ text: 'segunda frase do lote' }] });
    await test.platform.store.content.save(assistant!.id, current, 'replace');
    const page = await signedIn(ADMIN.login, ADMIN.password);
    await page.getByRole('link', { name: 'Intents' }).click();
    await page.getByRole('checkbox', { name: 'Selecionar lote_um' }).check();
    await page.getByRole('checkbox', { name: 'Selecionar lote_dois' }).check();
    await page.getByRole('checkbox', { name: 'Selecionar abrir_chamado' }).check();
    const bar = page.getByTestId('bulk-bar');
    expect(await bar.textContent()).toContain('3 selecionados');
    await bar.getByRole('button', { name: 'Excluir 3 itens' }).click();
    await bar.getByRole('button', { name: 'Confirmar' }).click();
    const refused = page.getByTestId('bulk-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('abrir_chamado — usado por Diálogo');
    await screenshotBothWidths(page, 'issue16-02-bulk-delete-refused');
    expect((await content()).intents.some((intent) => intent.name === 'lote_um')).toBe(true);

    await page.getByRole('checkbox', { name: 'Selecionar abrir_chamado' }).uncheck();
    await bar.getByRole('button', { name: 'Excluir 2 itens' }).click();
    await bar.getByRole('button', { name: 'Confirmar' }).click();
    await page.getByText('2 itens excluídos.').waitFor();
    const names = (await content()).intents.map((intent) => intent.name);
    expect(names).not.toContain('lote_um');
    expect(names).not.toContain('lote_dois');
    await expect.poll(() => page.locator('[data-testid="intents-row"][data-name="lote_um"]').count()).toBe(0);
    await page.context().close();
  });

  it("searches the whole assistant from the header and opens what it found", async () => {
    const page = await signedIn(ADMIN.login, ADMIN.password);
    await page.getByRole('link', { name: 'Habilidades' }).click();
    await page.getByRole('searchbox', { name: /Pesquisar em todo o conteúdo/ }).fill('horário de funcionamento');
    const results = page.getByTestId('search-results');
    await results.getByRole('link').first().waitFor();
    expect(await results.textContent()).toContain('horario_atendimento');
    await screenshotBothWidths(page, 'issue16-03-search');
    await results.getByRole('link', { name: /horario_atendimento/ }).first().click();
    await page.waitForURL(/\/console\/intents\?editar=horario_atendimento$/);
    await page.getByRole('heading', { name: 'Editar “horario_atendimento”' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Nome' }).inputValue()).toBe('horario_atendimento');
    await page.context().close();
  });

  it('lets a viewer open an intent read-only: fields disabled, no save or delete', async () => {
    const page = await signedIn('vera', 'senha-da-vera-123');
    await page.getByRole('link', { name: 'Intents' }).click();
    await page.getByRole('button', { name: 'Abrir problema_impressora' }).click();
    const item = page.getByTestId('read-only-item');
    await item.waitFor();
    expect(await item.getByRole('textbox', { name: 'Nome' }).inputValue()).toBe('problema_impressora');
    expect(await item.getByRole('textbox', { name: 'Nome' }).isDisabled()).toBe(true);
    expect(await item.getByRole('textbox', { name: 'Frase 1', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Salvar' }).count()).toBe(0);
    // A row's delete is named after its item ("Remover problema_impressora").
    expect(await page.locator('main table').getByRole('button', { name: /^Remover( |$)/ }).count()).toBe(0);
    // What is left inside the form (remove a phrase, link words) is disabled with it.
    expect(await item.locator('fieldset.read-only-fieldset button:enabled, fieldset.read-only-fieldset input:enabled').count()).toBe(0);
    expect(await page.getByRole('checkbox').count()).toBe(0);
    await screenshotBothWidths(page, 'issue16-04-viewer-read-only');
    await item.getByRole('button', { name: 'Fechar' }).or(page.getByRole('button', { name: 'Fechar' })).first().click();
    expect(await page.getByTestId('read-only-item').count()).toBe(0);
    await page.context().close();
  });

  it('lets the platform operator create a server and an assistant copied from another', async () => {
    const page = await signedIn('otto', 'senha-do-otto-123');
    await page.getByRole('link', { name: 'Servidores' }).click();
    await page.getByRole('heading', { name: 'Servidores', level: 1 }).waitFor();
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
    await screenshotBothWidths(page, 'issue16-05-operator-servers');
    await assistantForm.getByRole('button', { name: 'Novo assistente' }).click();
    await page.getByText('Assistente Helper Acme (acme, PT) criado.').waitFor();
    // The list is read again after the notice: poll until it shows the new assistant.
    await expect.poll(() => page.locator('[data-testid="server-row"][data-name="acme"]').textContent()).toContain('Helper Acme (PT)');
    const copy = await test.platform.store.assistants.get('acme', 'pt');
    expect(copy?.name).toBe('Helper Acme');
    const copied = await test.platform.store.content.load(copy!.id);
    expect(copied.intents.map((intent) => intent.name)).toEqual((await content()).intents.map((intent) => intent.name));
    await page.context().close();
  });

  it('opens the web chat of the demo page with the greeting set in Configurações', async () => {
    const admin = await signedIn(ADMIN.login, ADMIN.password);
    await admin.getByRole('link', { name: 'Configurações' }).click();
    await admin.getByLabel(/Saudação do chat web/).fill('Olá! Sou o Helper. Em que posso ajudar?');
    await admin.getByRole('button', { name: 'Salvar' }).first().click();
    await admin.getByText('Salvo.').first().waitFor();
    expect((await test.platform.store.assistants.get('demo', 'pt'))?.settings.greeting).toBe('Olá! Sou o Helper. Em que posso ajudar?');
    await admin.context().close();

    const context = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR' });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageProblems.push(error.message));
    // The demo page opens the chat at this width.
    await page.goto(`${base}/chat`);
    const bot = page.locator('#helper-assistant-widget li.bot');
    await bot.first().waitFor();
    expect((await bot.first().textContent())?.replace(/^Assistente: /, '')).toBe('Olá! Sou o Helper. Em que posso ajudar?');
    await screenshotBothWidths(page, 'issue16-06-web-chat-greeting');
    // A reload takes the same conversation up again: greeted once. A greeting of the session taken up
    // again would come right after its confirmation, before the answer to a message sent after the
    // reload (the widget sends it once the session is confirmed): that answer is the wait, not a sleep.
    await page.reload();
    const input = page.getByRole('textbox', { name: 'Sua mensagem' });
    await input.fill('oi');
    await input.press('Enter');
    await page.locator('#helper-assistant-widget li.user + li.bot').waitFor();
    const texts = (await bot.allTextContents()).map((text) => text.replace(/^Assistente: /, ''));
    expect(texts.filter((text) => text === 'Olá! Sou o Helper. Em que posso ajudar?')).toHaveLength(1);
    expect(texts[0]).toBe('Olá! Sou o Helper. Em que posso ajudar?');
    await context.close();
    expect(pageProblems).toEqual([]);
  });
});
