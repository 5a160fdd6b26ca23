// Issue 16 item 3 in Chromium, in pt-BR: an intent edited (saved with Ctrl+S), its Histórico in
// its form, the earlier version restored; leaving a form with unsaved changes asks first (a menu
// link, Escape, closing the page); deleting a dialogue lists the follow-up deleted with it; the
// assistant's Histórico page lists every change; the other forms of the console (Configurações, an
// integration, a user) ask before their unsaved changes are lost too.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { serialiseAssistantFile } from '../src/assistant/file/serialise-assistant-file.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsEnabled } from './helpers/chromium.js';
import { openConsoleOnEmptyAssistant, pageQuestions, type ConsoleBrowser } from './helpers/console-browser.js';
import { screenshotBothWidths } from './helpers/screenshots.js';

/** Whether the page's beforeunload handler would hold the page (it cancels the event). */
const HELD_BY_BEFOREUNLOAD = "!window.dispatchEvent(new Event('beforeunload', { cancelable: true }))";
/** Presses Escape (a keydown on the window) in the very task that first shows a content form. */
const ESCAPE_WHEN_A_FORM_SHOWS = `(() => {
  const observer = new MutationObserver(() => {
    if (!document.querySelector('.form-area form')) return;
    observer.disconnect();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  });
  observer.observe(document.body, { childList: true, subtree: true });
})()`;
const ADMIN = { login: 'ana', email: 'ana@acme.example', password: 'senha-da-ana-123' };

describe.skipIf(!browserTestsEnabled)('content versions and never losing work, in the console', () => {
  let session: ConsoleBrowser;
  let page: Page;
  let base: string;

  async function openMenu(name: string, path: string) {
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name, exact: true }).click();
    await page.waitForURL(`${base}/console/${path}`);
  }

  beforeAll(async () => {
    session = await openConsoleOnEmptyAssistant(ADMIN);
    ({ page, base } = session);
    const assistant = await session.test.platform.store.assistants.get('acme', 'pt');
    await session.test.platform.store.content.save(
      assistant!.id,
      {
        themes: [],
        intents: [
          { name: 'saudacao', phrases: [{ text: 'oi' }, { text: 'olá' }] },
          { name: 'pedido', phrases: [{ text: 'quero fazer um pedido' }] },
          { name: 'confirmar', phrases: [{ text: 'sim, confirmo' }] },
        ],
        contexts: [],
        regexes: [],
        skills: [{ name: 'anotar', fallback: false, kind: 'text', texts: ['Anotado.'] }],
        dialogues: [
          { name: 'pedido', intents: ['pedido'], skill: 'anotar' },
          { name: 'confirmacao', intents: ['confirmar'], skill: 'anotar', followUpOf: 'pedido' },
        ],
      },
      'replace',
      { actor: 'cli' },
    );
    await session.signIn(ADMIN);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('edits an intent (Ctrl+S saves), shows its history and restores the earlier version', async () => {
    await openMenu('Intents', 'intents');
    await page.getByRole('button', { name: 'Editar saudacao' }).click();
    const form = page.getByRole('form', { name: 'Editar “saudacao”' });
    await form.getByRole('textbox', { name: 'Nova frase' }).fill('bom dia');
    await form.getByRole('button', { name: 'Adicionar frase' }).click();
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('“saudacao” salva.');
    expect((await session.content()).intents[0]?.phrases.map((phrase) => phrase.text)).toEqual(['oi', 'olá', 'bom dia']);

    await page.getByRole('button', { name: 'Editar saudacao' }).click();
    const history = page.getByTestId('item-history');
    await expect.poll(() => history.getByTestId('item-version').count()).toBe(2);
    const [latest, earlier] = await history.getByTestId('item-version').allTextContents();
    expect(latest).toContain('ana editou');
    expect(latest).toContain('Frases adicionadas: bom dia.');
    expect(earlier).toContain('Linha de comando salvou');
    await screenshotBothWidths(page, 'versions-01-item-history');

    await history.getByTestId('item-version').nth(1).getByRole('button', { name: 'Restaurar esta versão' }).click();
    await history.getByRole('button', { name: 'Confirmar' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('“saudacao” restaurado.');
    await expect.poll(async () => (await session.content()).intents[0]?.phrases.map((phrase) => phrase.text)).toEqual(['oi', 'olá']);
    // The form shows the restored intent, and the restore is the newest version.
    await expect.poll(() => page.getByTestId('phrase-count').textContent()).toBe('2 frases');
    await expect.poll(() => history.getByTestId('item-version').first().textContent()).toContain('ana restaurou');
  });

  it('asks before leaving a form with unsaved changes: a menu link, Escape, closing the page', async () => {
    const form = page.getByRole('form', { name: 'Editar “saudacao”' });
    await form.getByRole('textbox', { name: 'Nova frase' }).fill('e aí');
    const questions: string[] = [];
    page.once('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Temas', exact: true }).click();
    await expect.poll(() => questions).toEqual(['Há mudanças não salvas neste formulário. Sair e perdê-las?']);
    expect(page.url()).toBe(`${base}/console/intents`);
    expect(await form.getByRole('textbox', { name: 'Nova frase' }).inputValue()).toBe('e aí');
    // Closing the page: the beforeunload handler holds it.
    expect(await page.evaluate(HELD_BY_BEFOREUNLOAD)).toBe(true);

    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.keyboard.press('Escape');
    expect(await form.count()).toBe(1);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.keyboard.press('Escape');
    await expect.poll(() => form.count()).toBe(0);
    expect(await page.evaluate(HELD_BY_BEFOREUNLOAD)).toBe(false);
    // A form left untouched closes with Escape at once, even one pressed the moment it shows (in
    // the same turn of the event loop as its first paint: before React's passive effects).
    await page.evaluate(ESCAPE_WHEN_A_FORM_SHOWS);
    await page.getByRole('button', { name: 'Editar saudacao' }).click();
    await expect.poll(() => form.count()).toBe(0);
    await page.getByRole('button', { name: 'Editar saudacao' }).click();
    await expect.poll(() => form.count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => form.count()).toBe(0);
    expect((await session.content()).intents[0]?.phrases.map((phrase) => phrase.text)).toEqual(['oi', 'olá']);
  });

  it('lists what deleting a dialogue takes with it: its follow-up', async () => {
    await openMenu('Diálogos', 'dialogos');
    const row = page.locator('[data-testid="dialogues-row"][data-name="pedido"]');
    await row.getByRole('button', { name: 'Remover' }).click();
    await row.getByRole('button', { name: 'Confirmar' }).click();
    const warning = page.getByTestId('in-use');
    await expect.poll(() => warning.textContent()).toContain('Diálogo: confirmacao');
    expect(await warning.getByTestId('cascade-deleted').textContent()).toBe('Também serão excluídos:Diálogo: confirmacao');
    await screenshotBothWidths(page, 'versions-02-delete-cascade');
    await warning.getByRole('button', { name: 'Excluir mesmo assim' }).click();
    await warning.getByRole('button', { name: 'Confirmar' }).click();
    await expect.poll(async () => (await session.content()).dialogues).toEqual([]);
  });

  it('Histórico lists every change of the assistant, and restores the whole assistant after a preview', async () => {
    await openMenu('Histórico', 'historico');
    const versions = page.getByTestId('version');
    await expect.poll(() => versions.count()).toBe(4);
    expect(await versions.nth(0).textContent()).toContain('ana excluiu');
    expect(await versions.nth(0).textContent()).toContain('Diálogo pedido: excluído');
    expect(await versions.nth(0).textContent()).toContain('Diálogo confirmacao: excluído');
    expect(await versions.nth(3).textContent()).toContain('Linha de comando salvou');
    await versions.nth(1).getByRole('button', { name: 'Restaurar o assistente a esta versão' }).click();
    const preview = page.getByTestId('restore-preview');
    await expect.poll(() => preview.textContent()).toContain('Diálogo pedido: criado');
    await screenshotBothWidths(page, 'versions-03-assistant-history');
    await preview.getByRole('button', { name: 'Restaurar' }).click();
    await expect.poll(async () => (await session.content()).dialogues.map((dialogue) => dialogue.name)).toEqual(['pedido', 'confirmacao']);
    await expect.poll(() => versions.first().textContent()).toContain('ana restaurou');
  });

  it('Configurações: replacing the content with a YAML file shows what changes and asks first', async () => {
    const before = await session.content();
    const file = join(session.test.dataDir, 'substituto.yaml');
    await writeFile(file, serialiseAssistantFile({ content: { ...before, intents: [...before.intents.filter((intent) => intent.name !== 'confirmar'), { name: 'despedida', phrases: [{ text: 'tchau' }] }], dialogues: [] } }));
    await openMenu('Configurações', 'configuracoes');
    await page.getByLabel('Importar arquivo').setInputFiles(file);
    await page.getByLabel('Como importar').selectOption('replace');
    await page.getByRole('button', { name: 'Importar', exact: true }).first().click();
    const preview = page.getByTestId('replace-preview');
    await expect.poll(() => preview.count(), { timeout: 20_000 }).toBe(1);
    const text = await preview.textContent();
    expect(text).toContain('Intent despedida: criado');
    expect(text).toContain('Intent confirmar: excluído');
    expect(text).toContain('Diálogo pedido: excluído');
    await preview.scrollIntoViewIfNeeded();
    await screenshotBothWidths(page, 'versions-04-yaml-replace-preview');
    // Nothing changed yet; Cancelar keeps it so; Substituir replaces.
    expect(await session.content()).toEqual(before);
    await preview.getByRole('button', { name: 'Substituir' }).click();
    await expect.poll(async () => (await session.content()).intents.map((intent) => intent.name), { timeout: 20_000 }).toEqual(['saudacao', 'pedido', 'despedida']);
    expect((await session.content()).dialogues).toEqual([]);
    // What came in, counted in the console's words (never the API's list names).
    const imported = await page.getByText('Arquivo importado. Treine o assistente para usá-lo.').locator('..').textContent();
    expect(imported).toContain('Intents: 3 · Frases:');
    expect(imported).not.toMatch(/intents:|phrases:|dialogues:/);
    const [latest] = await session.test.platform.store.versions.list((await session.test.platform.store.assistants.get('acme', 'pt'))!.id, { limit: 1 });
    expect(latest).toMatchObject({ actor: 'ana', action: 'import' });
    expect(session.pageProblems).toEqual([]);
  });

  it('asks before leaving any form with unsaved changes: Configurações, an integration, a user', async () => {
    const QUESTION = 'Há mudanças não salvas neste formulário. Sair e perdê-las?';
    const { questions, answer } = pageQuestions(page);
    const themesLink = () => page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Temas', exact: true });

    // Configurações: a changed threshold holds a menu link and the page; Ctrl+S in the form saves it.
    await openMenu('Configurações', 'configuracoes');
    const threshold = page.getByLabel('Limite de acurácia');
    await threshold.fill('35');
    expect(await page.evaluate(HELD_BY_BEFOREUNLOAD)).toBe(true);
    answer(false);
    await themesLink().click();
    await expect.poll(() => questions).toEqual([QUESTION]);
    expect(page.url()).toBe(`${base}/console/configuracoes`);
    expect(await threshold.inputValue()).toBe('35');
    await threshold.focus();
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByText('Salvo.').count()).toBe(1);
    expect((await session.test.platform.store.assistants.get('acme', 'pt'))?.settings.accuracyThreshold).toBe(0.35);
    expect(await page.evaluate(HELD_BY_BEFOREUNLOAD)).toBe(false);
    await themesLink().click();
    await page.waitForURL(`${base}/console/temas`);
    expect(questions).toHaveLength(1);

    // An integration (Telegram's bot token): asked once; leaving anyway forgets it.
    await openMenu('Integrações', 'integracoes');
    await page.getByRole('link', { name: /Telegram/ }).click();
    await page.waitForURL(`${base}/console/integracoes/telegram`);
    await page.getByTestId('secret-botToken').locator('input').fill('7000001:AAE-not-saved');
    answer(true);
    await themesLink().click();
    await page.waitForURL(`${base}/console/temas`);
    expect(questions).toEqual([QUESTION, QUESTION]);

    // A user's form: Escape and Cancelar ask once something was typed.
    await openMenu('Usuários', 'usuarios');
    await page.getByRole('button', { name: 'Novo usuário' }).click();
    const form = page.locator('form.user-form');
    await form.getByLabel('Login').fill('novo');
    answer(false);
    await page.keyboard.press('Escape');
    await expect.poll(() => questions).toHaveLength(3);
    expect(await form.getByLabel('Login').inputValue()).toBe('novo');
    answer(true);
    await form.getByRole('button', { name: 'Cancelar' }).click();
    await expect.poll(() => form.count()).toBe(0);
    expect(questions).toEqual([QUESTION, QUESTION, QUESTION, QUESTION]);
    expect(session.pageProblems).toEqual([]);
  });
});
