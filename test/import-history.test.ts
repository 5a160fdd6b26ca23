// Issue 21 item 3: every import is first a preview (added, changed, removed, skipped), then one
// transaction, and the "Histórico de importações" lists it with its report to download — for a
// Watson workspace, a Rasa project zip and a file that fails, on SQLite and PostgreSQL.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProjectZip } from '../src/admin-api/files/read-project-zip.js';
import { readRasaProject } from '../src/assistant/other-platforms/read-rasa-project.js';
import { projectZip } from './helpers/project-zip.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

describe.each([{ postgres: false }, { postgres: true }])('imports: preview, one transaction, history (postgres: $postgres)', ({ postgres }) => {
  let test: TestPlatform;
  beforeAll(async () => {
    test = await startTestPlatform({ postgres, env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN } });
  });
  afterAll(async () => {
    await test?.close();
  });

  const post = (url: string, payload: Buffer | string, type: string) =>
    test.app.inject({ method: 'POST', url: `/api/admin/servers/${/^bank\d?\//.test(url) ? url : `demo/assistants/${url}`}`, headers: { ...auth, 'content-type': type }, payload });

  it('previews a Watson workspace without writing, imports exactly what was previewed, and lists it with its report', async () => {
    const workspace = await readFile(join(fixtures, 'watson-help-desk.json'));
    const assistant = await test.platform.defaultAssistant();
    const before = await test.platform.store.content.load(assistant.id);

    const preview = await post('pt/imports/preview?name=central.json', workspace, 'application/json');
    expect(preview.statusCode).toBe(200);
    type Entry = { outcome: string; item: string; itemCode: string; itemParams?: Record<string, string | number>; detail: string; code: string; params?: Record<string, string | number> };
    const plan = preview.json() as { format: string; mode: string; summary: Record<string, number>; changes: Array<{ list: string; change: string; name: string }>; report: string[]; reportEntries: Entry[] };
    expect(plan.format).toBe('watson');
    expect(plan.mode).toBe('replace');
    // The demo's items go, the workspace's come; each skipped node or value is counted.
    // (Fuzzy matching on two entities and an @entity in a text are reported too.)
    expect(plan.summary).toMatchObject({ dialoguesAdded: 31, contextsAdded: 1, contextsChanged: 1, skipped: 27 });
    const names = new Set(JSON.parse(workspace.toString('utf8')).intents.map((intent: { intent: string }) => intent.intent));
    const kept = before.intents.filter((intent) => names.has(intent.name)).length;
    expect((plan.summary['intentsAdded'] ?? 0) + (plan.summary['intentsChanged'] ?? 0)).toBe(29);
    expect(plan.summary['intentsAdded']).toBe(29 - kept);
    expect(plan.summary['intentsRemoved']).toBe(before.intents.length - kept);
    expect(plan.changes).toEqual(expect.arrayContaining([{ list: 'intents', change: 'added', name: 'abrir_chamado_incidente' }, { list: 'dialogues', change: 'removed', name: 'chamado' }]));
    expect(plan.report.filter((line) => line.startsWith('skipped ')).length).toBe(27);
    // The same lines with codes, in the same order, for the console's words (the CLI's English kept).
    expect(plan.reportEntries.map((entry) => `${entry.outcome} ${entry.item}: ${entry.detail}`)).toEqual(plan.report);
    expect(plan.reportEntries).toEqual(
      expect.arrayContaining([
        { outcome: 'skipped', item: 'node "node_antigo" (Elogio antigo)', itemCode: 'node', itemParams: { node: '"node_antigo" (Elogio antigo)' }, detail: 'the node is disabled', code: 'node_disabled' },
        expect.objectContaining({ outcome: 'skipped', itemCode: 'node_output', code: 'pause', params: { ms: '1000' } }),
        expect.objectContaining({ outcome: 'skipped', itemCode: 'webhook', itemParams: { name: 'main_webhook' }, code: 'webhook' }),
      ]),
    );
    expect(await test.platform.store.content.load(assistant.id)).toEqual(before);

    const imported = await post('pt/imports?name=central.json', workspace, 'application/json');
    expect(imported.statusCode).toBe(200);
    const result = imported.json() as { summary: Record<string, number>; import: { id: number; status: string; source: string; reportLines: number } };
    expect(result.summary).toEqual(plan.summary);
    expect(result.import).toMatchObject({ status: 'imported', source: 'upload', reportLines: plan.report.length });
    const after = await test.platform.store.content.load(assistant.id);
    expect(after.dialogues.map((dialogue) => dialogue.name)).toContain('Abrir chamado');
    // Nothing left to change: a second preview is empty but for what the workspace skips.
    expect((await post('pt/imports/preview', workspace, 'application/json')).json()).toMatchObject({ summary: { skipped: 27 }, changes: [] });

    const history = await test.app.inject({ method: 'GET', url: '/api/admin/servers/demo/assistants/pt/imports', headers: auth });
    expect(history.json()).toMatchObject({ imports: [{ id: result.import.id, name: 'central.json', source: 'upload', format: 'watson', mode: 'replace', status: 'imported', requestedBy: 'operator' }] });
    const report = await test.app.inject({ method: 'GET', url: `/api/admin/servers/demo/assistants/pt/imports/${result.import.id}/report.txt`, headers: auth });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-disposition']).toBe(`attachment; filename="import-${result.import.id}-report.txt"`);
    expect(report.body).toMatch(/^central\.json \(watson, upload, replace\) — imported \d{4}-\d\d-\d\dT.* by operator\n\nthemesRemoved: 3\nintentsAdded: \d+\n/);
    expect(report.body).toContain('\nskipped node "node_antigo" (Elogio antigo): the node is disabled\n');
    expect((await test.app.inject({ method: 'GET', url: '/api/admin/servers/demo/assistants/pt/imports/99999/report.txt', headers: auth })).statusCode).toBe(404);

    // Round trip: the imported assistant exported as a Rasa project zip reads back as one.
    const exported = await test.app.inject({ method: 'GET', url: '/api/admin/servers/demo/assistants/pt/rasa-project.zip', headers: auth });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toBe('attachment; filename="demo-pt-rasa.zip"');
    const project = await readProjectZip(exported.rawPayload);
    if (!project.ok) throw new Error(project.problem);
    expect(project.files.map((file) => file.path)).toEqual(['config.yml', 'domain.yml', 'data/nlu.yml', 'data/rules.yml', 'data/stories.yml']);
    const back = readRasaProject(project.files.map((file) => ({ path: file.path, text: file.text.toString('utf8') })));
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    expect(back.file.content.intents.map((intent) => intent.name)).toEqual(after.intents.map((intent) => intent.name));
    expect(back.file.content.dialogues.length).toBe(after.dialogues.length);
  });

  it('imports a Rasa project zip into another assistant, merging, with its threshold', async () => {
    await test.platform.store.servers.create({ name: 'bank' });
    const bank = await test.platform.store.assistants.create({ serverName: 'bank', language: 'en' });
    await test.platform.store.content.save(bank.id, { themes: [], intents: [{ name: 'old_intent', phrases: [{ text: 'something old' }] }], contexts: [], regexes: [], skills: [], dialogues: [] }, 'replace');
    const zip = await projectZip(join(fixtures, 'rasa-banking'));
    const preview = await post('bank/assistants/en/imports/preview?mode=merge', zip, 'application/zip');
    expect(preview.statusCode).toBe(200);
    // The domain's slots as contexts, the list slot recent_transactions among them (a text context);
    // its validate_<form> action kept as the action skill that validates that form's dialogue.
    expect(preview.json()).toMatchObject({ format: 'rasa-project', mode: 'merge', summary: { intentsAdded: 11, skillsAdded: 15, dialoguesAdded: 12, contextsAdded: 5 } });
    expect((preview.json() as { summary: Record<string, number> }).summary['intentsRemoved']).toBeUndefined();
    const imported = await post('bank/assistants/en/imports?mode=merge&name=banking.zip', zip, 'application/zip');
    expect(imported.statusCode).toBe(200);
    const content = await test.platform.store.content.load(bank.id);
    expect(content.intents.map((intent) => intent.name)).toEqual(expect.arrayContaining(['old_intent', 'reverted_card_payment', 'lost_or_stolen_card']));
    expect((await test.platform.store.assistants.get('bank', 'en'))?.settings.accuracyThreshold).toBe(0.35);
  });

  it('re-importing the same Rasa project reports no change (items compared whatever their keys\' order)', async () => {
    await test.platform.store.servers.create({ name: 'bank2' });
    await test.platform.store.assistants.create({ serverName: 'bank2', language: 'en' });
    // Slots not carried over to a new session (their contexts get `lifetime` after `values`) and
    // the validate_<form> action skill ({…, kind, action, texts}) as the reader writes them.
    const folder = await mkdtemp(join(tmpdir(), 'rasa-banking-'));
    try {
      await cp(join(fixtures, 'rasa-banking'), join(folder, 'rasa-banking'), { recursive: true });
      const domain = join(folder, 'rasa-banking', 'domain.yml');
      await writeFile(domain, (await readFile(domain, 'utf8')).replace('carry_over_slots_to_new_session: true', 'carry_over_slots_to_new_session: false'));
      const zip = await projectZip(join(folder, 'rasa-banking'));
      const first = await post('bank2/assistants/en/imports?name=banking.zip', zip, 'application/zip');
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ summary: { contextsAdded: 5, skillsAdded: 15 } });
      const again = await post('bank2/assistants/en/imports/preview', zip, 'application/zip');
      expect(again.statusCode).toBe(200);
      expect(again.json()).toMatchObject({ summary: {}, changes: [] });
      // Only what the report skips, as every time; nothing added, changed or removed.
      expect(Object.keys((again.json() as { summary: object }).summary)).toEqual(['skipped']);
      const merged = await post('bank2/assistants/en/imports/preview?mode=merge', zip, 'application/zip');
      expect(merged.json()).toMatchObject({ changes: [] });
      expect(Object.keys((merged.json() as { summary: object }).summary)).toEqual(['skipped']);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('a merge may refer to the assistant\'s skills and contexts (checked against the merged result); a replace checks the file alone', async () => {
    await test.platform.store.servers.create({ name: 'bank3' });
    const bank = await test.platform.store.assistants.create({ serverName: 'bank3', language: 'pt' });
    await test.platform.store.content.save(
      bank.id,
      {
        themes: [],
        intents: [{ name: 'oi', phrases: [{ text: 'oi' }] }],
        contexts: [{ name: 'cidade', type: 'text', values: [{ value: 'rio', synonyms: [] }] }],
        regexes: [],
        skills: [{ name: 's_other', fallback: false, kind: 'text', texts: ['Outro'] }],
        dialogues: [{ name: 'oi', intents: ['oi'], skill: 's_other' }],
      },
      'replace',
    );
    const partial = [
      'version: 1',
      'intents:',
      '  - name: tchau',
      '    phrases: [tchau, até logo, "vou para o [rio](cidade)"]',
      'skills:',
      '  - name: s_tchau',
      '    text: Tchau!',
      '    variants:',
      '      - when: {cidade: set}',
      '        text: Tchau, {cidade}!',
      'dialogues:',
      '  - name: tchau',
      '    intent: tchau',
      '    skill: s_other',
      '  - name: tchau_de_novo',
      '    intent: oi',
      '    follow_up_of: oi',
      '    skill: s_tchau',
      '',
    ].join('\n');
    const preview = await post('bank3/assistants/pt/imports/preview?mode=merge', partial, 'application/yaml');
    expect(preview.json()).not.toHaveProperty('error');
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ summary: { intentsAdded: 1, skillsAdded: 1, dialoguesAdded: 2 } });
    const imported = await post('bank3/assistants/pt/imports?mode=merge', partial, 'application/yaml');
    expect(imported.statusCode).toBe(200);
    expect((await test.platform.store.content.load(bank.id)).dialogues.find((dialogue) => dialogue.name === 'tchau')?.skill).toBe('s_other');
    // Replaced, the assistant's items are gone: the file alone must hold what it names.
    const replaced = await post('bank3/assistants/pt/imports/preview?mode=replace', partial, 'application/yaml');
    expect(replaced.statusCode).toBe(400);
    const problems = (replaced.json() as { error: { problems: string[] } }).error.problems;
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^upload:4:\d+ intents\[0\]\.phrases\[2\]: unknown context "cidade"/), expect.stringMatching(/^upload:14:\d+ dialogues\[0\]\.skill: unknown skill "s_other"/)]));
  });

  it('says which settings an import changes (names, never values), and that the action token goes when the endpoint moves', async () => {
    await test.platform.store.servers.create({ name: 'bank4' });
    const bank = await test.platform.store.assistants.create({ serverName: 'bank4', language: 'pt' });
    await test.platform.store.assistants.updateSettings(bank.id, { actionEndpointUrl: 'https://acoes.example/webhook' });
    await test.platform.store.secrets.set(bank.id, 'action_endpoint_token', test.platform.secrets.encrypt('token-secreto-123', { assistantId: bank.id, name: 'action_endpoint_token' }));
    const file = 'version: 1\nsettings:\n  action_endpoint: https://outro.example/webhook\n  accuracy_threshold: 40\n';
    const preview = await post('bank4/assistants/pt/imports/preview?mode=merge', file, 'application/yaml');
    expect(preview.statusCode).toBe(200);
    const plan = preview.json() as { settingsChanged: string[]; warnings: string[]; fileWarnings: Array<{ code: string }> };
    expect(plan.settingsChanged.sort()).toEqual(['accuracyThreshold', 'actionEndpointUrl']);
    expect(plan.fileWarnings).toEqual([expect.objectContaining({ code: 'import_action_token_dropped' })]);
    expect(plan.warnings).toEqual([expect.stringMatching(/token is removed/)]);
    expect(preview.body).not.toContain('token-secreto-123');
    // The same endpoint again: nothing changes, nothing is said.
    expect((await post('bank4/assistants/pt/imports?mode=merge', file, 'application/yaml')).statusCode).toBe(200);
    const again = (await post('bank4/assistants/pt/imports/preview?mode=merge', file, 'application/yaml')).json() as { settingsChanged: string[]; warnings: string[] };
    expect(again).toMatchObject({ settingsChanged: [], warnings: [] });
  });

  it('records a failed import in the history with its errors, and changes nothing', async () => {
    const assistant = await test.platform.defaultAssistant();
    const before = await test.platform.store.content.load(assistant.id);
    const broken = 'version: 1\nintents:\n  - name: meu intent\n    phrases: [oi]\n';
    const response = await post('pt/imports?name=quebrado.yaml', broken, 'application/yaml');
    expect(response.statusCode).toBe(400);
    const body = response.json() as { error: { message: string; problems: string[]; importId: number } };
    expect(body.error.problems).toEqual(['quebrado.yaml:3:11 intents[0].name: intent name "meu intent" has a space; it must be one word of letters, digits, "_", "-", "." or "/"']);
    expect(await test.platform.store.content.load(assistant.id)).toEqual(before);
    const history = (await test.app.inject({ method: 'GET', url: '/api/admin/servers/demo/assistants/pt/imports', headers: auth })).json() as { imports: Array<{ id: number; status: string; errors: string[] }> };
    expect(history.imports[0]).toMatchObject({ id: body.error.importId, status: 'failed', format: 'helper', errors: body.error.problems });
    // One that could not be read at all has no format.
    const unreadable = await post('pt/imports?name=ilegivel.yaml', 'version: 1\nintents: [oi\n', 'application/yaml');
    expect(unreadable.statusCode).toBe(400);
    const [latest] = (await test.app.inject({ method: 'GET', url: '/api/admin/servers/demo/assistants/pt/imports', headers: auth })).json().imports;
    expect(latest).toMatchObject({ id: unreadable.json().error.importId, name: 'ilegivel.yaml', status: 'failed', format: null });
    // Not a zip of a project, nor a file we read.
    const notZip = await post('pt/imports/preview', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('garbage')]), 'application/zip');
    expect(notZip.statusCode).toBe(400);
    expect(notZip.json()).toMatchObject({ error: { problems: [expect.stringMatching(/not a zip/)] } });
  });
});
