// Issue 8's "Done when", in Debian's Chromium against a real platform on 127.0.0.1 with an EMPTY
// assistant and a signed-in administrator: a small help-desk assistant in Portuguese is built
// through the console only — a theme, three intents, a text context with synonyms, a button
// skill, a follow-up dialogue — trained in Treinamentos, talked to in the test chat (the follow-up
// and the synonym), its dialogues exported as .xlsx, a phrase changed in the file (ExcelJS) and
// imported after seeing what changes; and the forms' bad input shows next to its field. Each new page
// is photographed at desktop and phone widths. The steps share one browser and run in order.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsEnabled } from './helpers/chromium.js';
import { openConsoleOnEmptyAssistant, signInOnPage, type ConsoleBrowser } from './helpers/console-browser.js';
import { DESKTOP, screenshotBothWidths } from './helpers/screenshots.js';
import type { TestPlatform } from './helpers/test-platform.js';

const ADMIN = { login: 'ana', email: 'ana@acme.example', password: 'senha-da-ana-123' };

describe.skipIf(!browserTestsEnabled)('building an assistant in the console', () => {
  let session: ConsoleBrowser;
  let test: TestPlatform;
  let browser: Browser;
  let page: Page;
  let base: string;
  let pageProblems: string[];

  beforeAll(async () => {
    session = await openConsoleOnEmptyAssistant(ADMIN, { acceptDownloads: true });
    ({ test, browser, page, base, pageProblems } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  const content = () => session.content();

  async function openMenu(name: string, path: string) {
    // A form left with what a refused save kept asks before the menu takes it away: leave it.
    const leave = (dialog: Dialog) => void dialog.accept();
    page.on('dialog', leave);
    try {
      await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name, exact: true }).click();
      await page.waitForURL(`${base}/console/${path}`);
    } finally {
      page.off('dialog', leave);
    }
  }

  it('signs in as the administrator', async () => {
    await session.signIn(ADMIN);
  });

  it('Temas: a blank name is refused next to the field, then the theme is created', async () => {
    await openMenu('Temas', 'temas');
    expect(await page.getByTestId('themes-empty').textContent()).toBe('Nenhum tema ainda.');
    await page.getByRole('button', { name: 'Novo tema' }).click();
    const form = page.getByRole('form', { name: 'Novo tema' });
    await form.getByRole('button', { name: 'Novo tema' }).click();
    const nameField = form.getByLabel('Nome', { exact: true });
    await expect.poll(() => nameField.getAttribute('aria-invalid')).toBe('true');
    const error = form.locator('.field-error[data-field="name"]');
    expect(await error.textContent()).toBe('Não pode ficar vazio.');
    // The message is the field's: it is what the input's description names.
    expect(await nameField.getAttribute('aria-describedby')).toContain(await error.getAttribute('id'));
    await screenshotBothWidths(page, 'build-01-temas-erro');
    expect((await content()).themes).toEqual([]);

    await nameField.fill('suporte');
    await form.getByLabel('Descrição').fill('Chamados de suporte técnico');
    await form.getByRole('button', { name: 'Novo tema' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('“suporte” criado.');
    await expect.poll(() => page.getByTestId('themes-row').count()).toBe(1);
    expect((await content()).themes).toEqual([{ name: 'suporte', description: 'Chamados de suporte técnico' }]);
    await screenshotBothWidths(page, 'build-02-temas');
  });

  it('Contextos: a text context with values and synonyms', async () => {
    await openMenu('Contextos', 'contextos');
    await page.getByRole('button', { name: 'Novo contexto' }).click();
    const form = page.getByRole('form', { name: 'Novo contexto' });
    await form.getByLabel('Nome', { exact: true }).fill('equipamento');
    expect(await form.getByLabel('Tipo').inputValue()).toBe('text');
    await form.getByLabel('Valor 1', { exact: true }).fill('impressora');
    await form.getByLabel('Sinônimos do valor 1').fill('printer, imp');
    await form.getByRole('button', { name: 'Adicionar valor' }).click();
    await form.getByLabel('Valor 2', { exact: true }).fill('computador');
    await form.getByLabel('Sinônimos do valor 2').fill('notebook, pc');
    await form.getByRole('button', { name: 'Novo contexto' }).click();
    await expect.poll(() => page.getByTestId('contexts-row').count()).toBe(1);
    expect((await content()).contexts).toMatchObject([
      { name: 'equipamento', type: 'text', values: [{ value: 'impressora', synonyms: ['printer', 'imp'] }, { value: 'computador', synonyms: ['notebook', 'pc'] }] },
    ]);

    // A float context whose minimum is not a number is refused next to the field, nothing sent.
    await page.getByRole('button', { name: 'Novo contexto' }).click();
    const other = page.getByRole('form', { name: 'Novo contexto' });
    await other.getByLabel('Nome', { exact: true }).fill('nota');
    await other.getByLabel('Tipo').selectOption('float');
    await other.getByLabel('Mínimo').fill('dez');
    await other.getByRole('button', { name: 'Novo contexto' }).click();
    await expect.poll(() => other.locator('.field-error[data-field="min"]').textContent()).toBe('Informe um número, por exemplo 10 ou 2,5.');
    // The API's own check: a minimum above the maximum, shown next to the field it names.
    await other.getByLabel('Mínimo').fill('10');
    await other.getByLabel('Máximo').fill('1');
    await other.getByRole('button', { name: 'Novo contexto' }).click();
    await expect.poll(() => other.locator('.field-error').count()).toBe(1);
    expect(await other.locator('.field-error').getAttribute('data-field')).toMatch(/^(min|max)$/);
    expect(await other.getByLabel('Nome', { exact: true }).inputValue()).toBe('nota');
    await screenshotBothWidths(page, 'build-03-contextos-erro');
    await other.getByRole('button', { name: 'Cancelar' }).click();
    expect((await content()).contexts).toHaveLength(1);
    await screenshotBothWidths(page, 'build-04-contextos');
  });

  async function addIntent(name: string, phrases: string[]) {
    await page.getByRole('button', { name: 'Nova intent' }).click();
    const form = page.getByRole('form', { name: 'Nova intent' });
    await form.getByLabel('Nome', { exact: true }).fill(name);
    await form.getByLabel('Tema').selectOption('suporte');
    await form.getByLabel('Frase 1', { exact: true }).fill(phrases[0] ?? '');
    for (const phrase of phrases.slice(1)) {
      await form.getByLabel('Nova frase').fill(phrase);
      await form.getByLabel('Nova frase').press('Enter');
    }
    expect(await form.getByTestId('phrase-count').textContent()).toBe(`${phrases.length} frases`);
    return form;
  }

  it('Intents: three intents with phrases, words linked to a context value, duplicates flagged', async () => {
    await openMenu('Intents', 'intents');
    let form = await addIntent('saudacao', ['oi', 'olá', 'bom dia', 'boa tarde', 'oi, tudo bem?']);
    await form.getByRole('button', { name: 'Nova intent' }).click();
    await expect.poll(() => page.getByTestId('intents-row').count()).toBe(1);

    form = await addIntent('problema_equipamento', [
      'a impressora não funciona',
      'meu computador não liga',
      'estou com problema no computador',
      'a impressora travou',
      'o notebook parou de funcionar',
      'minha impressora está com defeito',
      'olá',
    ]);
    // "olá" is saudacao's: flagged before saving.
    await expect.poll(() => form.getByTestId('duplicate').textContent()).toBe('Esta frase também está em: saudacao.');
    await form.getByRole('button', { name: 'Remover a frase 7' }).click();
    expect(await form.getByTestId('duplicate').count()).toBe(0);
    // Select "impressora" in phrase 1, then link it to equipamento = impressora.
    const first = form.getByLabel('Frase 1', { exact: true });
    await first.evaluate((node) => {
      // The test's TypeScript has no DOM types: the element as far as it is used here.
      const input = node as unknown as { focus(): void; setSelectionRange(start: number, end: number): void };
      input.focus();
      input.setSelectionRange(2, 12);
    });
    await form.getByRole('button', { name: 'Vincular palavras da frase 1 a um contexto' }).click();
    const panel = form.getByRole('group', { name: 'Vincular palavras da frase 1 a um contexto' });
    expect(await panel.getByLabel('Palavras').inputValue()).toBe('impressora');
    await panel.getByLabel('Contexto').selectOption('equipamento');
    await panel.getByLabel('Valor').selectOption('impressora');
    await panel.getByRole('button', { name: 'Vincular' }).click();
    // Typed words work too.
    await form.getByRole('button', { name: 'Vincular palavras da frase 5 a um contexto' }).click();
    const typed = form.getByRole('group', { name: 'Vincular palavras da frase 5 a um contexto' });
    await typed.getByLabel('Palavras').fill('notebook');
    await typed.getByLabel('Contexto').selectOption('equipamento');
    await typed.getByLabel('Valor').selectOption('computador');
    await typed.getByRole('button', { name: 'Vincular' }).click();
    expect(await form.getByRole('list', { name: 'Palavras vinculadas' }).first().textContent()).toContain('impressora → equipamento = impressora');
    await screenshotBothWidths(page, 'build-05-intents-form');
    await form.getByRole('button', { name: 'Nova intent' }).click();
    await expect.poll(() => page.getByTestId('intents-row').count()).toBe(2);

    form = await addIntent('confirmar', ['sim', 'pode abrir', 'isso mesmo', 'quero sim', 'pode ser']);
    await form.getByRole('button', { name: 'Nova intent' }).click();
    await expect.poll(() => page.getByTestId('intents-row').count()).toBe(3);

    const intents = (await content()).intents;
    expect(intents.map((intent) => intent.name)).toEqual(['saudacao', 'problema_equipamento', 'confirmar']);
    expect(intents[1]?.phrases[0]).toEqual({ text: 'a impressora não funciona', entities: [{ start: 2, end: 12, entity: 'equipamento', value: 'impressora' }] });
    expect(intents[1]?.phrases[4]).toEqual({ text: 'o notebook parou de funcionar', entities: [{ start: 2, end: 10, entity: 'equipamento', value: 'computador' }] });

    // The search finds by phrase.
    await page.getByPlaceholder('Buscar').fill('travou');
    await expect.poll(() => page.getByTestId('intents-row').count()).toBe(1);
    expect(await page.getByTestId('intents-row').getAttribute('data-name')).toBe('problema_equipamento');
    await page.getByPlaceholder('Buscar').fill('');
    await expect.poll(() => page.getByTestId('intents-row').count()).toBe(3);
    await screenshotBothWidths(page, 'build-06-intents');
  });

  it('Habilidades: text skills, a fallback and a button skill with a live preview', async () => {
    await openMenu('Habilidades', 'habilidades');
    const addSkill = async (name: string, text: string, options: { fallback?: boolean } = {}) => {
      await page.getByRole('button', { name: 'Nova habilidade' }).click();
      const form = page.getByRole('form', { name: 'Nova habilidade' });
      await form.getByLabel('Nome', { exact: true }).fill(name);
      await form.getByLabel('Tema').selectOption('suporte');
      await form.getByLabel('Variação 1', { exact: true }).fill(text);
      if (options.fallback) await form.getByLabel(/fallback/).check();
      return form;
    };
    let form = await addSkill('boas_vindas', 'Olá! Sou o assistente de suporte. Como posso ajudar?');
    await form.getByRole('button', { name: 'Adicionar variação' }).click();
    await form.getByLabel('Variação 2', { exact: true }).fill('Oi! Em que posso ajudar hoje?');
    await form.getByRole('button', { name: 'Nova habilidade' }).click();
    await expect.poll(() => page.getByTestId('skills-row').count()).toBe(1);
    form = await addSkill('nao_entendi', 'Desculpe, não entendi. Pode dizer de outro jeito?', { fallback: true });
    await form.getByRole('button', { name: 'Nova habilidade' }).click();
    await expect.poll(() => page.getByTestId('skills-row').count()).toBe(2);
    form = await addSkill('chamado_aberto', 'Pronto! Abri um chamado para {equipamento}.');
    await form.getByRole('button', { name: 'Nova habilidade' }).click();
    await expect.poll(() => page.getByTestId('skills-row').count()).toBe(3);

    form = await addSkill('registrar_problema', 'Entendi, problema com {equipamento}. Quer abrir um chamado?');
    await form.getByLabel('Tipo').selectOption('buttons');
    await form.getByLabel('Título do botão 1').fill('Sim, abrir chamado');
    await form.getByLabel('Valor do botão 1').fill('/confirmar');
    await form.getByRole('button', { name: 'Adicionar botão' }).click();
    await form.getByLabel('Título do botão 2').fill('Não, obrigado');
    await form.getByLabel('Valor do botão 2').fill('não');
    const preview = page.getByTestId('skill-preview');
    // No conversation fills {equipamento} in a preview; it follows the form as it is edited.
    const restPreview = async () => JSON.parse((await preview.getByTestId('preview-rest').textContent().catch(() => null)) ?? 'null') as unknown;
    await expect.poll(restPreview).toEqual([
      { recipient_id: 'preview', text: expect.stringMatching(/^Entendi, problema com ?\. Quer abrir um chamado\?$/), buttons: [{ title: 'Sim, abrir chamado', payload: '/confirmar' }, { title: 'Não, obrigado', payload: 'não' }] },
    ]);
    expect(await preview.getByTestId('preview-web-chat').textContent()).toMatch(/Quer abrir um chamado\?Sim, abrir chamadoNão, obrigado$/);
    await screenshotBothWidths(page, 'build-07-habilidades-form');
    await form.getByRole('button', { name: 'Nova habilidade' }).click();
    await expect.poll(() => page.getByTestId('skills-row').count()).toBe(4);
    expect((await content()).skills.find((skill) => skill.name === 'registrar_problema')).toMatchObject({
      kind: 'buttons',
      buttons: [{ title: 'Sim, abrir chamado', payload: '/confirmar' }, { title: 'Não, obrigado', payload: 'não' }],
    });
    await screenshotBothWidths(page, 'build-08-habilidades');
  });

  it('Diálogos: dialogues with a follow-up, the tree per theme; a missing intent is refused next to the field', async () => {
    await openMenu('Diálogos', 'dialogos');
    const addDialogue = async (name: string, intents: string[], skill: string, followUpOf?: string) => {
      await page.getByRole('button', { name: 'Novo diálogo' }).click();
      const form = page.getByRole('form', { name: 'Novo diálogo' });
      await form.getByLabel('Nome', { exact: true }).fill(name);
      await form.getByLabel('Tema').selectOption('suporte');
      for (const intent of intents) await form.getByRole('checkbox', { name: intent, exact: true }).check();
      await form.getByLabel('Habilidade').selectOption(skill);
      if (followUpOf) await form.getByLabel('Vincular diálogo principal').selectOption(followUpOf);
      return form;
    };
    let form = await addDialogue('inicio', [], 'boas_vindas');
    await form.getByRole('button', { name: 'Novo diálogo' }).click();
    await expect.poll(() => form.locator('.field-error').count()).toBe(1);
    expect(await form.locator('.field-error').getAttribute('data-field')).toMatch(/^intents/);
    await screenshotBothWidths(page, 'build-09-dialogos-erro');
    expect((await content()).dialogues).toEqual([]);
    await form.getByRole('checkbox', { name: 'saudacao', exact: true }).check();
    await form.getByRole('button', { name: 'Novo diálogo' }).click();
    await expect.poll(() => page.getByTestId('dialogues-row').count()).toBe(1);

    form = await addDialogue('problema', ['problema_equipamento'], 'registrar_problema');
    await form.getByRole('button', { name: 'Novo diálogo' }).click();
    await expect.poll(() => page.getByTestId('dialogues-row').count()).toBe(2);
    form = await addDialogue('abrir_chamado', ['confirmar'], 'chamado_aberto', 'problema');
    await form.getByRole('button', { name: 'Novo diálogo' }).click();
    await expect.poll(() => page.getByTestId('dialogues-row').count()).toBe(3);

    const tree = page.getByTestId('dialogue-tree');
    await expect.poll(() => tree.locator('[data-name="problema"] [data-name="abrir_chamado"]').count()).toBe(1);
    expect(await tree.locator('.tree-root > [data-testid="tree-node"]').count()).toBe(2);
    expect((await content()).dialogues).toMatchObject([
      { name: 'inicio', intents: ['saudacao'], skill: 'boas_vindas' },
      { name: 'problema', intents: ['problema_equipamento'], skill: 'registrar_problema' },
      { name: 'abrir_chamado', intents: ['confirmar'], skill: 'chamado_aberto', followUpOf: 'problema' },
    ]);
    await screenshotBothWidths(page, 'build-10-dialogos');
  });

  it('warns before deleting what is still used, and deletes only when told to', async () => {
    await openMenu('Temas', 'temas');
    const row = page.locator('[data-testid="themes-row"][data-name="suporte"]');
    await row.getByRole('button', { name: 'Remover' }).click();
    await row.getByRole('button', { name: 'Confirmar' }).click();
    const warning = page.getByTestId('in-use');
    await expect.poll(() => warning.textContent()).toContain('“suporte” ainda está em uso por:');
    expect(await warning.textContent()).toContain('Intent: saudacao');
    expect(await warning.textContent()).toContain('Diálogo: abrir_chamado');
    await screenshotBothWidths(page, 'build-11-temas-em-uso');
    await warning.getByRole('button', { name: 'Cancelar' }).click();
    expect((await content()).themes).toHaveLength(1);
  });

  it("never overwrites another administrator's save made while the form was open", async () => {
    await page.getByRole('button', { name: 'Editar suporte' }).click();
    const form = page.getByRole('form', { name: 'Editar “suporte”' });
    await form.getByLabel('Descrição').fill('Minha descrição');
    // Someone else saves the theme meanwhile (the same session's API, as another tab would).
    const { csrfToken } = (await (await page.request.get(`${base}/api/auth/session`)).json()) as { csrfToken: string };
    const other = await page.request.patch(`${base}/api/admin/servers/acme/assistants/pt/themes/suporte`, { data: { description: 'A descrição de outra pessoa' }, headers: { 'x-csrf-token': csrfToken } });
    expect(other.status()).toBe(200);
    await form.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('Nada foi salvo.');
    expect(await form.getByLabel('Descrição').inputValue()).toBe('Minha descrição');
    expect((await content()).themes[0]?.description).toBe('A descrição de outra pessoa');
    await form.getByRole('button', { name: 'Cancelar' }).click();
  });

  it('Treinamentos: trains now, shows the progress while it runs, then the version in the history', async () => {
    await openMenu('Treinamentos', 'treinamentos');
    await expect.poll(() => page.getByTestId('serving-model').textContent()).toBe('O assistente ainda não foi treinado.');
    expect(await page.getByLabel('Escopo').inputValue()).toBe('complete');
    expect(await page.getByLabel('Escopo').locator('option').allTextContents()).toEqual(['Completo', 'Diálogos', 'Habilidades', 'Habilidades personalizadas']);
    // A time in the past is refused next to the date field.
    await page.getByLabel('Agendar para').check();
    await page.getByLabel('Data e hora').fill('2020-01-01T10:00');
    await page.getByRole('button', { name: 'Agendar' }).click();
    await expect.poll(() => page.locator('.field-error[data-field="scheduledFor"]').textContent()).toBe('Esta data e hora já passou; escolha uma no futuro.');
    await page.getByLabel('Agora').check();
    await page.getByRole('button', { name: 'Treinar agora' }).click();
    await expect.poll(() => page.locator('[data-testid="training-row"]').first().getAttribute('data-status'), { timeout: 60_000, interval: 500 }).toBe('succeeded');
    expect(await page.getByTestId('training-version').first().textContent()).toBe('1');
    await expect.poll(() => page.getByTestId('serving-model').textContent()).toMatch(/^Responde agora: modelo versão 1 /);
    await expect.poll(() => page.getByTestId('draft-state').getAttribute('data-state')).toBe('live');
    await screenshotBothWidths(page, 'build-12-treinamentos');
  });

  it('the test chat answers with the trained version, through the synonym and the follow-up', async () => {
    await openMenu('Chat de teste', 'chat-de-teste');
    const input = page.getByLabel('Sua mensagem');
    const bot = page.getByTestId('bot-message');
    await input.fill('oi');
    await input.press('Enter');
    await expect.poll(() => bot.count()).toBe(1);
    expect(await bot.first().textContent()).toMatch(/^(Olá! Sou o assistente de suporte\. Como posso ajudar\?|Oi! Em que posso ajudar hoje\?)$/);
    expect(await page.getByTestId('model-version').textContent()).toMatch(/versão 1\b/);

    // "printer" is a synonym of the value impressora: the answer names the value.
    await input.fill('minha printer parou de funcionar');
    await input.press('Enter');
    await expect.poll(() => bot.count()).toBe(2);
    expect(await bot.nth(1).textContent()).toContain('Entendi, problema com impressora. Quer abrir um chamado?');
    // The button's value is the follow-up's intent: abrir_chamado answers right after problema.
    await bot.nth(1).getByRole('button', { name: 'Sim, abrir chamado' }).click();
    await expect.poll(() => bot.count()).toBe(3);
    expect(await bot.nth(2).textContent()).toBe('Pronto! Abri um chamado para impressora.');
    await screenshotBothWidths(page, 'build-13-chat-de-teste');
  });

  it('Configurações: the threshold and e-mails, with bad input shown next to each field', async () => {
    await openMenu('Configurações', 'configuracoes');
    const threshold = page.getByLabel('Limite de acurácia');
    await expect.poll(() => threshold.inputValue()).toBe('20');
    expect(await page.getByText(/O padrão é 20 %/).count()).toBe(1);
    // What each threshold would have done to the assistant's own phrases (cross-validated at training).
    const outcomes = page.getByTestId('threshold-outcomes');
    await expect.poll(() => outcomes.locator('tbody tr').count()).toBe(6);
    expect(await outcomes.locator('tr[aria-current="true"] td').first().textContent()).toBe('20 %');
    expect(await outcomes.getByText(/versão 1/).count()).toBe(1);
    await threshold.fill('150');
    await page.getByLabel('E-mail 1', { exact: true }).fill('ti@acme');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => page.locator('.field-error[data-field="accuracyThresholdPercent"]').count()).toBe(1);
    await threshold.fill('35');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => page.locator('.field-error[data-field="notificationEmails.0"]').textContent()).toContain('ti@acme');
    expect(await threshold.inputValue()).toBe('35');
    await screenshotBothWidths(page, 'build-14-configuracoes-erro');
    const assistant = await test.platform.store.assistants.get('acme', 'pt');
    expect(assistant?.settings).toMatchObject({ accuracyThreshold: 0.2, notificationEmails: [] });

    await page.getByLabel('E-mail 1', { exact: true }).fill('ti@acme.example');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => page.getByText('Salvo.').count()).toBe(1);
    expect((await test.platform.store.assistants.get('acme', 'pt'))?.settings).toMatchObject({ accuracyThreshold: 0.35, notificationEmails: ['ti@acme.example'] });
  });

  it('exports the dialogues as .xlsx, imports a changed phrase after seeing what changes, and shows it', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Exportar diálogos (.xlsx)' }).click()]);
    expect(download.suggestedFilename()).toBe('acme-pt-dialogues.xlsx');
    const original = join(test.dataDir, 'exported.xlsx');
    await download.saveAs(original);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(original);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    expect(sheet.getRow(1).values).toEqual([undefined, 'Intent', 'User Says', 'Text Response']);
    let changed = 0;
    sheet.eachRow((row) => {
      if (row.getCell(2).text === 'a impressora travou') {
        row.getCell(2).value = 'a impressora travou de novo';
        changed++;
      }
    });
    expect(changed).toBe(1);
    const edited = join(test.dataDir, 'edited.xlsx');
    await writeFile(edited, Buffer.from(await workbook.xlsx.writeBuffer()));

    const section = page.getByTestId('dialogue-sheet');
    await section.getByLabel('Importar planilha').setInputFiles(edited);
    await section.getByRole('button', { name: 'Ver o que vai mudar' }).click();
    const plan = section.getByTestId('sheet-plan');
    await expect.poll(() => plan.textContent()).toContain('problema_equipamento: nova frase “a impressora travou de novo”');
    expect(await plan.textContent()).toContain('problema_equipamento: frase “a impressora travou” removida');
    await screenshotBothWidths(page, 'build-15-configuracoes-planilha');
    // Nothing changed before applying.
    expect((await content()).intents[1]?.phrases.map((phrase) => phrase.text)).toContain('a impressora travou');
    await plan.getByRole('button', { name: 'Aplicar importação' }).click();
    await expect.poll(() => section.getByRole('status').textContent()).toMatch(/^Planilha importada: \d+ mudanças?\./);

    await openMenu('Intents', 'intents');
    await page.getByPlaceholder('Buscar').fill('travou de novo');
    await expect.poll(() => page.getByTestId('intents-row').count()).toBe(1);
    expect(await page.getByTestId('intents-row').getAttribute('data-name')).toBe('problema_equipamento');
    await page.getByRole('button', { name: 'Editar problema_equipamento' }).click();
    const form = page.getByRole('form', { name: 'Editar “problema_equipamento”' });
    // The form loads the intent (with its ETag) after it opens: wait for its phrases.
    const phrases = () => form.getByTestId('phrase').locator('input[name$=".text"]').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
    await expect.poll(phrases).toContain('a impressora travou de novo');
    expect(await phrases()).not.toContain('a impressora travou');
  });

  it('deletes with force what is still used, as the warning said', async () => {
    await openMenu('Habilidades', 'habilidades');
    const row = page.locator('[data-testid="skills-row"][data-name="boas_vindas"]');
    await row.getByRole('button', { name: 'Remover' }).click();
    await row.getByRole('button', { name: 'Confirmar' }).click();
    const warning = page.getByTestId('in-use');
    await expect.poll(() => warning.textContent()).toContain('Diálogo: inicio');
    expect(await warning.textContent()).toContain('Excluindo mesmo assim, os diálogos que respondem com esta habilidade também são excluídos');
    await warning.getByRole('button', { name: 'Excluir mesmo assim' }).click();
    await warning.getByRole('button', { name: 'Confirmar' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('“boas_vindas” excluída.');
    await expect.poll(() => page.getByTestId('skills-row').count()).toBe(3);
    const after = await content();
    expect(after.skills.map((skill) => skill.name)).not.toContain('boas_vindas');
    expect(after.dialogues.map((dialogue) => dialogue.name)).toEqual(['problema', 'abrir_chamado']);
  });

  it('Habilidades: an image skill with an image uploaded to the platform', async () => {
    await openMenu('Habilidades', 'habilidades');
    const png = join(test.dataDir, 'impressora.png');
    await writeFile(png, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));
    await page.getByRole('button', { name: 'Nova habilidade' }).click();
    const form = page.getByRole('form', { name: 'Nova habilidade' });
    await form.getByLabel('Nome', { exact: true }).fill('foto_impressora');
    await form.getByLabel('Tipo').selectOption('image');
    await form.getByLabel('Texto', { exact: true }).fill('Veja onde fica o botão de ligar:');
    // Not an image: refused next to the image field.
    const notImage = join(test.dataDir, 'nota.png');
    await writeFile(notImage, 'não sou uma imagem');
    await form.getByLabel('Imagem').setInputFiles(notImage);
    await expect.poll(() => form.locator('.field-error[data-field="image"]').textContent()).toBe('Este tipo de arquivo não é aceito.');
    await form.getByLabel('Imagem').setInputFiles(png);
    await expect.poll(() => form.locator('code').textContent()).toMatch(/^http:\/\/acmePT\.helperassistant\.example\/media\/[0-9a-f]{64}\.png$/);
    const url = (await form.locator('code').textContent()) ?? '';
    await expect.poll(() => page.getByTestId('preview-web-chat').locator('img').getAttribute('src')).toBe(url);
    await form.getByRole('button', { name: 'Nova habilidade' }).click();
    // The page's own confirmation first (the form closed, nothing unsaved): the next test leaves the
    // page with goto, which a form still unsaved holds (beforeunload, dismissed by the headless browser).
    await page.getByRole('status').filter({ hasText: '“foto_impressora” criada.' }).waitFor();
    await expect.poll(async () => (await content()).skills.find((skill) => skill.name === 'foto_impressora')).toMatchObject({ kind: 'image', image: url, texts: ['Veja onde fica o botão de ligar:'] });
    // The platform serves it.
    const served = await fetch(`${base}/media/${url.split('/').pop() ?? ''}`);
    expect({ status: served.status, type: served.headers.get('content-type') }).toEqual({ status: 200, type: 'image/png' });
  });

  it('Habilidades: an attachment skill, its JSON checked before saving and kept when the skill is edited with a preset', async () => {
    await openMenu('Habilidades', 'habilidades');
    await page.getByRole('button', { name: 'Nova habilidade' }).click();
    let form = page.getByRole('form', { name: 'Nova habilidade' });
    await form.getByLabel('Nome', { exact: true }).fill('manual_toner');
    await form.getByLabel('Tipo').selectOption('attachment');
    await form.getByLabel('Texto', { exact: true }).fill('Segue o manual da troca do toner:');
    // JSON cut short: named next to the field, in the console's language, and nothing is sent.
    await form.getByLabel('Anexo', { exact: true }).fill('{ "type": "file", "payload": { "src": "https://example.com/toner.pdf" }');
    await form.getByRole('button', { name: 'Nova habilidade' }).click();
    await expect.poll(() => form.locator('.field-error[data-field="attachment"]').textContent()).toBe('O anexo começa com { ou [ mas não é um JSON válido: confira aspas, vírgulas, chaves e colchetes.');
    expect((await content()).skills.map((skill) => skill.name)).not.toContain('manual_toner');
    const attachment = { type: 'file', payload: { src: 'https://example.com/toner.pdf' } };
    await form.getByLabel('Anexo', { exact: true }).fill(JSON.stringify(attachment));
    await form.getByRole('button', { name: 'Nova habilidade' }).click();
    await page.getByRole('status').filter({ hasText: '“manual_toner” criada.' }).waitFor();
    expect((await content()).skills.find((skill) => skill.name === 'manual_toner')).toMatchObject({ kind: 'attachment', attachment, texts: ['Segue o manual da troca do toner:'] });
    // Edited later: the form shows the kind and the value, and a save of the text keeps them.
    await page.getByRole('button', { name: 'Editar manual_toner' }).click();
    form = page.getByRole('form', { name: 'Editar “manual_toner”' });
    expect(await form.getByLabel('Tipo').inputValue()).toBe('attachment');
    expect(JSON.parse(await form.getByLabel('Anexo', { exact: true }).inputValue())).toEqual(attachment);
    await form.getByLabel('Texto', { exact: true }).fill('O manual da troca do toner:');
    // And the preset of the behaviour from the last interaction: a context's value and a dialogue.
    const dialogue = (await content()).dialogues[0]?.name ?? '';
    await form.getByLabel('Contexto (opcional)', { exact: true }).selectOption('equipamento');
    await form.getByLabel('Valor do contexto', { exact: true }).selectOption('impressora');
    await form.getByLabel('Diálogo (opcional)', { exact: true }).selectOption(dialogue);
    await form.getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('status').filter({ hasText: '“manual_toner” salva.' }).waitFor();
    expect((await content()).skills.find((skill) => skill.name === 'manual_toner')).toMatchObject({
      kind: 'attachment',
      attachment,
      texts: ['O manual da troca do toner:'],
      preset: { context: { name: 'equipamento', value: 'impressora' }, dialogue },
    });
  });

  it('fits a 360 px wide phone on every new page, without sideways scrolling', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      for (const path of ['temas', 'intents', 'contextos', 'habilidades', 'dialogos', 'treinamentos', 'configuracoes']) {
        await page.goto(`${base}/console/${path}`);
        await page.locator('main h1').waitFor();
        await page.waitForLoadState('networkidle');
        expect({ path, width: await page.evaluate('document.documentElement.scrollWidth') }).toEqual({ path, width: 360 });
      }
      // The forms too.
      await page.goto(`${base}/console/habilidades`);
      await page.getByRole('button', { name: 'Editar registrar_problema' }).click();
      await page.getByTestId('skill-preview').waitFor();
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBe(360);
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  it('shows a viewer the same pages without the means to change them', async () => {
    const viewer = await browser.newContext({ viewport: DESKTOP, locale: 'pt-BR' });
    try {
      const { hashPassword } = await import('../src/admin-api/auth/password-hashing.js');
      await test.platform.store.users.create({ serverName: 'acme', login: 'vera', email: 'vera@acme.example', firstName: 'Vera', lastName: '', passwordHash: await hashPassword('senha-da-vera-123'), role: 'viewer' });
      const other = await viewer.newPage();
      await signInOnPage(other, base, { login: 'vera', password: 'senha-da-vera-123' });
      for (const [path, list] of [['intents', 'intents'], ['dialogos', 'dialogues']] as const) {
        await other.goto(`${base}/console/${path}`);
        await expect.poll(() => other.getByTestId(`${list}-row`).count()).toBeGreaterThan(0);
        expect(await other.getByRole('button', { name: /^(Nova|Novo) / }).count()).toBe(0);
        expect(await other.getByRole('button', { name: /^Editar / }).count()).toBe(0);
        expect(await other.getByText('Seu perfil é de visualização').count()).toBe(1);
      }
      await other.goto(`${base}/console/treinamentos`);
      await expect.poll(() => other.getByTestId('training-row').count()).toBeGreaterThan(0);
      expect(await other.getByRole('button', { name: 'Treinar agora' }).count()).toBe(0);
      await other.goto(`${base}/console/configuracoes`);
      await expect.poll(() => other.getByLabel('Limite de acurácia').inputValue()).toBe('35');
      expect(await other.getByLabel('Limite de acurácia').isDisabled()).toBe(true);
      expect(await other.getByRole('button', { name: 'Ver o que vai mudar' }).count()).toBe(0);
    } finally {
      await viewer.close();
    }
  });

  it('ran without script errors or security-policy refusals', () => {
    expect(pageProblems).toEqual([]);
  });
});
