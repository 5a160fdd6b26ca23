// Issue 14 in Debian's Chromium: with a local stand-in API on 127.0.0.1 (allowed by
// HELPER_OUTBOUND_ALLOW), an administrator builds everything in the console — the contexts, a
// question, an intent, one third-party API (a URL with a
// {context}, a secret header written once and never shown again, a mapping of the answer into a
// context, the messages), tests it with "Testar" (the request with the secret masked, the answer,
// what the mapping extracted), builds a custom skill (Personalizada) that answers with the filled
// context and one button per item of a list in the answer, sees the API refused deletion while the
// skill uses it, adds the dialogue that asks for the order's number and answers with the custom
// skill, trains, and gets the API-filled answer in the test chat. Then the 4biz tickets
// pack is added from the page (against the 4biz simulator), and a viewer reads the API without
// being able to change, test or see its secret.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/admin-api/auth/password-hashing.js';
import { secretHeaderPlace } from '../src/third-party-apis/api-definition.js';
import { browserTestsEnabled } from './helpers/chromium.js';
import { openConsoleOnEmptyAssistant, signInOnPage, type ConsoleBrowser } from './helpers/console-browser.js';
import { FAKE_4BIZ_CREDENTIALS, startFake4biz, type Fake4biz } from './helpers/fake-4biz.js';
import { DESKTOP, screenshotBothWidths } from './helpers/screenshots.js';

const ADMIN = { login: 'duda', email: 'duda@acme.example', password: 'senha-da-duda-123' };
const VIEWER = { login: 'vito', email: 'vito@acme.example', password: 'senha-do-vito-123' };
const TOKEN = 'token-secreto-da-loja-42';

interface StandIn {
  url: string;
  calls: Array<{ path: string; authorization: string | undefined }>;
  close(): Promise<void>;
}

/** The shop's order API: GET /pedidos/{número} with `Authorization: Bearer TOKEN`. */
async function startStandIn(): Promise<StandIn> {
  const calls: StandIn['calls'] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '';
    calls.push({ path, authorization: req.headers.authorization });
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return reply(401, { erro: 'token inválido' });
    const match = /^\/pedidos\/([^/?]+)$/.exec(path);
    if (!match || decodeURIComponent(match[1] as string) !== 'A17') return reply(404, { erro: 'pedido não encontrado' });
    return reply(200, { pedido: { numero: 'A17', situacao: 'em trânsito', itens: [{ nome: 'Teclado' }, { nome: 'Mouse' }] } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(!browserTestsEnabled)('a third-party API and a custom skill built in the console', () => {
  let session: ConsoleBrowser;
  let standIn: StandIn;
  let fourbiz: Fake4biz;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    standIn = await startStandIn();
    fourbiz = await startFake4biz();
    session = await openConsoleOnEmptyAssistant(ADMIN, { env: { HELPER_OUTBOUND_ALLOW: '127.0.0.1' } });
    ({ page, base } = session);
  });

  afterAll(async () => {
    await session?.close();
    await standIn?.close();
    await fourbiz?.close();
  });

  async function openMenu(name: string, path: string) {
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name, exact: true }).click();
    await page.waitForURL(`${base}/console/${path}`);
  }

  const rootText = () => page.locator('#root').textContent();

  async function save(form: ReturnType<Page['getByRole']>, button: string, rows: string, count: number) {
    await form.getByRole('button', { name: button }).click();
    await expect.poll(() => page.getByTestId(rows).count()).toBe(count);
  }

  it('signs in and builds the contexts, the question and the intent', async () => {
    await session.signIn(ADMIN);
    await openMenu('Contextos', 'contextos');
    for (const [index, name] of ['pedido', 'situacao'].entries()) {
      await page.getByRole('button', { name: 'Novo contexto' }).click();
      const form = page.getByRole('form', { name: 'Novo contexto' });
      await form.getByLabel('Nome', { exact: true }).fill(name);
      await save(form, 'Novo contexto', 'contexts-row', index + 1);
    }
    await openMenu('Habilidades', 'habilidades');
    await page.getByRole('button', { name: 'Nova habilidade' }).click();
    const skill = page.getByRole('form', { name: 'Nova habilidade' });
    await skill.getByLabel('Nome', { exact: true }).fill('pergunta_pedido');
    await skill.getByLabel('Variação 1', { exact: true }).fill('Qual é o número do pedido?');
    await save(skill, 'Nova habilidade', 'skills-row', 1);
    await openMenu('Intents', 'intents');
    await page.getByRole('button', { name: 'Nova intent' }).click();
    const intent = page.getByRole('form', { name: 'Nova intent' });
    await intent.getByLabel('Nome', { exact: true }).fill('rastrear');
    const phrases = ['onde está meu pedido', 'rastrear pedido', 'situação do pedido', 'cadê minha encomenda', 'quero saber do meu pedido'];
    await intent.getByLabel('Frase 1', { exact: true }).fill(phrases[0] ?? '');
    for (const phrase of phrases.slice(1)) {
      await intent.getByLabel('Nova frase').fill(phrase);
      await intent.getByLabel('Nova frase').press('Enter');
    }
    await save(intent, 'Nova intent', 'intents-row', 1);
  });

  it('builds the API, its secret header written once and never shown back', async () => {
    await openMenu('APIs de terceiros', 'apis-de-terceiros');
    await expect.poll(() => page.getByTestId('apis-empty').count()).toBe(1);
    await page.getByRole('button', { name: 'Nova API' }).click();
    const form = page.getByRole('form', { name: 'Nova API' });
    await form.getByLabel('Nome', { exact: true }).fill('consultar_pedido');
    await form.getByLabel('Método').selectOption('GET');
    // An unknown {context} is refused, beside the URL.
    await form.getByLabel('URL', { exact: true }).fill(`${standIn.url}/pedidos/{numero}`);
    await form.getByRole('button', { name: 'Adicionar cabeçalho' }).click();
    await form.getByLabel('Chave do cabeçalho 1').fill('Authorization');
    await form.getByLabel('Secreto (cabeçalho 1)').check();
    await form.getByLabel('Valor do cabeçalho 1').fill(`Bearer ${TOKEN}`);
    await form.getByRole('button', { name: 'Adicionar mapeamento' }).click();
    await form.getByLabel('Caminho 1 na resposta').fill('pedido.situacao');
    await form.getByLabel('Contexto do mapeamento 1').selectOption('situacao');
    await form.getByLabel('Tipo do mapeamento 1').selectOption('text');
    await form.getByLabel('Mensagem do chatbot quando nada é encontrado').fill('Não encontrei o pedido {pedido}.');
    await form.getByLabel('Mensagem do chatbot quando a requisição falha').fill('A loja não respondeu agora.');
    await form.getByRole('button', { name: 'Nova API' }).click();
    await expect.poll(() => form.locator('[data-field="url"]').textContent()).toContain('O marcador “numero” não corresponde a nenhum contexto');
    expect(await form.getByLabel('URL', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('URL', { exact: true }).fill(`${standIn.url}/pedidos/{pedido}`);
    await screenshotBothWidths(page, 'apis-01-form');
    await form.getByRole('button', { name: 'Nova API' }).click();
    await expect.poll(() => page.getByTestId('apis-row').count()).toBe(1);
    expect(await rootText()).toContain('“consultar_pedido” criado.');

    const assistant = await session.test.platform.store.assistants.get('acme', 'pt');
    const [stored] = await session.test.platform.store.thirdPartyApis.list(assistant?.id ?? 0);
    expect(stored).toMatchObject({ name: 'consultar_pedido', method: 'GET', url: `${standIn.url}/pedidos/{pedido}`, mappings: [{ path: 'pedido.situacao', context: 'situacao', type: 'text' }], notFoundMessage: 'Não encontrei o pedido {pedido}.', failureMessage: 'A loja não respondeu agora.', authentication: false });
    expect(stored?.headers[0]?.secret).toBe(true);
    expect(stored?.headers[0]?.value).not.toContain(TOKEN);

    // Editing again: the secret is "Definido", its field empty; saving keeps it.
    await page.getByRole('button', { name: 'Editar consultar_pedido' }).click();
    const edit = page.getByRole('form', { name: 'Editar “consultar_pedido”' });
    expect(await edit.getByLabel('Valor do cabeçalho 1').inputValue()).toBe('');
    expect(await edit.getByTestId('api-header').textContent()).toContain('Definido');
    expect(await page.content()).not.toContain(TOKEN);
    await edit.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(rootText).toContain('“consultar_pedido” salvo.');
  });

  it('tests the API with "Testar": the request with the secret masked, the answer, what the mapping extracted', async () => {
    await page.getByRole('button', { name: 'Testar consultar_pedido' }).click();
    const panel = page.getByRole('region', { name: 'Testar “consultar_pedido”' });
    await panel.getByLabel('Valor de exemplo de pedido').fill('A17');
    await panel.getByRole('button', { name: 'Testar', exact: true }).click();
    await expect.poll(() => panel.getByTestId('api-test-result').getAttribute('data-outcome')).toBe('success');
    const request = await panel.getByTestId('api-test-request').textContent();
    expect(request).toContain(`GET ${standIn.url}/pedidos/A17`);
    expect(request).toContain('Authorization: ••••••');
    expect(await page.content()).not.toContain(TOKEN);
    expect(await panel.getByTestId('api-test-response').textContent()).toContain('"situacao": "em trânsito"');
    expect(await panel.locator('[data-testid="api-test-extracted"][data-context="situacao"]').textContent()).toContain('em trânsito');
    // The stand-in got the secret in clear: the stored value was kept by the save without it.
    expect(standIn.calls.at(-1)).toEqual({ path: '/pedidos/A17', authorization: `Bearer ${TOKEN}` });
    await screenshotBothWidths(page, 'apis-02-testar');

    // An unknown order: nothing extracted, and the message the assistant would say.
    await panel.getByLabel('Valor de exemplo de pedido').fill('B99');
    await panel.getByRole('button', { name: 'Testar', exact: true }).click();
    await expect.poll(() => panel.getByTestId('api-test-result').getAttribute('data-outcome')).toBe('notFound');
    expect(await panel.getByTestId('api-test-result').textContent()).toContain('O assistente diria: “Não encontrei o pedido {pedido}.”');
    await panel.getByRole('button', { name: 'Fechar' }).click();
  });

  it('builds a custom skill (Personalizada) with the answer text and buttons from a list', async () => {
    await openMenu('Habilidades', 'habilidades');
    await page.getByRole('button', { name: 'Nova habilidade' }).click();
    const form = page.getByRole('form', { name: 'Nova habilidade' });
    await form.getByLabel('Nome', { exact: true }).fill('situacao_do_pedido');
    await form.getByLabel('Tipo').selectOption('custom');
    await form.getByLabel('API de terceiros').selectOption('consultar_pedido');
    await expect.poll(() => form.getByTestId('custom-messages').textContent()).toContain('A loja não respondeu agora.');
    await form.getByLabel('Texto da resposta').fill('Seu pedido {pedido} está {situacao}.');
    await form.getByLabel('Mostrar um botão para cada item de uma lista da resposta').check();
    await form.getByLabel('Caminho da lista na resposta').fill('pedido.itens');
    await form.getByLabel('Título de cada botão').fill('{nome}');
    await form.getByLabel('Valor de cada botão').fill('detalhes de {nome}');
    await screenshotBothWidths(page, 'apis-03-habilidade');
    await form.getByRole('button', { name: 'Nova habilidade' }).click();
    await expect.poll(() => page.getByTestId('skills-row').count()).toBe(2);
    expect(await page.locator('[data-testid="skills-row"][data-name="situacao_do_pedido"]').textContent()).toContain('Personalizada');
    const content = await session.content();
    expect(content.skills.find((skill) => skill.name === 'situacao_do_pedido')).toEqual({
      name: 'situacao_do_pedido',
      fallback: false,
      kind: 'custom',
      texts: ['Seu pedido {pedido} está {situacao}.'],
      custom: { api: 'consultar_pedido', listButtons: { path: 'pedido.itens', title: '{nome}', payload: 'detalhes de {nome}' } },
    });
    // The dialogue: the intent, the custom skill, and the order's number asked for first.
    await openMenu('Diálogos', 'dialogos');
    await page.getByRole('button', { name: 'Novo diálogo' }).click();
    const dialogue = page.getByRole('form', { name: 'Novo diálogo' });
    await dialogue.getByLabel('Nome', { exact: true }).fill('rastreio');
    await dialogue.getByRole('checkbox', { name: 'rastrear', exact: true }).check();
    await dialogue.getByLabel('Habilidade', { exact: true }).selectOption('situacao_do_pedido');
    await dialogue.getByRole('button', { name: 'Adicionar contexto a perguntar' }).click();
    await dialogue.getByLabel('Contexto 1', { exact: true }).selectOption('pedido');
    await dialogue.getByLabel('Pergunta do contexto 1').selectOption('pergunta_pedido');
    await save(dialogue, 'Novo diálogo', 'dialogues-row', 1);
    expect((await session.content()).dialogues).toEqual([{ name: 'rastreio', intents: ['rastrear'], skill: 'situacao_do_pedido', slots: [{ context: 'pedido', question: 'pergunta_pedido' }] }]);
  });

  it('refuses to delete the API while the skill uses it, and says which', async () => {
    await openMenu('APIs de terceiros', 'apis-de-terceiros');
    const row = page.locator('[data-testid="apis-row"][data-name="consultar_pedido"]');
    await row.getByRole('button', { name: 'Remover' }).click();
    await row.getByRole('button', { name: 'Confirmar' }).click();
    await expect.poll(() => page.getByTestId('in-use').textContent()).toContain('Habilidade: situacao_do_pedido');
    await screenshotBothWidths(page, 'apis-04-em-uso');
    expect(await page.getByTestId('apis-row').count()).toBe(1);
  });

  it('trains, and the test chat answers with what the API filled', async () => {
    await openMenu('Treinamentos', 'treinamentos');
    await page.getByRole('button', { name: 'Treinar agora' }).click();
    await expect.poll(() => page.locator('[data-testid="training-row"]').first().getAttribute('data-status'), { timeout: 60_000, interval: 500 }).toBe('succeeded');
    await openMenu('Chat de teste', 'chat-de-teste');
    const input = page.getByLabel('Sua mensagem');
    const bot = page.getByTestId('bot-message');
    await input.fill('onde está meu pedido');
    await input.press('Enter');
    await expect.poll(() => bot.count()).toBe(1);
    expect(await bot.nth(0).textContent()).toBe('Qual é o número do pedido?');
    await input.fill('A17');
    await input.press('Enter');
    await expect.poll(() => bot.count()).toBe(2);
    expect(await bot.nth(1).textContent()).toBe('Seu pedido A17 está em trânsito.TecladoMouse');
    expect(standIn.calls.at(-1)).toEqual({ path: '/pedidos/A17', authorization: `Bearer ${TOKEN}` });
    await screenshotBothWidths(page, 'apis-05-chat');
  });

  it("shows the API's history under its form and restores an earlier version of it, its secret kept", async () => {
    await openMenu('APIs de terceiros', 'apis-de-terceiros');
    await page.getByRole('button', { name: 'Editar consultar_pedido' }).click();
    const edit = page.getByRole('form', { name: 'Editar “consultar_pedido”' });
    await edit.getByLabel('URL', { exact: true }).fill(`${standIn.url}/pedidos/{pedido}?versao=2`);
    await edit.getByLabel('Valor do cabeçalho 1').fill('Bearer outro-token-da-loja');
    await edit.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(rootText).toContain('“consultar_pedido” salvo.');
    await page.getByRole('button', { name: 'Editar consultar_pedido' }).click();
    const history = page.getByRole('region', { name: 'Histórico de “consultar_pedido”' });
    await expect.poll(() => history.getByTestId('item-version').count()).toBe(2);
    // The secret's new value is named as changed, never shown.
    expect(await history.getByTestId('item-version').first().textContent()).toContain('Valor secreto alterado: Authorization.');
    expect(await page.content()).not.toContain(TOKEN);
    expect(await page.content()).not.toContain('outro-token-da-loja');
    await history.getByTestId('item-version').nth(1).getByRole('button', { name: 'Restaurar esta versão' }).click();
    await page.getByRole('button', { name: 'Confirmar' }).click();
    await expect.poll(rootText).toContain('“consultar_pedido” restaurado.');
    const assistant = await session.test.platform.store.assistants.get('acme', 'pt');
    const stored = (await session.test.platform.store.thirdPartyApis.list(assistant?.id ?? 0)).find((api) => api.name === 'consultar_pedido');
    expect(stored?.url).toBe(`${standIn.url}/pedidos/{pedido}`);
    expect(session.test.platform.secrets.decrypt(stored?.headers[0]?.value ?? '', secretHeaderPlace(assistant?.id ?? 0, 'consultar_pedido', stored?.headers[0]?.name ?? ''))).toBe(`Bearer ${TOKEN}`);
  });

  it('adds the 4biz tickets pack from the page, its password sent once and never shown', async () => {
    await openMenu('APIs de terceiros', 'apis-de-terceiros');
    await page.getByRole('button', { name: 'Pacote de chamados 4biz' }).click();
    const form = page.getByRole('form', { name: 'Adicionar o pacote de chamados 4biz' });
    await form.getByLabel('Endereço do 4biz').fill(fourbiz.base);
    await form.getByLabel('Login do 4biz').fill(FAKE_4BIZ_CREDENTIALS.login);
    await form.getByLabel('Senha do 4biz').fill(FAKE_4BIZ_CREDENTIALS.password);
    await form.getByRole('button', { name: 'Adicionar o pacote' }).click();
    await expect.poll(() => form.textContent()).toContain('Pacote adicionado');
    expect(await form.getByLabel('Senha do 4biz').inputValue()).toBe('');
    await expect.poll(() => page.getByTestId('apis-row').count()).toBe(5);
    expect(await page.content()).not.toContain(FAKE_4BIZ_CREDENTIALS.password);
    expect(await page.locator('[data-testid="apis-row"][data-name="fourbiz_login"]').textContent()).toContain('autenticação');
    await screenshotBothWidths(page, 'apis-06-pacote-4biz');
  });

  it('shows a viewer the API read-only: no change, no test, never the secret', async () => {
    await session.test.platform.store.users.create({ serverName: 'acme', login: VIEWER.login, email: VIEWER.email, firstName: 'Vito', lastName: '', passwordHash: await hashPassword(VIEWER.password), role: 'viewer' });
    const viewer = await (await session.browser.newContext({ viewport: DESKTOP, locale: 'pt-BR' })).newPage();
    await signInOnPage(viewer, base, VIEWER);
    await viewer.goto(`${base}/console/apis-de-terceiros`);
    await expect.poll(() => viewer.getByTestId('apis-row').count()).toBe(5);
    expect(await viewer.getByRole('button', { name: 'Nova API' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: /^Testar / }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Remover' }).count()).toBe(0);
    await viewer.getByRole('button', { name: 'Ver consultar_pedido' }).click();
    const form = viewer.getByRole('form', { name: 'consultar_pedido' });
    expect(await form.getByLabel('URL', { exact: true }).isDisabled()).toBe(true);
    expect(await form.getByLabel('Valor do cabeçalho 1').isDisabled()).toBe(true);
    expect(await form.getByLabel('Valor do cabeçalho 1').inputValue()).toBe('');
    expect(await form.getByTestId('api-header').textContent()).toContain('Definido');
    expect(await form.getByRole('button', { name: 'Salvar' }).count()).toBe(0);
    // Its history, read only.
    await expect.poll(() => viewer.getByTestId('item-version').count()).toBe(3);
    expect(await viewer.getByRole('button', { name: 'Restaurar esta versão' }).count()).toBe(0);
    expect(await viewer.content()).not.toContain(TOKEN);
    await viewer.getByRole('button', { name: 'Ver fourbiz_login' }).click();
    // The API is read when its form opens: look at the page once it shows it, not before.
    await viewer.getByRole('form', { name: 'fourbiz_login' }).waitFor();
    expect(await viewer.content()).not.toContain(FAKE_4BIZ_CREDENTIALS.password);
    await screenshotBothWidths(viewer, 'apis-07-leitura');
    await viewer.context().close();
  });
});
