// Issue 13's "Done when", in Debian's Chromium against a real platform on 127.0.0.1 with an EMPTY
// assistant: through the console only, a two-question flow with a confirmation is built — two
// contexts (one forgotten with its dialogue), the questions, the confirmation and the final skill
// (with a variant chosen by a condition), a dialogue that asks for both — trained in
// Treinamentos, then completed in the test chat (value buttons, a correction at the confirmation)
// and left with "cancelar". A flow warning shows at the skill's form and in the training history,
// and goes once the skill gets a text without the placeholder. Each step is photographed.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsEnabled } from './helpers/chromium.js';
import { openConsoleOnEmptyAssistant, type ConsoleBrowser } from './helpers/console-browser.js';
import { screenshotBothWidths } from './helpers/screenshots.js';
import type { TestPlatform } from './helpers/test-platform.js';

const ADMIN = { login: 'bia', email: 'bia@acme.example', password: 'senha-da-bia-123' };

describe.skipIf(!browserTestsEnabled)('a flow that asks, confirms and forgets, built in the console', () => {
  let session: ConsoleBrowser;
  let test: TestPlatform;
  let page: Page;
  let base: string;
  let pageProblems: string[];

  beforeAll(async () => {
    session = await openConsoleOnEmptyAssistant(ADMIN);
    ({ test, page, base, pageProblems } = session);
  });

  afterAll(async () => {
    await session?.close();
  });

  const content = () => session.content();

  async function openMenu(name: string, path: string) {
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name, exact: true }).click();
    await page.waitForURL(`${base}/console/${path}`);
  }

  async function save(form: ReturnType<Page['getByRole']>, button: string, rows: string, count: number) {
    await form.getByRole('button', { name: button }).click();
    await expect.poll(() => page.getByTestId(rows).count()).toBe(count);
  }

  it('signs in', async () => {
    await session.signIn(ADMIN);
  });

  it('Contextos: the equipment (values) and the description, forgotten with its dialogue', async () => {
    await openMenu('Contextos', 'contextos');
    await page.getByRole('button', { name: 'Novo contexto' }).click();
    let form = page.getByRole('form', { name: 'Novo contexto' });
    await form.getByLabel('Nome', { exact: true }).fill('equipamento');
    await form.getByLabel('Valor 1', { exact: true }).fill('impressora');
    await form.getByLabel('Sinônimos do valor 1').fill('imp, printer');
    await form.getByRole('button', { name: 'Adicionar valor' }).click();
    await form.getByLabel('Valor 2', { exact: true }).fill('computador');
    await form.getByLabel('Lembrar o valor durante').selectOption('session');
    await save(form, 'Novo contexto', 'contexts-row', 1);

    await page.getByRole('button', { name: 'Novo contexto' }).click();
    form = page.getByRole('form', { name: 'Novo contexto' });
    await form.getByLabel('Nome', { exact: true }).fill('descricao');
    await form.getByLabel('Lembrar o valor durante').selectOption('dialogue');
    expect(await form.getByText('Esquecido quando outro diálogo começa').count()).toBe(1);
    // A system entity takes the place of the values.
    await form.getByLabel('Reconhecer').selectOption('date');
    expect(await form.getByLabel('Valor 1', { exact: true }).count()).toBe(0);
    await form.getByLabel('Reconhecer').selectOption('');
    await screenshotBothWidths(page, 'flow-01-contexto');
    await save(form, 'Novo contexto', 'contexts-row', 2);
    expect((await content()).contexts).toEqual([
      { name: 'equipamento', type: 'text', lifetime: 'session', values: [{ value: 'impressora', synonyms: ['imp', 'printer'] }, { value: 'computador', synonyms: [] }] },
      { name: 'descricao', type: 'text', lifetime: 'dialogue', values: [] },
    ]);
  });

  it('Intents: opening a ticket, and a greeting', async () => {
    await openMenu('Intents', 'intents');
    const add = async (name: string, phrases: string[], count: number) => {
      await page.getByRole('button', { name: 'Nova intent' }).click();
      const form = page.getByRole('form', { name: 'Nova intent' });
      await form.getByLabel('Nome', { exact: true }).fill(name);
      await form.getByLabel('Frase 1', { exact: true }).fill(phrases[0] ?? '');
      for (const phrase of phrases.slice(1)) {
        await form.getByLabel('Nova frase').fill(phrase);
        await form.getByLabel('Nova frase').press('Enter');
      }
      await save(form, 'Nova intent', 'intents-row', count);
    };
    await add('abrir_chamado', ['quero abrir um chamado', 'abrir chamado', 'abre um chamado pra mim', 'preciso registrar um chamado', 'criar um ticket'], 1);
    await add('saudacao', ['oi', 'olá', 'bom dia', 'boa tarde', 'e aí'], 2);
  });

  it('Habilidades: the questions, the confirmation, the final skill with a variant, a greeting the flow check flags', async () => {
    await openMenu('Habilidades', 'habilidades');
    let count = 0;
    const add = async (name: string, text: string, options: { fallback?: boolean; then?: (form: ReturnType<Page['getByRole']>) => Promise<void> } = {}) => {
      await page.getByRole('button', { name: 'Nova habilidade' }).click();
      const form = page.getByRole('form', { name: 'Nova habilidade' });
      await form.getByLabel('Nome', { exact: true }).fill(name);
      await form.getByLabel('Variação 1', { exact: true }).fill(text);
      if (options.fallback) await form.getByLabel(/fallback/).check();
      await options.then?.(form);
      await save(form, 'Nova habilidade', 'skills-row', ++count);
    };
    await add('perguntar_equipamento', 'Qual equipamento está com problema?');
    await add('perguntar_descricao', 'Descreva o problema com {equipamento}, por favor.');
    await add('confirmar_chamado', 'Confirma o chamado: {equipamento} — {descricao}?');
    await add('chamado_registrado', 'Chamado DEMO-{$random} registrado: {equipamento}.', {
      then: async (form) => {
        // A variant: the printer gets its own text.
        await form.getByRole('button', { name: 'Adicionar variante' }).click();
        await form.getByLabel('Contexto da condição 1 da variante 1').selectOption('equipamento');
        await form.getByLabel('Comparação da condição 1 da variante 1').selectOption('equals');
        await form.getByLabel('Valor da condição 1 da variante 1').fill('imp');
        await form.getByLabel('Texto 1 da variante 1').fill('Chamado DEMO-{$random} registrado: um técnico vai levar toner para a impressora.');
        await screenshotBothWidths(page, 'flow-02-habilidade-variante');
      },
    });
    await add('boas_vindas', 'Olá! Ainda precisa de ajuda com {equipamento}?');
    await add('nao_entendi', 'Desculpe, não entendi.', { fallback: true });
    // The synonym in the condition is stored as its value.
    expect((await content()).skills.find((skill) => skill.name === 'chamado_registrado')?.variants).toEqual([
      { when: [{ context: 'equipamento', operator: 'equals', value: 'impressora' }], texts: ['Chamado DEMO-{$random} registrado: um técnico vai levar toner para a impressora.'] },
    ]);
  });

  it('Diálogos: a dialogue that asks for both contexts, values as buttons, and confirms', async () => {
    await openMenu('Diálogos', 'dialogos');
    await page.getByRole('button', { name: 'Novo diálogo' }).click();
    let form = page.getByRole('form', { name: 'Novo diálogo' });
    await form.getByLabel('Nome', { exact: true }).fill('chamado');
    await form.getByRole('checkbox', { name: 'abrir_chamado', exact: true }).check();
    await form.getByLabel('Habilidade', { exact: true }).selectOption('chamado_registrado');
    await form.getByRole('button', { name: 'Adicionar contexto a perguntar' }).click();
    await form.getByLabel('Contexto 1', { exact: true }).selectOption('equipamento');
    await form.getByLabel('Pergunta do contexto 1').selectOption('perguntar_equipamento');
    await form.getByLabel('Mostrar os valores do contexto 1 como botões').check();
    await form.getByRole('button', { name: 'Adicionar contexto a perguntar' }).click();
    await form.getByLabel('Contexto 2', { exact: true }).selectOption('descricao');
    // A question that does not exist yet cannot be chosen; a wrong number of attempts is refused beside its field.
    await form.getByLabel('Tentativas do contexto 2').fill('0');
    await form.getByRole('button', { name: 'Novo diálogo' }).click();
    await expect.poll(() => form.locator('.field-error').first().getAttribute('data-field')).toBe('slots.1.maxAttempts');
    expect(await form.locator('.field-error').first().textContent()).toBe('Informe um número inteiro de 1 a 10.');
    await screenshotBothWidths(page, 'flow-03-dialogo-erro');
    await form.getByLabel('Tentativas do contexto 2').fill('');
    await form.getByLabel('Pergunta do contexto 2').selectOption('perguntar_descricao');
    await form.getByLabel('Nome no resumo do contexto 2').fill('descrição');
    await form.getByLabel('Confirmação').selectOption('confirmar_chamado');
    await screenshotBothWidths(page, 'flow-04-dialogo');
    await save(form, 'Novo diálogo', 'dialogues-row', 1);

    await page.getByRole('button', { name: 'Novo diálogo' }).click();
    form = page.getByRole('form', { name: 'Novo diálogo' });
    await form.getByLabel('Nome', { exact: true }).fill('oi');
    await form.getByRole('checkbox', { name: 'saudacao', exact: true }).check();
    await form.getByLabel('Habilidade', { exact: true }).selectOption('boas_vindas');
    await save(form, 'Novo diálogo', 'dialogues-row', 2);
    expect((await content()).dialogues[0]).toEqual({
      name: 'chamado',
      intents: ['abrir_chamado'],
      skill: 'chamado_registrado',
      slots: [
        { context: 'equipamento', question: 'perguntar_equipamento', valuesAsButtons: true },
        { context: 'descricao', question: 'perguntar_descricao', label: 'descrição' },
      ],
      confirm: 'confirmar_chamado',
    });
    expect(await page.locator('[data-testid="dialogues-row"][data-name="chamado"]').textContent()).toContain('equipamento, descricao');
  });

  it('shows the flow warning at the skill’s form and in the training history, until the skill is fixed', async () => {
    await openMenu('Treinamentos', 'treinamentos');
    await page.getByRole('button', { name: 'Treinar agora' }).click();
    await expect.poll(() => page.locator('[data-testid="training-row"]').first().getAttribute('data-status'), { timeout: 60_000, interval: 500 }).toBe('succeeded');
    const row = page.locator('[data-testid="training-row"]').first();
    await expect.poll(() => row.textContent()).toContain('Habilidade “boas_vindas”: Todos os textos usam {equipamento}, que pode estar vazio quando esta habilidade responde');
    await screenshotBothWidths(page, 'flow-05-treinamento-aviso');

    await openMenu('Habilidades', 'habilidades');
    await page.getByRole('button', { name: 'Editar boas_vindas' }).click();
    const form = page.getByRole('form', { name: 'Editar “boas_vindas”' });
    await expect.poll(() => form.getByTestId('flow-warnings').textContent()).toMatch(/^Avisos do fluxo \(1\)/);
    // The warning itself is beside the texts it is about.
    expect(await form.locator('.field-warning[data-field="texts"]').textContent()).toContain('(ficaria “Olá! Ainda precisa de ajuda com?”)');
    await screenshotBothWidths(page, 'flow-06-habilidade-aviso');
    await form.getByLabel('Variação 1', { exact: true }).fill('Olá! Como posso ajudar?');
    await form.getByRole('button', { name: 'Adicionar variante' }).click();
    await form.getByLabel('Contexto da condição 1 da variante 1').selectOption('equipamento');
    await form.getByLabel('Texto 1 da variante 1').fill('Olá! Ainda precisa de ajuda com {equipamento}?');
    await form.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('“boas_vindas” salva.');
    await page.getByRole('button', { name: 'Editar boas_vindas' }).click();
    await expect.poll(() => page.getByRole('form', { name: 'Editar “boas_vindas”' }).getByLabel('Texto 1 da variante 1').inputValue()).toBe('Olá! Ainda precisa de ajuda com {equipamento}?');
    expect(await page.getByTestId('flow-warnings').count()).toBe(0);
    await page.getByRole('button', { name: 'Cancelar' }).click();

    await openMenu('Treinamentos', 'treinamentos');
    await page.getByRole('button', { name: 'Treinar agora' }).click();
    await expect.poll(() => page.getByTestId('training-version').first().textContent(), { timeout: 60_000, interval: 500 }).toBe('2');
    await expect.poll(() => page.locator('[data-testid="training-row"]').first().getAttribute('data-status')).toBe('succeeded');
    expect(await page.locator('[data-testid="training-row"]').first().textContent()).not.toContain('boas_vindas');
  });

  it('the test chat completes the flow: value buttons, a correction at the confirmation, the final skill', async () => {
    await openMenu('Chat de teste', 'chat-de-teste');
    const input = page.getByLabel('Sua mensagem');
    const bot = page.getByTestId('bot-message');
    const say = async (text: string, replies: number) => {
      await input.fill(text);
      await input.press('Enter');
      await expect.poll(() => bot.count()).toBe(replies);
    };
    await say('oi', 1);
    expect(await bot.nth(0).textContent()).toBe('Olá! Como posso ajudar?');
    await say('quero abrir um chamado', 2);
    expect(await bot.nth(1).textContent()).toBe('Qual equipamento está com problema?ImpressoraComputador');
    await bot.nth(1).getByRole('button', { name: 'Impressora' }).click();
    await expect.poll(() => bot.count()).toBe(3);
    expect(await bot.nth(2).textContent()).toBe('Descreva o problema com impressora, por favor.');
    // Under the user's message: what the dialogue was asking for.
    expect(await page.getByTestId('asking').last().textContent()).toBe('Resposta a “equipamento”, que o diálogo chamado perguntou');
    await say('não imprime nada', 4);
    expect(await bot.nth(3).textContent()).toBe('Confirma o chamado: impressora — não imprime nada?SimNão');
    await screenshotBothWidths(page, 'flow-07-chat-confirmacao');
    // "Não": what to change; the equipment; the other value's button; the summary again.
    await bot.nth(3).getByRole('button', { name: 'Não' }).click();
    await expect.poll(() => bot.count()).toBe(5);
    expect(await bot.nth(4).textContent()).toBe('O que você quer corrigir?EquipamentoDescriçãoCancelar');
    await bot.nth(4).getByRole('button', { name: 'Equipamento' }).click();
    await expect.poll(() => bot.count()).toBe(6);
    await bot.nth(5).getByRole('button', { name: 'Computador' }).click();
    await expect.poll(() => bot.count()).toBe(7);
    expect(await bot.nth(6).textContent()).toBe('Confirma o chamado: computador — não imprime nada?SimNão');
    await bot.nth(6).getByRole('button', { name: 'Sim' }).click();
    await expect.poll(() => bot.count()).toBe(8);
    expect(await bot.nth(7).textContent()).toMatch(/^Chamado DEMO-\d{6} registrado: computador\.$/);
    await screenshotBothWidths(page, 'flow-08-chat-concluido');
    // The equipment is remembered for the session: the greeting's variant uses it.
    await say('oi', 9);
    expect(await bot.nth(8).textContent()).toBe('Olá! Ainda precisa de ajuda com computador?');
  });

  it('the test chat leaves the flow on "cancelar", forgetting what was answered', async () => {
    await page.getByRole('button', { name: 'Nova conversa' }).click();
    const input = page.getByLabel('Sua mensagem');
    const bot = page.getByTestId('bot-message');
    await input.fill('abrir chamado');
    await input.press('Enter');
    await expect.poll(() => bot.count()).toBe(1);
    await bot.nth(0).getByRole('button', { name: 'Impressora' }).click();
    await expect.poll(() => bot.count()).toBe(2);
    await input.fill('cancelar');
    await input.press('Enter');
    await expect.poll(() => bot.count()).toBe(3);
    expect(await bot.nth(2).textContent()).toBe('Tudo bem, cancelei. Se precisar, é só chamar.');
    await input.fill('oi');
    await input.press('Enter');
    await expect.poll(() => bot.count()).toBe(4);
    expect(await bot.nth(3).textContent()).toBe('Olá! Como posso ajudar?');
    await screenshotBothWidths(page, 'flow-09-chat-cancelado');
    expect(pageProblems).toEqual([]);
  });
});
