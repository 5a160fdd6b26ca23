// The three import paths — `helper import`, the admin API's assistant.yaml and Migrações' /imports —
// check a merge's content as the admin API checks content (import_merge_problem, at the file's line
// and column when the item is the file's, naming the item when it is the assistant's), and agree on
// the fallback skill: the file's takes over from the assistant's, which stays as an ordinary skill.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import type { AssistantContent } from '../src/assistant/content.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-merge-check-tests-0123456789';

/** The assistant every path merges into: a fallback, a dialogue for `oi`, a phrase linking `cor: verde`. */
const BASE = `version: 1
contexts:
  - name: cor
    type: categorical
    values: [azul, verde]
intents:
  - name: oi
    phrases: [oi, olá]
  - name: pedido
    phrases: ['quero o [verde](cor)']
skills:
  - name: ola
    text: Olá!
  - name: anotado
    text: Anotado.
  - name: nao_entendi
    fallback: true
    text: Não entendi.
dialogues:
  - name: saudacao
    intents: [oi]
    skill: ola
  - name: pedido
    intents: [pedido]
    skill: anotado
`;

/** A second dialogue for `oi`: the file alone is fine, merged it answers an intent `saudacao` answers. */
const SECOND_DIALOGUE = `version: 1
dialogues:
  - name: outra_saudacao
    intents: [oi]
    skill: ola
`;

/** `cor` without `verde`: the assistant's phrase of `pedido` links a value the merged context has not. */
const CONTEXT_LOSES_VALUE = `version: 1
contexts:
  - name: cor
    type: categorical
    values: [azul]
`;

const OTHER_FALLBACK = `version: 1
skills:
  - name: outro
    text: Como?
    fallback: true
`;

/** A Watson workspace: its `#oi` node answers an intent `saudacao` answers; its `anything_else` is a fallback. */
function workspace(withOi: boolean): string {
  const text = (value: string) => ({ generic: [{ response_type: 'text', values: [{ text: value }] }] });
  const nodes = [
    ...(withOi ? [{ dialog_node: 'node_oi', title: 'Oi', conditions: '#oi', output: text('Oi!') }] : []),
    { dialog_node: 'node_else', title: 'Outra coisa', conditions: 'anything_else', ...(withOi ? { previous_sibling: 'node_oi' } : {}), output: text('Não sei.') },
  ];
  return JSON.stringify({ name: 'central', language: 'pt-br', intents: [{ intent: 'oi', examples: [{ text: 'oi tudo bem' }] }], entities: [], dialog_nodes: nodes });
}

type Outcome = { ok: boolean; problems: string[]; fileProblems: Array<Record<string, unknown>>; warnings: string[]; fileWarnings: Array<Record<string, unknown>> };

/** One import path: the name its answers give the file, and how it merges one. */
interface ImportPath {
  name: string;
  fileName: string;
  /** Whether the path records its imports in the Histórico de importações. */
  recorded: boolean;
  merge(yaml: string): Promise<Outcome>;
}

let test: TestPlatform;
let dir: string;

async function assistantId(): Promise<number> {
  return (await test.platform.store.assistants.get('acme', 'pt'))?.id ?? 0;
}

async function post(url: string, yaml: string) {
  const response = await test.app.inject({ method: 'POST', url: `/api/admin/servers/acme/assistants/pt/${url}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/yaml' }, payload: yaml });
  return response;
}

async function replaceWithBase(): Promise<void> {
  const response = await post('assistant.yaml?mode=replace', BASE);
  expect(response.statusCode, response.body).toBe(200);
}

async function content(): Promise<AssistantContent> {
  return test.platform.store.content.load(await assistantId());
}

/** The format the history keeps for the latest import, on a path that records its imports. */
async function recordedFormat(path: ImportPath): Promise<string | null | undefined> {
  if (!path.recorded) return undefined;
  const [latest] = await test.platform.store.imports.list(await assistantId());
  expect(latest?.status).toBe('failed');
  return latest?.format;
}

const httpOutcome = (response: Awaited<ReturnType<typeof post>>): Outcome => {
  const body = response.json();
  if (response.statusCode === 200) return { ok: true, problems: [], fileProblems: [], warnings: body.warnings, fileWarnings: body.fileWarnings };
  expect(response.statusCode, response.body).toBe(400);
  return { ok: false, problems: body.error.problems, fileProblems: body.error.fileProblems, warnings: [], fileWarnings: [] };
};

const paths: ImportPath[] = [
  {
    name: 'helper import',
    fileName: 'merge.yaml',
    recorded: true,
    async merge(yaml) {
      const file = join(dir, 'merge.yaml');
      await writeFile(file, yaml);
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['import', file, '--assistant', 'acme/pt'], { out: (line) => out.push(line), err: (line) => err.push(line) }, { HELPER_DATA_DIR: test.dataDir, HELPER_LOG_LEVEL: 'silent' });
      // The CLI says the same lines, with the file's path: as `merge.yaml` here, so each path compares alike.
      const lines = err.map((line) => line.replaceAll(`${dir}/`, ''));
      if (code === 0) return { ok: true, problems: [], fileProblems: [], warnings: lines.filter((line) => line.startsWith('warning: ')).map((line) => line.slice('warning: '.length)), fileWarnings: [] };
      return { ok: false, problems: lines.filter((line) => line.startsWith('  ')).map((line) => line.trim()), fileProblems: [], warnings: [], fileWarnings: [] };
    },
  },
  {
    name: 'assistant.yaml',
    fileName: 'assistant.yaml',
    recorded: false,
    merge: async (yaml) => httpOutcome(await post('assistant.yaml?mode=merge', yaml)),
  },
  {
    name: 'Migrações /imports',
    fileName: 'merge.yaml',
    recorded: true,
    merge: async (yaml) => httpOutcome(await post('imports?mode=merge&name=merge.yaml', yaml)),
  },
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'helper-merge-check-'));
  test = await startTestPlatform({ demo: false, env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN } });
  await test.platform.store.servers.create({ name: 'acme' });
  await test.platform.store.assistants.create({ serverName: 'acme', language: 'pt' });
});
afterAll(async () => {
  await test?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each(paths)('a merge through $name', (path) => {
  it("refuses a file item that breaks a rule once merged, at the file's line and column, and writes nothing", async () => {
    await replaceWithBase();
    const before = await content();
    const outcome = await path.merge(SECOND_DIALOGUE);
    expect(outcome.ok).toBe(false);
    expect(outcome.problems).toEqual([
      `${path.fileName}:4:15 dialogues[0].intents[0]: merged with the assistant's content, dialogues "outra_saudacao" intents.0: intent "oi" is already answered by dialogue "saudacao"; only one dialogue can answer it; import with mode "replace" or fix the file`,
    ]);
    if (path.name !== 'helper import') {
      expect(outcome.fileProblems).toEqual([
        expect.objectContaining({ file: path.fileName, line: 4, column: 15, place: 'dialogues[0].intents[0]', code: 'import_merge_problem', params: { rule: 'intent_answered', name: 'oi', by: 'saudacao' } }),
      ]);
    }
    expect(await content()).toEqual(before);
    // The file was read: its failure is recorded with its format.
    expect(await recordedFormat(path)).toBe(path.recorded ? 'helper' : undefined);
  });

  it("refuses a file that breaks one of the assistant's own items once merged, naming the item", async () => {
    await replaceWithBase();
    const before = await content();
    const outcome = await path.merge(CONTEXT_LOSES_VALUE);
    expect(outcome.ok).toBe(false);
    expect(outcome.problems).toEqual([expect.stringMatching(new RegExp(`^${path.fileName.replace('.', '\\.')}:1:1 intents\\.pedido\\.phrases\\.0\\.entities\\.0\\.value: merged with the assistant's content, intents "pedido" phrases\\.0\\.entities\\.0\\.value: .*verde`))]);
    if (path.name !== 'helper import') {
      expect(outcome.fileProblems).toEqual([expect.objectContaining({ file: path.fileName, line: 1, column: 1, place: 'intents.pedido.phrases.0.entities.0.value', code: 'import_merge_problem', params: expect.objectContaining({ rule: 'not_a_value' }) })]);
    }
    expect(await content()).toEqual(before);
  });

  it("lets the file's fallback skill take over from the assistant's, which stays as an ordinary skill, and says so", async () => {
    await replaceWithBase();
    const outcome = await path.merge(OTHER_FALLBACK);
    expect(outcome).toMatchObject({ ok: true });
    expect(outcome.warnings).toContain(`${path.fileName}:5:15 skills[0].fallback: skill "outro" becomes the fallback in place of the assistant's "nao_entendi", which stays as an ordinary skill`);
    if (path.name !== 'helper import') {
      expect(outcome.fileWarnings).toEqual(
        expect.arrayContaining([expect.objectContaining({ file: path.fileName, line: 5, column: 15, place: 'skills[0].fallback', code: 'import_fallback_replaced', params: { name: 'outro', previous: 'nao_entendi' } })]),
      );
    }
    const skills = (await content()).skills;
    expect(skills.map((skill) => [skill.name, skill.fallback])).toEqual([
      ['ola', false],
      ['anotado', false],
      ['nao_entendi', false],
      ['outro', true],
    ]);
    expect(skills.find((skill) => skill.name === 'nao_entendi')?.texts).toEqual(['Não entendi.']);
  });

  it("checks another platform's file the same way, naming its made items (a Watson workspace has no lines for them)", async () => {
    await replaceWithBase();
    const before = await content();
    const refused = await path.merge(workspace(true));
    expect(refused.ok).toBe(false);
    expect(refused.problems).toEqual([
      `${path.fileName}:1:1 dialogues.Oi.intents.0: merged with the assistant's content, dialogues "Oi" intents.0: intent "oi" is already answered by dialogue "saudacao"; only one dialogue can answer it; import with mode "replace" or fix the file`,
    ]);
    expect(await content()).toEqual(before);
    expect(await recordedFormat(path)).toBe(path.recorded ? 'watson' : undefined);

    const imported = await path.merge(workspace(false));
    expect(imported).toMatchObject({ ok: true });
    expect(imported.warnings).toContain(`${path.fileName}:1:1 skills.Outra coisa.fallback: skill "Outra coisa" becomes the fallback in place of the assistant's "nao_entendi", which stays as an ordinary skill`);
    expect((await content()).skills.filter((skill) => skill.fallback).map((skill) => skill.name)).toEqual(['Outra coisa']);
  });
});
