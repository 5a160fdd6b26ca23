// Issue 21's "Done when" in Chromium: Configurações › Migrações imports a workspace from the
// Watson API (a local fake of its v1 API) — key, URL and version, the workspace picked, the preview
// with what is skipped — and the Histórico de importações lists it with its report to download.
// Issue 16 item 1: the preview of a Watson workspace and of a Rasa project zip (renamed and skipped
// items) is in Portuguese — the summary and every report line said from their codes, no English
// line of the API's report and no untranslated key on the screen; the format by its name, the
// file's warnings from their codes, a rule or story without a title by its number; the
// assistant's settings the import changes, by their labels.
// An assistant file's third-party APIs: the preview says them, the import writes them (the secret
// never on the screen), and a secret without its value is named at its line and column.
// Screenshots: migrations-*.png.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUMMARY_KEYS } from '../src/admin-api/imports/content-diff.js';
import { REPORT_CODES } from '../src/assistant/other-platforms/import-report.js';
import { browserTestsEnabled } from './helpers/chromium.js';
import { openConsoleOnEmptyAssistant, type ConsoleBrowser } from './helpers/console-browser.js';
import { startFakeWatsonApi, type FakeWatsonApi } from './helpers/fake-watson-api.js';
import { projectZip } from './helpers/project-zip.js';
import { fileWithApi } from './helpers/api-file.js';
import { screenshotBothWidths } from './helpers/screenshots.js';

const ADMIN = { login: 'ana', email: 'ana@acme.example', password: 'senha-da-ana-123' };
const API_KEY = 'watson-console-key-0123456789';

interface PlanAnswer {
  format: string;
  summary: Record<string, number>;
  report: string[];
  reportEntries: Array<{ outcome: string; detail: string; code: string }>;
  warnings: string[];
  fileWarnings: Array<{ code: string; message: string }>;
}

/**
 * What of the API's English, or of a key without its text, the plan shows: each report line's
 * English detail, the fixed parts of every code's English sentence, the summary's keys, the
 * file's English warnings, the format as the API names it, the generic sentence of a warning
 * code the console does not know, and a key path where a text should be.
 */
function untranslated(text: string, answer: PlanAnswer): string[] {
  const fixedParts = Object.values(REPORT_CODES)
    .flatMap((sentence) => sentence.split(/\{\w+\}/))
    .map((part) => part.replace(/^[\s"(:;,]+|[\s")\-:;,.]+$/g, ''))
    .filter((part) => part.length >= 12);
  const english = [
    ...answer.reportEntries.map((entry) => entry.detail),
    ...answer.report,
    ...fixedParts,
    ...SUMMARY_KEYS.map((key) => `${key}:`),
    ...answer.warnings,
    ...answer.fileWarnings.map((warning) => warning.message),
    `(${answer.format})`,
    'Este valor não é aceito',
  ];
  return [...new Set(english)].filter((sentence) => text.includes(sentence)).concat(text.match(/\b(?:importReport|migrations|problems)\.\w+/g) ?? []);
}

/** The plan with its lists opened, as a person reading it all sees it. */
async function planText(page: Page): Promise<string> {
  const plan = page.getByTestId('migration-plan');
  for (const details of await plan.locator('details').all()) await details.evaluate((element) => element.setAttribute('open', ''));
  return plan.innerText();
}

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
    await session.signIn(ADMIN);
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
    const answered = page.waitForResponse((response) => response.url().endsWith('/imports/watson/preview'));
    await api.getByRole('button', { name: 'Ver prévia' }).click();
    const answer = (await (await answered).json()) as PlanAnswer;

    const plan = section.getByTestId('migration-plan');
    // Reading the workspace runs in a worker thread, which takes a few seconds to start from sources.
    await expect.poll(() => plan.count(), { timeout: 20_000 }).toBe(1);
    expect(await plan.textContent()).toContain('Diálogos adicionados: 31');
    expect(await plan.textContent()).toContain('(workspace do IBM Watson): o que a importação fará');
    await plan.getByText('Itens ignorados (27)').click();
    const skipped = await plan.getByTestId('migration-skipped').locator('li').allInnerTexts();
    expect(skipped).toHaveLength(27);
    expect(skipped).toEqual(
      expect.arrayContaining([
        'nó "node_antigo" (Elogio antigo): o nó está desativado',
        'resposta do nó "node_chamado" (Abrir chamado): uma pausa de 1000 ms',
        'entidade "sys-number": entidades de sistema do Watson não têm equivalente; um contexto de texto com "entity" (data, hora, e-mail…) recebe esses valores',
        'webhook "main_webhook": webhooks não são chamados; use um servidor de ações',
      ]),
    );
    const text = await planText(page);
    expect(untranslated(text, answer)).toEqual([]);
    expect(text).not.toContain('sem descrição nesta versão');
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

  it('says the preview of a Rasa project zip in Portuguese: renamed and skipped items from their codes', async () => {
    const zip = await projectZip(fileURLToPath(new URL('./fixtures/rasa-banking', import.meta.url)));
    const section = page.getByTestId('migrations');
    const answered = page.waitForResponse((response) => response.url().includes('/imports/preview'));
    await section.getByLabel('Arquivo ou projeto').setInputFiles({ name: 'rasa-banking.zip', mimeType: 'application/zip', buffer: zip });
    const answer = (await (await answered).json()) as PlanAnswer;
    expect(answer.reportEntries.map((entry) => entry.outcome)).toEqual(expect.arrayContaining(['kept', 'renamed', 'skipped']));
    expect(answer.warnings.length).toBeGreaterThan(0);

    const plan = section.getByTestId('migration-plan');
    await expect.poll(() => plan.count(), { timeout: 20_000 }).toBe(1);
    const text = await planText(page);
    expect(untranslated(text, answer)).toEqual([]);
    expect(text).not.toContain('sem descrição nesta versão');
    expect(text).toContain('rasa-banking.zip (projeto Rasa): o que a importação fará');
    const warnings = await plan.getByTestId('migration-warnings').locator('li').allInnerTexts();
    expect(warnings).toHaveLength(answer.fileWarnings.length);
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^data\/nlu\.yml:\d+:\d+ \S+ — O nome de intent “reverted_card_payment\?” não é um nome válido; importado como “reverted_card_payment”\.$/)]));
    const renamed = await plan.getByTestId('migration-renamed').locator('li').allInnerTexts();
    expect(renamed).toEqual(
      expect.arrayContaining([
        'intent "reverted_card_payment?": passou a se chamar "reverted_card_payment" (o nome anterior não é um nome válido)',
        'intent "lost or stolen card": passou a se chamar "lost_or_stolen_card" (o nome anterior não é um nome válido)',
      ]),
    );
    const skipped = await plan.getByTestId('migration-skipped').locator('li').allInnerTexts();
    expect(skipped).toEqual(
      expect.arrayContaining([
        'resposta "utter_balance", variação 1: uma variação escolhida por condições de slots: refaça-a como uma variante da habilidade',
        'regra "Balance from the core system": "condition" não tem equivalente',
        'história "lost card, balance from the core system", passo 3: a ação "action_check_balance" não é uma resposta (ações customizadas precisam de um servidor de ações); o resto ficou de fora',
        'formulário "transfer_form": refaça-o como um diálogo que pergunta',
      ]),
    );
    expect(skipped).toHaveLength(answer.reportEntries.filter((entry) => entry.outcome === 'skipped').length);
    // The list slot is kept as a text context (what an action server sets is kept as given).
    expect(answer.reportEntries).toContainEqual(expect.objectContaining({ outcome: 'kept', code: 'slot_as_text', params: { type: 'list' } }));
    await screenshotBothWidths(page, 'migrations-03-rasa-preview');
    await section.getByRole('button', { name: 'Cancelar', exact: true }).click();
    expect(session.pageProblems).toEqual([]);
  });

  it('says a rule and a story without a title by their number, and a warning of the extra file, in Portuguese', async () => {
    // One more file: NLU data with metadata (a warning), a rule without a title whose condition
    // has no equivalent, and a story without a title that runs a custom action.
    const extra = [
      'version: "3.1"',
      'nlu:',
      '- intent: thank_you',
      '  metadata:',
      '    source: chat',
      '  examples: |',
      '    - thanks a lot',
      '    - thank you',
      'rules:',
      '- condition:',
      '  - active_loop: transfer_form',
      '  steps:',
      '  - intent: greet',
      '  - action: utter_greet',
      'stories:',
      '- steps:',
      '  - intent: affirm',
      '  - action: action_check_balance',
    ].join('\n');
    const zip = await projectZip(fileURLToPath(new URL('./fixtures/rasa-banking', import.meta.url)), [{ path: 'data/unnamed.yml', text: `${extra}\n` }]);
    const section = page.getByTestId('migrations');
    const answered = page.waitForResponse((response) => response.url().includes('/imports/preview'));
    await section.getByLabel('Arquivo ou projeto').setInputFiles({ name: 'rasa-unnamed.zip', mimeType: 'application/zip', buffer: zip });
    const answer = (await (await answered).json()) as PlanAnswer;
    expect(answer.fileWarnings.map((warning) => warning.code)).toContain('file_rasa_not_imported');

    const plan = section.getByTestId('migration-plan');
    await expect.poll(() => plan.count(), { timeout: 20_000 }).toBe(1);
    const text = await planText(page);
    expect(untranslated(text, answer)).toEqual([]);
    expect(text).not.toMatch(/\((?:unnamed|rasa-project)\)|\b(?:rule|story) \d/);
    expect(text).toContain('rasa-unnamed.zip (projeto Rasa): o que a importação fará');
    const warnings = await plan.getByTestId('migration-warnings').locator('li').allInnerTexts();
    expect(warnings).toContain('data/unnamed.yml:4:3 nlu[0].metadata — “metadata” não é importado.');
    const skipped = await plan.getByTestId('migration-skipped').locator('li').allInnerTexts();
    expect(skipped).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^regra \d+ \(sem nome\): "condition" não tem equivalente$/),
        expect.stringMatching(/^história \d+ \(sem nome\), passo 1: a ação "action_check_balance" não é uma resposta .*o resto ficou de fora$/),
      ]),
    );
    await screenshotBothWidths(page, 'migrations-04-rasa-unnamed');
    await section.getByRole('button', { name: 'Cancelar', exact: true }).click();
    expect(session.pageProblems).toEqual([]);
  });

  it("lists the assistant's settings the import changes, by their labels in Configurações, and none when nothing changes", async () => {
    const file = 'version: 1\nsettings:\n  accuracy_threshold: 40\n  action_endpoint: https://acoes.example/webhook\n';
    const section = page.getByTestId('migrations');
    const answered = page.waitForResponse((response) => response.url().includes('/imports/preview'));
    await section.getByLabel('Arquivo ou projeto').setInputFiles({ name: 'configuracoes.yaml', mimeType: 'application/yaml', buffer: Buffer.from(file) });
    const answer = (await (await answered).json()) as PlanAnswer & { settingsChanged: string[] };
    expect([...answer.settingsChanged].sort()).toEqual(['accuracyThreshold', 'actionEndpointUrl']);

    const plan = section.getByTestId('migration-plan');
    await expect.poll(() => plan.count(), { timeout: 20_000 }).toBe(1);
    const text = await planText(page);
    expect(text).toContain('Configurações do assistente que a importação muda (2):');
    expect((await plan.getByTestId('migration-settings').locator('li').allInnerTexts()).sort()).toEqual(['Endereço do servidor de ações', 'Limite de acurácia']);
    // Names, never values (an address may hold a secret), and no name as the API spells it.
    expect(text).not.toMatch(/acoes\.example|accuracyThreshold|actionEndpointUrl/);
    expect(untranslated(text, answer)).toEqual([]);
    await screenshotBothWidths(page, 'migrations-05-settings');
    await section.getByRole('button', { name: 'Cancelar', exact: true }).click();

    // A file without settings changes none: the list is not there.
    const same = page.waitForResponse((response) => response.url().includes('/imports/preview'));
    await section.getByLabel('Arquivo ou projeto').setInputFiles({ name: 'vazio.yaml', mimeType: 'application/yaml', buffer: Buffer.from('version: 1\n') });
    expect(((await (await same).json()) as { settingsChanged: string[] }).settingsChanged).toEqual([]);
    await expect.poll(() => plan.count(), { timeout: 20_000 }).toBe(1);
    expect(await plan.getByTestId('migration-settings').count()).toBe(0);
    await section.getByRole('button', { name: 'Cancelar', exact: true }).click();
    expect(session.pageProblems).toEqual([]);
  });

  it("says an assistant file's third-party APIs in the preview and imports them; a secret without its value is named at its place", async () => {
    const secret = 'segredo-do-console-42';
    const section = page.getByTestId('migrations');
    const plan = section.getByTestId('migration-plan');
    const answered = page.waitForResponse((response) => response.url().includes('/imports/preview'));
    await section.getByLabel('Arquivo ou projeto').setInputFiles({ name: 'sem-segredo.yaml', mimeType: 'application/yaml', buffer: Buffer.from(fileWithApi()) });
    expect((await answered).status()).toBe(400);
    await expect.poll(() => section.getByText('sem-segredo.yaml:10:9 apis[0].headers[0].value — Um valor secreto precisa ser informado', { exact: false }).count(), { timeout: 20_000 }).toBe(1);
    expect(await plan.count()).toBe(0);

    const previewed = page.waitForResponse((response) => response.url().includes('/imports/preview'));
    await section.getByLabel('Arquivo ou projeto').setInputFiles({ name: 'com-api.yaml', mimeType: 'application/yaml', buffer: Buffer.from(fileWithApi({ secret })) });
    const answer = (await (await previewed).json()) as PlanAnswer;
    expect(answer.summary).toMatchObject({ apisAdded: 1 });
    await expect.poll(() => plan.count(), { timeout: 20_000 }).toBe(1);
    const text = await planText(page);
    expect(text).toContain('APIs de terceiros adicionadas: 1');
    expect(text).not.toContain(secret);
    expect(untranslated(text, answer)).toEqual([]);
    await screenshotBothWidths(page, 'migrations-06-apis');

    await section.getByRole('button', { name: 'Importar', exact: true }).click();
    await expect.poll(() => section.getByRole('status').first().textContent(), { timeout: 20_000 }).toContain('importado. Treine o assistente');
    const assistant = await session.test.platform.store.assistants.get('acme', 'pt');
    const apis = await session.test.platform.store.thirdPartyApis.list(assistant?.id ?? 0);
    expect(apis.map((item) => item.name)).toEqual(['chamado']);
    expect(JSON.stringify(apis)).not.toContain(secret);
    expect(await page.content()).not.toContain(secret);
    expect(session.pageProblems).toEqual([]);
  });
});
