// An import in another encoding than UTF-8 (Latin-1, Windows-1252: "Olá" saved as 4f 6c e1) is
// refused naming the file and the place of its first byte that is not UTF-8, rather than imported
// with its accents turned into U+FFFD — a Helper YAML upload, a Watson JSON with `helper import`,
// a Rasa project zip upload and folder; a UTF-8 file with a byte order mark stays accepted.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handmadeZip } from '../src/admin-api/files/handmade-zip.fixture.js';
import { runCli } from '../src/cli/main.js';
import { projectZip } from './helpers/project-zip.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const banking = fileURLToPath(new URL('./fixtures/rasa-banking', import.meta.url));

const latin1Yaml = Buffer.from('version: 1\nintents:\n  - name: oi\n    phrases: [Olá, oi]\n', 'latin1');
const latin1Watson = Buffer.from(JSON.stringify({ name: 'w', language: 'pt-br', intents: [{ intent: 'oi', examples: [{ text: 'Olá' }] }], entities: [], dialog_nodes: [] }, null, 2), 'latin1');
type Problems = { error: { code: string; problems: string[]; fileProblems: Array<{ file: string; line: number; column: number; code: string; params?: Record<string, string> }> } };

describe('imports that are not UTF-8', () => {
  let test: TestPlatform;
  let dir: string;
  beforeAll(async () => {
    test = await startTestPlatform({ env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN } });
    dir = await mkdtemp(join(tmpdir(), 'helper-encoding-'));
  });
  afterAll(async () => {
    await test?.close();
    await rm(dir, { recursive: true, force: true });
  });
  const post = (url: string, payload: Buffer, type: string) => test.app.inject({ method: 'POST', url: `/api/admin/servers/demo/assistants/pt/${url}`, headers: { ...auth, 'content-type': type }, payload });

  it('refuses a Latin-1 YAML upload (preview and import) at the line of its first byte that is not UTF-8 (4:17), changing nothing', async () => {
    const assistant = await test.platform.defaultAssistant();
    const before = await test.platform.store.content.load(assistant.id);
    for (const url of ['imports/preview?name=latin.yaml', 'imports?name=latin.yaml']) {
      const response = await post(url, latin1Yaml, 'application/yaml');
      expect(response.statusCode).toBe(400);
      const body = response.json() as Problems;
      expect(body.error.problems[0]).toMatch(/^latin\.yaml:4:17: the file is not UTF-8 text \(byte 0xE1 here/);
      expect(body.error.fileProblems).toEqual([expect.objectContaining({ file: 'latin.yaml', line: 4, column: 17, code: 'file_not_utf8', params: { byte: '0xE1' } })]);
    }
    expect(await test.platform.store.content.load(assistant.id)).toEqual(before);
    // The assistant file route reads the same way.
    const file = await post('assistant.yaml?mode=merge', latin1Yaml, 'application/yaml');
    expect(file.statusCode).toBe(400);
    expect((file.json() as Problems).error.fileProblems[0]).toMatchObject({ code: 'file_not_utf8', line: 4 });
  });

  it('accepts UTF-8 with a byte order mark, accents intact', async () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('version: 1\nintents:\n  - name: oi\n    phrases: [Olá, oi]\n', 'utf8')]);
    const response = await post('imports/preview?name=bom.yaml', text, 'application/yaml');
    expect(response.statusCode).toBe(200);
    const response2 = await post('imports?name=bom.yaml&mode=merge', text, 'application/yaml');
    expect(response2.statusCode).toBe(200);
    const content = await test.platform.store.content.load((await test.platform.defaultAssistant()).id);
    expect(content.intents.find((intent) => intent.name === 'oi')?.phrases.map((phrase) => phrase.text)).toEqual(['Olá', 'oi']);
  });

  it('refuses a Rasa project zip with a Latin-1 file, naming that file', async () => {
    const zip = await projectZip(banking);
    const good = await post('imports/preview', zip, 'application/zip');
    expect(good.statusCode).toBe(200);
    const bad = handmadeZip([
      { name: 'p/domain.yml', data: Buffer.from('version: "3.1"\nintents: [oi]\nresponses:\n  utter_oi:\n    - text: Olá\n', 'latin1') },
      { name: 'p/data/nlu.yml', data: Buffer.from('version: "3.1"\nnlu:\n  - intent: oi\n    examples: |\n      - oi\n', 'utf8') },
    ]);
    const response = await post('imports/preview?name=p.zip', bad, 'application/zip');
    expect(response.statusCode).toBe(400);
    expect((response.json() as Problems).error.fileProblems).toEqual([expect.objectContaining({ file: 'domain.yml', line: 5, column: 15, code: 'file_not_utf8' })]);
  });

  it('`helper import` refuses a Latin-1 Watson JSON and a project folder with a Latin-1 file', async () => {
    const env = { HELPER_DATA_DIR: join(dir, 'data'), HELPER_LOG_LEVEL: 'silent' };
    const helper = async (...argv: string[]) => {
      const err: string[] = [];
      const code = await runCli(argv, { out: () => undefined, err: (line) => err.push(line) }, env);
      return { code, err: err.join('\n') };
    };
    await writeFile(join(dir, 'latin.json'), latin1Watson);
    const json = await helper('import', join(dir, 'latin.json'), '--replace');
    expect(json.code).toBe(1);
    expect(json.err).toMatch(/latin\.json:9:22: the file is not UTF-8 text \(byte 0xE1/);

    const folder = join(dir, 'project');
    await cp(banking, folder, { recursive: true });
    await writeFile(join(folder, 'data', 'extra.yml'), Buffer.from('version: "3.1"\nnlu:\n  - intent: oi\n    examples: |\n      - Olá\n', 'latin1'));
    const project = await helper('import', folder, '--replace');
    expect(project.code).toBe(1);
    expect(project.err).toMatch(/data\/extra\.yml:5:11: the file is not UTF-8 text/);
  });
});
