// Portuguese everywhere, the rest of issue 16 item 1: the console walked in pt-BR in Debian's
// Chromium against a real platform shows an import's line errors, the "Testar" panel of a
// third-party API whose mapping finds nothing and a failed "Verificar conexão" of Messenger in
// Portuguese — each said from the API's code and params, with no English sentence of the API
// (every PROBLEM_CODES sentence is looked for). Screenshots in test-results/screenshots/errors-*.png.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_CODES } from '../src/admin-api/problem-codes.js';
import { FACEBOOK_PAGE_ACCESS_TOKEN } from '../src/channels/facebook/facebook-settings.js';
import { browserTestsEnabled } from './helpers/chromium.js';
import { openConsoleOnEmptyAssistant, type ConsoleBrowser } from './helpers/console-browser.js';
import { screenshotBothWidths } from './helpers/screenshots.js';

const ADMIN = { login: 'ana', email: 'ana@acme.example', password: 'senha-da-ana-123' };
const ADMIN_TOKEN = 'admin-token-for-import-error-tests-0123456789';

/** The English of the API: each code's sentence cut at its params, and the English reasons the codes replace. */
const ENGLISH = [
  ...new Set(
    Object.values(PROBLEM_CODES)
      .flatMap((sentence) => sentence.split(/\{\w+\}/))
      .map((part) => part.replace(/^[\s"(:;,]+|[\s")\-:;,.]+$/g, ''))
      .filter((part) => part.length >= 12),
  ),
  'must be a list',
  'nothing found at',
  'not in the answer',
  'could not be reached',
  'unknown key',
];

async function english(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return ENGLISH.filter((sentence) => text.includes(sentence));
}

const BROKEN = `version: 1
themes: [geral]
intents:
  - name: saudacao
    theme: vendas
    frases: [oi]
    phrases: oi
`;

/** Nothing the file reader refuses: the assistant has no secret to keep, which only the save knows. */
const SECRET_WITHOUT_VALUE = `version: 1
apis:
  - name: entrar
    method: POST
    url: https://itsm.example/login
    headers:
      - {name: x-key, secret: true}
`;

describe.skipIf(!browserTestsEnabled)('the console in pt-BR: import lines, Testar and a connection check translated', () => {
  let session: ConsoleBrowser;
  let page: Page;
  let base: string;
  let standIn: Server;

  beforeAll(async () => {
    // An API that answers without what the mapping reads.
    standIn = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ outro: 1 }));
    });
    await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
    const standInUrl = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
    session = await openConsoleOnEmptyAssistant(ADMIN, { env: { HELPER_OUTBOUND_ALLOW: '127.0.0.1', HELPER_ADMIN_TOKEN: ADMIN_TOKEN, HELPER_GRAPH_API_URL: 'http://127.0.0.1:9' } });
    ({ page, base } = session);
    const admin = (method: 'POST' | 'PUT', url: string, payload: Record<string, unknown>) =>
      session.test.app.inject({ method, url: `/api/admin/servers/acme/assistants/pt${url}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload });
    expect((await admin('POST', '/contexts', { name: 'situacao', type: 'text' })).statusCode).toBe(201);
    const saved = await admin('PUT', '/apis/consultar_pedido', { method: 'GET', url: `${standInUrl}/pedidos/A17`, mappings: [{ path: 'pedido.situacao', context: 'situacao' }] });
    expect(saved.statusCode).toBe(200);
    const { platform } = session.test;
    const assistant = await platform.store.assistants.get('acme', 'pt');
    if (!assistant) throw new Error('no assistant');
    await platform.store.secrets.set(assistant.id, FACEBOOK_PAGE_ACCESS_TOKEN, platform.secrets.encrypt('page-token-0123', { assistantId: assistant.id, name: FACEBOOK_PAGE_ACCESS_TOKEN }));
    await session.signIn(ADMIN);
  });

  afterAll(async () => {
    await session?.close();
    await new Promise<void>((resolve) => (standIn ? standIn.close(() => resolve()) : resolve()));
  });

  it('lists every line error of an import at its place, in Portuguese', async () => {
    await page.goto(`${base}/console/configuracoes`);
    const section = page.getByTestId('migrations');
    await section.getByLabel('Arquivo ou projeto').setInputFiles({ name: 'pt.yaml', mimeType: 'application/yaml', buffer: Buffer.from(BROKEN) });
    const list = section.locator('.problem-list');
    await expect.poll(() => list.locator('li').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    const lines = await list.locator('li').allTextContents();
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^pt\.yaml:5:\d+ intents\[0\]\.theme — Tema “vendas” não existe\.$/),
        expect.stringMatching(/^pt\.yaml:6:\d+ intents\[0\]\.frases — Chave desconhecida “frases”; você quis dizer “phrases”\?$/),
        expect.stringMatching(/^pt\.yaml:7:\d+ intents\[0\]\.phrases — Deve ser uma lista, não um texto\.$/),
      ]),
    );
    expect(await english(page)).toEqual([]);
    await screenshotBothWidths(page, 'errors-import-lines');
  });

  it("places an assistant file's API problem found only when it is saved (a secret without its value) at its line and column", async () => {
    await page.goto(`${base}/console/configuracoes`);
    const section = page.getByRole('region', { name: 'Arquivo do assistente' });
    await section.getByLabel('Importar arquivo').setInputFiles({ name: 'pt.yaml', mimeType: 'application/yaml', buffer: Buffer.from(SECRET_WITHOUT_VALUE) });
    await section.getByRole('button', { name: 'Importar', exact: true }).click();
    const notice = section.locator('.notice');
    await expect.poll(() => notice.textContent(), { timeout: 20_000 }).toContain('assistant.yaml:7:9 apis[0].headers[0].value — Um valor secreto precisa ser informado');
    expect(await english(page)).toEqual([]);
  });

  it('says in Portuguese why Testar found nothing and what the mapping could not take', async () => {
    await page.goto(`${base}/console/apis-de-terceiros`);
    await page.getByRole('button', { name: 'Testar consultar_pedido' }).click();
    const panel = page.getByRole('region', { name: 'Testar “consultar_pedido”' });
    await panel.getByRole('button', { name: 'Testar', exact: true }).click();
    await expect.poll(() => panel.getByTestId('api-test-reason').textContent(), { timeout: 20_000 }).toBe('consultar_pedido: Nada encontrado em pedido.situacao.');
    expect(await panel.getByTestId('api-test-step-reason').textContent()).toBe('Nada encontrado em pedido.situacao.');
    expect(await panel.getByTestId('api-test-extracted').textContent()).toContain('não está na resposta');
    expect(await english(page)).toEqual([]);
    await screenshotBothWidths(page, 'errors-api-test');
  });

  it('says a failed connection check of Messenger in Portuguese', async () => {
    await page.goto(`${base}/console/integracoes/facebook-messenger`);
    const result = page.getByTestId('facebook-check');
    await page.locator('section', { has: result }).getByRole('button', { name: 'Verificar conexão' }).click();
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toContain('Não foi possível alcançar a Graph API.');
    expect(await english(page)).toEqual([]);
    await screenshotBothWidths(page, 'errors-integration-check');
  });
});
