// Imports that cannot hang the server, and regexes that cannot stall parsing: hostile files sent to
// the admin API get a 400 naming the problem, and the assistant keeps answering chat meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handmadeZip } from '../src/admin-api/files/handmade-zip.fixture.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const BASE = '/api/admin/servers/demo/assistants/pt';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// Short, so that the test of a file only the time limit stops ends soon.
const TIME_LIMIT_SECONDS = 5;
let test: TestPlatform;

beforeAll(async () => {
  test = await startTestPlatform({ env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN, HELPER_IMPORT_TIME_LIMIT_SECONDS: String(TIME_LIMIT_SECONDS) } });
});
afterAll(async () => {
  await test?.close();
});

const upload = (url: string, file: Buffer | string, type: string) =>
  test.app.inject({ method: 'POST', url: `${BASE}${url}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': type }, payload: file });
const importYaml = (text: string) => upload('/assistant.yaml?mode=replace', text, 'application/yaml');
const chat = (sender: string, message: string) => test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender, message } });

async function content() {
  return test.platform.store.content.load((await test.platform.defaultAssistant()).id);
}

/** 33 kB: one intent whose phrases are an anchored list, repeated by alias as 3,000 intents. */
const ALIAS_BOMB = `version: 1\nintents:\n  - &m {name: x, phrases: &p [${Array(6000).fill('a').join(',')}]}\n${Array(3000).fill('  - *m').join('\n')}\n`;

describe('assistant file import', () => {
  it('answers an alias bomb with a 400 naming the aliases and their line, and writes nothing', async () => {
    const before = await content();
    const response = await importYaml(ALIAS_BOMB);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: {
        code: 'invalid',
        message: expect.stringMatching(/^assistant\.yaml was not imported \(1 error\); nothing was written: assistant\.yaml:4:5: aliases expand the file beyond \d+ nodes: they stand for 18015000 nodes, at most 10000 are allowed/),
        problems: [expect.stringMatching(/^assistant\.yaml:4:5: aliases expand the file beyond/)],
        fileProblems: [expect.objectContaining({ file: 'assistant.yaml', line: 4, column: 5, code: 'file_alias_expansion', params: { nodes: 18015000, max: 10000 } })],
      },
    });
    expect(await content()).toEqual(before);
  });

  it('reads a file off the event loop: chat is answered while a hostile file is read, until its time or memory limit ends it', async () => {
    // A million open brackets: the YAML parser needs many seconds of CPU to refuse them.
    let settled = false;
    const hostile = importYaml(`version: 1\nintents: ${'['.repeat(1_000_000)}`).finally(() => {
      settled = true;
    });
    for (let turn = 0; turn < 5; turn++) {
      const answer = await chat(`limits-${turn}`, 'conte-me algumas coisas sobre você');
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toEqual([{ recipient_id: `limits-${turn}`, text: 'Eu posso ajudá-lo a trabalhar de maneira mais inteligente, em vez de mais' }]);
    }
    // Five answers while the file was still being read: the reading did not hold the event loop.
    expect(settled).toBe(false);
    const response = await hostile;
    expect(response.statusCode).toBe(400);
    // Which of the reader's two limits ends it first depends on the machine: the parser's memory
    // grows with its time. Either way the file is refused with the limit it hit.
    expect(response.json()).toMatchObject({ error: { code: 'invalid', problems: [expect.stringMatching(new RegExp(`^assistant\\.yaml:1:1: reading the file (took longer than ${TIME_LIMIT_SECONDS} s|needs more than \\d+ MB of memory); split it into smaller files$`))] } });
  }, 60_000);

  it('refuses a file larger than 10 MB with a 413 naming the limit, as the body or in a form', async () => {
    const tooLarge = { error: { code: 'too_large', message: 'the file is larger than 10 MB, the most an upload may have', field: 'body' } };
    const response = await importYaml(`version: 1\n#${'x'.repeat(10 * 1024 * 1024)}\n`);
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual(tooLarge);
    const boundary = '----helper-limits-boundary';
    const form = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="d.xlsx"\r\nContent-Type: ${XLSX}\r\n\r\n`),
      Buffer.alloc(10 * 1024 * 1024 + 1),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const multipart = await upload('/dialogues.xlsx/preview', form, `multipart/form-data; boundary=${boundary}`);
    expect(multipart.statusCode).toBe(413);
    expect(multipart.json()).toEqual(tooLarge);
  });

  it('refuses regexes the linear-time engine cannot run, naming the field and the pattern, and accepts catastrophic ones it runs safely', async () => {
    const file = (pattern: string) => `version: 1\nregexes:\n  - name: ticket\n    pattern: '${pattern}'\nintents:\n  - name: oi\n    phrases: [oi, olá]\n`;
    const lookahead = await importYaml(file('(?=\\d{6})\\d+'));
    expect(lookahead.statusCode).toBe(400);
    expect(lookahead.json()).toMatchObject({
      error: {
        field: 'regexes[0].pattern',
        problems: [expect.stringMatching(/^assistant\.yaml:4:14 regexes\[0\]\.pattern: "\(\?=\\d\{6\}\)\\d\+" uses lookahead or lookbehind .* linear-time engine/)],
      },
    });
    // Rasa's NLU data: Python runs it, so Rasa would use it; left out with a warning naming it.
    const rasa = await importYaml('version: "3.1"\nnlu:\n  - intent: oi\n    examples: |\n      - oi\n      - olá\n  - regex: repetido\n    examples: |\n      - (\\w+) \\1\n');
    expect(rasa.statusCode).toBe(200);
    expect(JSON.stringify(rasa.json())).toMatch(/uses a backreference.*the pattern was left out/);
    expect((await content()).regexes).toEqual([]);

    expect((await importYaml(file('(a+)+$'))).statusCode).toBe(200);
    expect((await content()).regexes).toEqual([{ name: 'ticket', pattern: '(a+)+$' }]);
  });
});

describe('dialogues spreadsheet import', () => {
  it('answers a zip bomb with a 400 naming it, before ExcelJS expands anything', async () => {
    // A workbook's first files, and a sheet of 60 MB of zeros (60 kB compressed).
    const bomb = handmadeZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(60 * 1024 * 1024) },
    ]);
    for (const url of ['/dialogues.xlsx/preview', '/dialogues.xlsx/import']) {
      const response = await upload(url, bomb, XLSX);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error: {
          code: 'invalid',
          field: 'file',
          message: 'the spreadsheet was not read (1 problem); nothing was changed: the workbook expands to more than 50 MB (at xl/worksheets/sheet1.xml); import fewer rows at a time',
          problems: ['the workbook expands to more than 50 MB (at xl/worksheets/sheet1.xml); import fewer rows at a time'],
          fileProblems: [expect.objectContaining({ file: 'dialogues.xlsx', code: 'sheet_zip_refused' })],
        },
      });
    }
  });
});
