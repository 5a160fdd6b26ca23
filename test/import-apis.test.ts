// Migrações (`…/imports/preview`, `…/imports`) carries an assistant file's `apis` section as
// `helper import` and the assistant.yaml import do: checked against the assistant's APIs and
// secrets (each problem at its line and column), listed in the preview's changes and summary,
// written with the content in one transaction — and never a secret's value in an answer, the
// history or its report.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AssistantRecord } from '../src/store/store.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';
import { fileWithApi } from './helpers/api-file.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const SECRET = 'segredo-da-migracao';

const withApis = fileWithApi({ secret: SECRET });

// The same API with its secret left out (as an export writes it), and a new one whose secret has no value.
const withoutValues = fileWithApi({
  more: `  - name: novo
    method: POST
    url: https://tickets.example.test/novo
    body:
      - name: senha
        type: text
        secret: true
`,
});

describe.each([{ postgres: false }, { postgres: true }])('Migrações: an assistant file with third-party APIs (postgres: $postgres)', ({ postgres }) => {
  let test: TestPlatform;
  let assistant: AssistantRecord;
  beforeAll(async () => {
    test = await startTestPlatform({ postgres, demo: false, env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN } });
    assistant = await test.platform.defaultAssistant();
  });
  afterAll(async () => {
    await test?.close();
  });

  const post = (path: string, yaml: string) =>
    test.app.inject({ method: 'POST', url: `/api/admin/servers/demo/assistants/pt/${path}`, headers: { ...auth, 'content-type': 'application/yaml' }, payload: yaml });

  it('previews the APIs it adds without writing them, then imports them with the content, the secret sealed', async () => {
    const preview = await post('imports/preview?mode=merge&name=com-apis.yaml', withApis);
    expect(preview.statusCode, preview.body).toBe(200);
    const plan = preview.json() as { summary: Record<string, number>; changes: Array<{ list: string; change: string; name: string }> };
    expect(plan.summary).toMatchObject({ apisAdded: 1, contextsAdded: 2 });
    expect(plan.changes).toContainEqual({ list: 'apis', change: 'added', name: 'chamado' });
    expect(preview.body).not.toContain(SECRET);
    expect(await test.platform.store.thirdPartyApis.list(assistant.id)).toEqual([]);

    const run = await post('imports?mode=merge&name=com-apis.yaml', withApis);
    expect(run.statusCode, run.body).toBe(200);
    expect(run.body).not.toContain(SECRET);
    const done = run.json() as { summary: Record<string, number>; import: { id: number; status: string; summary: Record<string, number> } };
    expect(done.import).toMatchObject({ status: 'imported', summary: { apisAdded: 1 } });
    const [api] = await test.platform.store.thirdPartyApis.list(assistant.id);
    expect(api).toMatchObject({ name: 'chamado', url: 'https://tickets.example.test/tickets/{ticket}' });
    const header = api?.headers[0];
    expect(header).toMatchObject({ name: 'x-key', secret: true });
    expect(header?.value).toMatch(/^v2:/);
    expect(JSON.stringify(api)).not.toContain(SECRET);
    // The content and the APIs are one version of the Histórico.
    const [latest] = (await test.app.inject({ method: 'GET', url: '/api/admin/servers/demo/assistants/pt/versions?limit=1', headers: auth })).json().versions;
    expect(latest).toMatchObject({ action: 'import', importName: 'com-apis.yaml' });
    expect(latest.summary).toEqual(expect.arrayContaining([{ list: 'apis', change: 'added', name: 'chamado' }, { list: 'contexts', change: 'added', name: 'ticket' }]));
    const report = await test.app.inject({ method: 'GET', url: `/api/admin/servers/demo/assistants/pt/imports/${done.import.id}/report.txt`, headers: auth });
    expect(report.body).toContain('apisAdded: 1');
    expect(report.body).not.toContain(SECRET);
  });

  it("refuses secrets without a value at their line and column, in the preview and the import (recorded as failed), writing nothing", async () => {
    const before = await test.platform.store.thirdPartyApis.list(assistant.id);
    const content = await test.platform.store.content.load(assistant.id);
    // "chamado" keeps the secret it has; "novo" has none to keep.
    const expected = {
      fileProblems: [expect.objectContaining({ file: 'sem-valores.yaml', line: 16, column: 9, place: 'apis[1].body[0].value', code: 'secret_needs_value' })],
      problems: ['sem-valores.yaml:16:9 apis[1].body[0].value: API "novo": a secret field needs its value (written once, never shown again)'],
    };
    const preview = await post('imports/preview?mode=merge&name=sem-valores.yaml', withoutValues);
    expect(preview.statusCode, preview.body).toBe(400);
    expect(preview.json().error).toMatchObject(expected);
    const run = await post('imports?mode=merge&name=sem-valores.yaml', withoutValues);
    expect(run.statusCode, run.body).toBe(400);
    const { error } = run.json();
    expect(error).toMatchObject(expected);
    const [record] = (await test.app.inject({ method: 'GET', url: '/api/admin/servers/demo/assistants/pt/imports', headers: auth })).json().imports;
    expect(record).toMatchObject({ id: error.importId, name: 'sem-valores.yaml', status: 'failed', errors: expected.problems });
    expect(await test.platform.store.thirdPartyApis.list(assistant.id)).toEqual(before);
    expect(await test.platform.store.content.load(assistant.id)).toEqual(content);
  });

  it('keeps a secret the file leaves out, and says an API it changes', async () => {
    const before = await test.platform.store.thirdPartyApis.list(assistant.id);
    const changed = fileWithApi({ mapping: 'state' });
    const preview = await post('imports/preview?mode=merge&name=alterada.yaml', changed);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().changes).toContainEqual({ list: 'apis', change: 'changed', name: 'chamado' });
    expect(preview.json().summary).toMatchObject({ apisChanged: 1 });
    const run = await post('imports?mode=merge&name=alterada.yaml', changed);
    expect(run.statusCode, run.body).toBe(200);
    const [api] = await test.platform.store.thirdPartyApis.list(assistant.id);
    expect(api?.mappings).toEqual([{ path: 'state', context: 'estado' }]);
    // Sealed as it was: the same value, never given again.
    expect(api?.headers[0]?.value).toBe(before[0]?.headers[0]?.value);
  });

  it('checks the APIs again where it writes them: a secret gone since the plan refuses the import at its place, nothing written', async () => {
    const content = await test.platform.store.content.load(assistant.id);
    const changed = fileWithApi({ mapping: 'estado' });
    const { apis } = test.platform;
    const previewImport = apis.previewImport.bind(apis);
    // Someone deletes the API (its secret with it) after the plan, before the write.
    const spy = vi.spyOn(apis, 'previewImport').mockImplementation(async (...args) => {
      const planned = await previewImport(...args);
      await test.platform.store.thirdPartyApis.edit(assistant.id, () => ({ apis: [], result: null }));
      return planned;
    });
    try {
      const run = await post('imports?mode=merge&name=corrida.yaml', changed);
      expect(run.statusCode, run.body).toBe(400);
      expect(run.json().error.fileProblems).toEqual([expect.objectContaining({ file: 'corrida.yaml', line: 10, column: 9, place: 'apis[0].headers[0].value', code: 'secret_needs_value' })]);
      const [record] = (await test.app.inject({ method: 'GET', url: '/api/admin/servers/demo/assistants/pt/imports', headers: auth })).json().imports;
      expect(record).toMatchObject({ id: run.json().error.importId, status: 'failed' });
      expect(await test.platform.store.thirdPartyApis.list(assistant.id)).toEqual([]);
      expect(await test.platform.store.content.load(assistant.id)).toEqual(content);
    } finally {
      spy.mockRestore();
    }
  });
});
