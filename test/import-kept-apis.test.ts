// A replace import whose file has no `apis` keeps the assistant's third-party APIs. On every import
// path — `helper import --replace`, the admin API's assistant.yaml and Migrações' /imports — the
// replaced content must still have the contexts those APIs' `{context}` placeholders name: else the
// import is refused (`placeholder_unknown`, as an API's own save says it), naming the API as the
// merge check names the assistant's items, and nothing is written. A file with `apis` is checked
// as it always was.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { fileWithApi } from './helpers/api-file.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-kept-apis-tests-0123456789';

/** The assistant's content and its API "chamado" (`…/tickets/{ticket}`, mapping into `estado`). */
const BASE = fileWithApi({ secret: 'segredo-da-base' });

/** No `apis`, and no context `ticket`: the kept "chamado" would name a context the assistant no longer has. */
const WITHOUT_TICKET = `version: 1
contexts:
  - {name: estado, type: text}
`;

/** No `apis`, the contexts kept: "chamado" stays as it is. */
const WITH_TICKET = `version: 1
contexts:
  - {name: ticket, type: text}
  - {name: estado, type: text}
`;

/** A Watson workspace (no contexts at all): checked the same way. */
const WORKSPACE = JSON.stringify({
  name: 'central',
  language: 'pt-br',
  intents: [{ intent: 'oi', examples: [{ text: 'oi tudo bem' }] }],
  entities: [],
  dialog_nodes: [{ dialog_node: 'node_else', title: 'Outra coisa', conditions: 'anything_else', output: { generic: [{ response_type: 'text', values: [{ text: 'Não sei.' }] }] } }],
});

type Outcome = { ok: boolean; problems: string[]; fileProblems: Array<Record<string, unknown>> };

interface ImportPath {
  name: string;
  fileName: string;
  /** Whether the path records its imports in the Histórico de importações. */
  recorded: boolean;
  replace(text: string): Promise<Outcome>;
}

let test: TestPlatform;
let dir: string;

async function assistantId(): Promise<number> {
  return (await test.platform.store.assistants.get('acme', 'pt'))?.id ?? 0;
}

async function post(url: string, text: string) {
  return test.app.inject({ method: 'POST', url: `/api/admin/servers/acme/assistants/pt/${url}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/yaml' }, payload: text });
}

const httpOutcome = (response: Awaited<ReturnType<typeof post>>): Outcome => {
  const body = response.json();
  if (response.statusCode === 200) return { ok: true, problems: [], fileProblems: [] };
  expect(response.statusCode, response.body).toBe(400);
  return { ok: false, problems: body.error.problems, fileProblems: body.error.fileProblems };
};

const paths: ImportPath[] = [
  {
    name: 'helper import',
    fileName: 'replace.yaml',
    recorded: true,
    async replace(text) {
      const file = join(dir, 'replace.yaml');
      await writeFile(file, text);
      const err: string[] = [];
      const code = await runCli(['import', file, '--assistant', 'acme/pt', '--replace'], { out: () => undefined, err: (line) => err.push(line) }, { HELPER_DATA_DIR: test.dataDir, HELPER_LOG_LEVEL: 'silent' });
      const problems = err.map((line) => line.replaceAll(`${dir}/`, '')).filter((line) => line.startsWith('  ')).map((line) => line.trim());
      return { ok: code === 0, problems, fileProblems: [] };
    },
  },
  {
    name: 'assistant.yaml',
    fileName: 'assistant.yaml',
    recorded: false,
    replace: async (text) => httpOutcome(await post('assistant.yaml?mode=replace', text)),
  },
  {
    name: 'Migrações /imports',
    fileName: 'replace.yaml',
    recorded: true,
    async replace(text) {
      const preview = httpOutcome(await post('imports/preview?mode=replace&name=replace.yaml', text));
      const run = httpOutcome(await post('imports?mode=replace&name=replace.yaml', text));
      expect(run).toEqual(preview);
      return run;
    },
  },
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'helper-kept-apis-'));
  test = await startTestPlatform({ demo: false, env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN } });
  await test.platform.store.servers.create({ name: 'acme' });
  await test.platform.store.assistants.create({ serverName: 'acme', language: 'pt' });
});
afterAll(async () => {
  await test?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each(paths)('a replace through $name without "apis"', (path) => {
  const snapshot = async () => ({ content: await test.platform.store.content.load(await assistantId()), apis: await test.platform.store.thirdPartyApis.list(await assistantId()) });

  it("refuses content without a context the kept APIs' placeholders name, naming the API and the context, and writes nothing", async () => {
    expect((await post('assistant.yaml?mode=replace', BASE)).statusCode).toBe(200);
    const before = await snapshot();
    const refused = await path.replace(WITHOUT_TICKET);
    expect(refused.ok).toBe(false);
    expect(refused.problems).toEqual([
      `${path.fileName}:1:1 apis.chamado.url: the assistant's API "chamado" (url), kept as the file has no "apis": {ticket} is not a context of this assistant (built-in values: $today, $now, $conversation, $random); keep the context in the file, or give the APIs in "apis"`,
    ]);
    if (path.name !== 'helper import') {
      expect(refused.fileProblems).toEqual([expect.objectContaining({ file: path.fileName, line: 1, column: 1, place: 'apis.chamado.url', code: 'placeholder_unknown', params: { name: 'ticket' } })]);
    }
    expect(await snapshot()).toEqual(before);
    if (path.recorded) {
      const [record] = await test.platform.store.imports.list(await assistantId());
      expect(record).toMatchObject({ name: 'replace.yaml', status: 'failed', mode: 'replace', format: 'helper' });
      expect(record?.errors.map((line) => line.replaceAll(`${dir}/`, ''))).toEqual(refused.problems);
    }
    // Another platform's file keeps the APIs too: checked the same way.
    const workspace = await path.replace(WORKSPACE);
    expect(workspace.ok).toBe(false);
    expect(workspace.problems).toEqual([expect.stringMatching(/^\S+:1:1 apis\.chamado\.url: the assistant's API "chamado" \(url\), kept as the file has no "apis": \{ticket\} is not a context/)]);
    expect(await snapshot()).toEqual(before);
  });

  it('keeps the APIs when the replaced content still has their contexts; a file with "apis" is checked as before', async () => {
    expect((await post('assistant.yaml?mode=replace', BASE)).statusCode).toBe(200);
    const { apis } = await snapshot();
    expect(await path.replace(WITH_TICKET)).toMatchObject({ ok: true });
    expect((await snapshot()).apis).toEqual(apis);
    // Its own (empty) list replaces the assistant's: nothing is kept, so nothing is refused.
    expect(await path.replace(`${WITHOUT_TICKET}apis: []\n`)).toMatchObject({ ok: true });
    expect((await snapshot()).apis).toEqual([]);
  });
});
