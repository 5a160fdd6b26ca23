// Issue 21's "Done when" in Chromium: Configurações › Migrações imports a workspace from the
// Watson API (a local fake of its v1 API) — key, URL and version, the workspace picked, the preview
// with what is skipped — and the Histórico de importações lists it with its report to download.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsEnabled } from './helpers/chromium.js';
import { openConsoleOnEmptyAssistant, type ConsoleBrowser } from './helpers/console-browser.js';
import { startFakeWatsonApi, type FakeWatsonApi } from './helpers/fake-watson-api.js';
import { screenshotBothWidths } from './helpers/screenshots.js';

const ADMIN = { login: 'ana', email: 'ana@acme.example', password: 'senha-da-ana-123' };
const API_KEY = 'watson-console-key-0123456789';

describe.skipIf(!browserTestsEnabled)('Migrações in the console', () => {
  let session: ConsoleBrowser;
  let watson: FakeWatsonApi;
  let page: Page;

  beforeAll(async () => {
    const workspace = JSON.parse(await readFile(new URL('./fixtures/watson-help-desk.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    watson = await startFakeWatsonApi(API_KEY, [workspace]);
    session = await openConsoleOnEmptyAssistant(ADMIN, { acceptDownloads: true, env: { HELPER_OUTBOUND_ALLOW: '127.0.0.1' } });
    page = session.page;
  });
  afterAll(async () => {
    await session?.close();
    await watson?.close();
  });

  it('imports a workspace from the Watson API after its preview, and lists it in the history with its report', async () => {
    const { base } = session;
    await page.goto(`${base}/console/`);
    await page.getByLabel('Login').fill(ADMIN.login);
    await page.getByLabel('Senha').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.waitForURL(/\/console\/integracoes$/);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Configurações', exact: true }).click();
    await page.waitForURL(`${base}/console/configuracoes`);

    const section = page.getByTestId('migrations');
    await expect.poll(() => section.getByText('Nenhuma importação ainda.').count()).toBe(1);
    const api = section.getByTestId('watson-api');
    await api.getByLabel('URL da instância').fill(watson.url);
    await api.getByLabel('Versão da API').fill('2021-06-14');
    await api.getByLabel('Chave de API (guardada cifrada)').fill(API_KEY);
    await api.getByRole('button', { name: 'Listar workspaces' }).click();
    const picker = api.getByLabel('Workspace');
    await expect.poll(() => picker.locator('option').allTextContents(), { timeout: 10_000 }).toEqual(['Central de Serviços (pt-br)']);
    // The key field is emptied once it is kept (sealed) by the server.
    expect(await api.getByLabel('Chave de API (guardada cifrada)').inputValue()).toBe('');
    await api.getByRole('button', { name: 'Ver prévia' }).click();

    const plan = section.getByTestId('migration-plan');
    // Reading the workspace runs in a worker thread, which takes a few seconds to start from sources.
    await expect.poll(() => plan.count(), { timeout: 20_000 }).toBe(1);
    expect(await plan.textContent()).toContain('dialoguesAdded: 31');
    await plan.getByText('Itens ignorados (24)').click();
    expect(await plan.getByTestId('migration-skipped').textContent()).toContain('skipped node "node_antigo" (Elogio antigo): the node is disabled');
    await screenshotBothWidths(page, 'migrations-01-preview');
    expect((await session.content()).dialogues).toEqual([]);

    await section.getByRole('button', { name: 'Importar', exact: true }).click();
    await expect.poll(() => section.getByRole('status').first().textContent(), { timeout: 20_000 }).toContain('importado. Treine o assistente');
    const history = section.getByTestId('migration-history');
    await expect.poll(() => history.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1);
    const row = history.locator('tbody tr').first();
    expect(await row.locator('td').nth(0).textContent()).toBe('Central de Serviços (9f2c1d3e-0000-4a5b-8c7d-123456789abc)');
    expect(await row.locator('td').nth(2).textContent()).toBe('API do Watson');
    expect(await row.locator('td').nth(3).textContent()).toBe('Importado');
    const download = page.waitForEvent('download');
    await row.getByRole('link').click();
    const file = await (await download).path();
    const report = await readFile(file, 'utf8');
    expect(report).toContain('kept node "node_chamado" (Abrir chamado): dialogue "Abrir chamado" on #abrir_chamado answered by skill "Abrir chamado"');
    await screenshotBothWidths(page, 'migrations-02-history');
    expect((await session.content()).dialogues.map((dialogue) => dialogue.name)).toContain('Abrir chamado');
    expect(session.pageProblems).toEqual([]);
  });
});
