// Configurações → dialogues as .xlsx and the whole assistant file, through the admin API:
// export, change the file with ExcelJS, preview, import, train, and the assistant answers it.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const BASE = '/api/admin/servers/demo/assistants/pt';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let test: TestPlatform;

beforeAll(async () => {
  test = await startTestPlatform({ env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN } });
});
afterAll(async () => {
  await test?.close();
});

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const upload = (url: string, file: Buffer, type = XLSX) => test.app.inject({ method: 'POST', url: `${BASE}${url}`, headers: { ...auth, 'content-type': type }, payload: file });

async function exported(): Promise<ExcelJS.Workbook> {
  const response = await test.app.inject({ method: 'GET', url: `${BASE}/dialogues.xlsx`, headers: auth });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe(XLSX);
  expect(response.headers['content-disposition']).toMatch(/attachment; filename="demo-pt-dialogues.xlsx"/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
  return workbook;
}

async function bytes(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function rowsOf(workbook: ExcelJS.Workbook): string[][] {
  const rows: string[][] = [];
  workbook.worksheets[0]?.eachRow((row) => rows.push([1, 2, 3].map((column) => String(row.getCell(column).value ?? ''))));
  return rows;
}

describe('dialogues spreadsheet', () => {
  it('exports one row per phrase with the answer, previews a changed phrase and answer, imports them, and the trained assistant uses them', async () => {
    const workbook = await exported();
    const rows = rowsOf(workbook);
    expect(rows[0]).toEqual(['Intent', 'User Says', 'Text Response']);
    expect(rows).toContainEqual(['sobre_voce', 'conte-me algumas coisas sobre você', 'Eu posso ajudá-lo a trabalhar de maneira mais inteligente, em vez de mais']);
    const assistant = await test.platform.defaultAssistant();
    const before = await test.platform.store.content.load(assistant.id);
    expect(rows.filter((row) => row[0] === 'cumprimentar').length).toBe(before.intents.find((i) => i.name === 'cumprimentar')?.phrases.length);

    // Change one phrase and the answer of sobre_voce in the file.
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === 'sobre_voce' && row.getCell(2).value === 'fale sobre você') row.getCell(2).value = 'me fala de você, robô';
      if (row.getCell(1).value === 'sobre_voce' && row.getCell(3).value) row.getCell(3).value = 'Sou o Helper e resolvo chamados.';
    });
    const file = await bytes(workbook);

    const preview = await upload('/dialogues.xlsx/preview', file);
    expect(preview.statusCode).toBe(200);
    const planned = preview.json() as { summary: Record<string, number>; changes: unknown[] };
    expect(planned.summary).toEqual({ phrasesAdded: 1, phrasesRemoved: 1, answersChanged: 1 });
    expect(planned.changes).toEqual(
      expect.arrayContaining([
        { kind: 'phrase', change: 'added', intent: 'sobre_voce', text: 'me fala de você, robô' },
        { kind: 'phrase', change: 'removed', intent: 'sobre_voce', text: 'fale sobre você' },
        {
          kind: 'answer',
          change: 'changed',
          intent: 'sobre_voce',
          skill: 'falar_sobre_mim',
          before: ['Eu posso ajudá-lo a trabalhar de maneira mais inteligente, em vez de mais'],
          after: ['Sou o Helper e resolvo chamados.'],
        },
      ]),
    );
    // The same file sent as a browser's file input does (multipart form) gives the same preview.
    const boundary = '----helper-test-boundary';
    const form = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="dialogos.xlsx"\r\nContent-Type: ${XLSX}\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    expect((await upload('/dialogues.xlsx/preview', form, `multipart/form-data; boundary=${boundary}`)).json()).toEqual(planned);
    // A preview writes nothing.
    expect(await test.platform.store.content.load(assistant.id)).toEqual(before);

    const imported = await upload('/dialogues.xlsx/import', file);
    expect(imported.json()).toMatchObject({ imported: true, summary: { phrasesAdded: 1, phrasesRemoved: 1, answersChanged: 1 } });
    const after = await test.platform.store.content.load(assistant.id);
    expect(after.intents.find((intent) => intent.name === 'sobre_voce')?.phrases.map((phrase) => phrase.text)).toContain('me fala de você, robô');
    expect(after.skills.find((skill) => skill.name === 'falar_sobre_mim')?.texts).toEqual(['Sou o Helper e resolvo chamados.']);
    // Everything else is as it was: contexts, follow-ups, button skills, annotated phrases.
    expect(after.contexts).toEqual(before.contexts);
    expect(after.dialogues).toEqual(before.dialogues);
    expect(after.intents.map((intent) => intent.name)).toEqual(before.intents.map((intent) => intent.name));
    expect(after.intents.filter((intent) => intent.name !== 'sobre_voce')).toEqual(before.intents.filter((intent) => intent.name !== 'sobre_voce'));

    // Exporting again gives the same file content; a second preview shows nothing to change.
    expect((await upload('/dialogues.xlsx/preview', await bytes(await exported()))).json()).toEqual({ summary: {}, changes: [] });

    const training = await test.platform.trainings.runNow(assistant, 'complete', 'test');
    expect(training.status).toBe('succeeded');
    const answer = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'xlsx', message: 'me fala de você, robô' } });
    expect(answer.json()).toEqual([{ recipient_id: 'xlsx', text: 'Sou o Helper e resolvo chamados.' }]);
  });

  it('adds an intent with its answer and removes the intents the file leaves out', async () => {
    const workbook = await exported();
    const keep = rowsOf(workbook).filter((row, index) => index === 0 || row[0] !== 'agradecer');
    const fresh = new ExcelJS.Workbook();
    const out = fresh.addWorksheet('x');
    for (const row of keep) out.addRow(row);
    out.addRow(['senha_wifi', 'qual a senha do wifi', 'A senha do Wi-Fi está no crachá.']);
    out.addRow(['senha_wifi', 'senha da rede sem fio', '']);
    const preview = (await upload('/dialogues.xlsx/preview', await bytes(fresh))).json() as { summary: Record<string, number>; changes: unknown[] };
    expect(preview.summary).toMatchObject({ intentsAdded: 1, intentsRemoved: 1, phrasesAdded: 2, answersAdded: 1, skillsAdded: 1, dialoguesAdded: 1, dialoguesRemoved: 1, skillsRemoved: 1 });
    expect(preview.changes).toEqual(expect.arrayContaining([{ kind: 'intent', change: 'removed', intent: 'agradecer' }, { kind: 'skill', change: 'removed', name: 'responder_agradecimento' }]));
    expect((await upload('/dialogues.xlsx/import', await bytes(fresh))).statusCode).toBe(200);
    const content = await test.platform.store.content.load((await test.platform.defaultAssistant()).id);
    expect(content.intents.find((intent) => intent.name === 'agradecer')).toBeUndefined();
    expect(content.dialogues).toContainEqual({ name: 'senha_wifi', intents: ['senha_wifi'], skill: 'senha_wifi' });
    expect(content.skills).toContainEqual({ name: 'senha_wifi', fallback: false, kind: 'text', texts: ['A senha do Wi-Fi está no crachá.'] });
  });

  it('refuses bad files with the row and column, and changes nothing', async () => {
    const assistant = await test.platform.defaultAssistant();
    const before = await test.platform.store.content.load(assistant.id);
    const notXlsx = await upload('/dialogues.xlsx/import', Buffer.from('Intent,User Says\noi,olá\n'));
    expect(notXlsx.statusCode).toBe(400);
    expect(notXlsx.json()).toMatchObject({ error: { code: 'invalid', message: expect.stringMatching(/not an \.xlsx workbook/) } });

    const noHeader = new ExcelJS.Workbook();
    noHeader.addWorksheet('x').addRow(['Intenção', 'Frase', 'Resposta']);
    expect((await upload('/dialogues.xlsx/preview', await bytes(noHeader))).json()).toMatchObject({
      error: { field: 'A1', message: expect.stringMatching(/missing: Intent, User Says, Text Response/) },
    });

    const holes = new ExcelJS.Workbook();
    const sheet = holes.addWorksheet('x');
    sheet.addRow(['Intent', 'User Says', 'Text Response']);
    sheet.addRow(['oi', 'olá', 'Oi!']);
    sheet.addRow(['', 'sem intent', '']);
    sheet.addRow(['oi', '', '']);
    sheet.addRow(['com espaço', 'frase', '']);
    const response = await upload('/dialogues.xlsx/import', await bytes(holes));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: 'invalid',
        field: 'A3',
        message: expect.stringMatching(/3 problems.*row 3, column Intent: empty/),
        problems: [
          'row 3, column Intent: empty',
          'row 4, columns User Says and Text Response: both empty (a row needs a phrase, an answer or both)',
          expect.stringMatching(/^row 5, column Intent: intent name "com espaço" has a space; it must be one word/),
        ],
        // The same problems with their cell and code, for the console's words.
        fileProblems: [
          expect.objectContaining({ file: 'dialogues.xlsx', place: 'A3', code: 'sheet_intent_empty', params: { row: 3 } }),
          expect.objectContaining({ place: 'B4', code: 'sheet_row_empty', params: { row: 4 } }),
          expect.objectContaining({ place: 'A5', code: 'sheet_intent_name', params: { row: 5, name: 'com espaço' } }),
        ],
      },
    });
    expect((await test.app.inject({ method: 'POST', url: `${BASE}/dialogues.xlsx/import`, headers: { ...auth, 'content-type': XLSX } })).statusCode).toBe(400);
    expect(await test.platform.store.content.load(assistant.id)).toEqual(before);
  });
});

describe('OpenAPI', () => {
  it('describes the Configurações and Treinamentos routes in the admin API document', async () => {
    const paths = Object.keys(((await test.app.inject({ method: 'GET', url: '/api/admin/openapi.json' })).json() as { paths: Record<string, unknown> }).paths);
    for (const path of ['settings', 'trainings', 'trainings/{id}', 'model', 'dialogues.xlsx', 'dialogues.xlsx/preview', 'dialogues.xlsx/import', 'assistant.yaml']) {
      expect(paths).toContain(`/api/admin/servers/{server}/assistants/{language}/${path}`);
    }
  });
});

describe('assistant file', () => {
  it('exports the YAML file and imports it back (replace), and refuses a broken file with every error located', async () => {
    const response = await test.app.inject({ method: 'GET', url: `${BASE}/assistant.yaml`, headers: auth });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/yaml/);
    expect(response.body).toMatch(/^version: 1/m);
    const assistant = await test.platform.defaultAssistant();
    const before = await test.platform.store.content.load(assistant.id);
    const back = await upload('/assistant.yaml?mode=replace', Buffer.from(response.body), 'application/yaml');
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ format: 'helper', mode: 'replace', counts: { intents: before.intents.length } });
    expect(await test.platform.store.content.load(assistant.id)).toEqual(before);

    const broken = 'version: 1\nintents:\n  - name: a\n    phrases: ["  "]\n  - name: b b\n    phrases: [x]\n';
    const refused = await upload('/assistant.yaml?mode=replace', Buffer.from(broken), 'application/yaml');
    expect(refused.statusCode).toBe(400);
    const body = refused.json() as { error: { message: string; problems: string[] } };
    expect(body.error.problems.length).toBeGreaterThanOrEqual(2);
    expect(body.error.problems[0]).toMatch(/^assistant\.yaml:\d+:\d+ /);
    expect(await test.platform.store.content.load(assistant.id)).toEqual(before);
    expect((await upload('/assistant.yaml?mode=everything', Buffer.from(response.body), 'application/yaml')).json()).toMatchObject({ error: { field: 'mode' } });
  });
});
