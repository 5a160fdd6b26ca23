// `helper import | export | train`, run in-process against a real store in a temp folder.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_URL_SECRET } from '../src/channels/callback/callback-output.js';
import { FACEBOOK_NEEDS_NEW_TOKEN } from '../src/channels/facebook/facebook-settings.js';
import { runCli } from '../src/cli/main.js';
import { loadConfig } from '../src/config/config.js';
import { openPlatform } from '../src/platform.js';

let dir: string;
let env: Record<string, string>;

async function helper(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function withPlatform<T>(work: (platform: Awaited<ReturnType<typeof openPlatform>>) => Promise<T>): Promise<T> {
  const platform = await openPlatform(loadConfig(env), pino({ level: 'silent' }));
  try {
    return await work(platform);
  } finally {
    await platform.close();
  }
}

const assistantYaml = `version: 1
settings:
  accuracy_threshold: 40
contexts:
  - name: equipamento
    type: text
    values:
      - value: impressora
        synonyms: [printer]
intents:
  - name: cumprimentar
    phrases: [oi, olá, bom dia, boa tarde, boa noite]
  - name: problema
    phrases:
      - minha [impressora](equipamento) quebrou
      - 'a [printer]{"entity": "equipamento", "value": "impressora"} não imprime'
      - problema na impressora
skills:
  - name: ola
    text: [Olá!, Oi!]
  - name: registrar
    text: Problema registrado.
    variants:
      - when: {equipamento: set}
        text: Problema com {equipamento} registrado.
  - name: nao_entendi
    fallback: true
    text: Não entendi. Digite menu.
dialogues:
  - name: ola
    intent: cumprimentar
    skill: ola
  - name: problema
    intent: problema
    skill: registrar
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'helper-cli-'));
  env = { HELPER_DATA_DIR: join(dir, 'data'), HELPER_LOG_LEVEL: 'silent' };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('helper import', () => {
  it('imports a Helper YAML file into the default assistant', async () => {
    await writeFile(join(dir, 'a.yaml'), assistantYaml);
    const result = await helper('import', join(dir, 'a.yaml'));
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/into demo\/pt/);
    await withPlatform(async (platform) => {
      const assistant = await platform.defaultAssistant();
      expect(assistant.settings.accuracyThreshold).toBeCloseTo(0.4);
      const content = await platform.store.content.load(assistant.id);
      expect(content.intents.map((intent) => intent.name)).toEqual(['cumprimentar', 'problema']);
      expect(content.intents[1]?.phrases[0]).toEqual({
        text: 'minha impressora quebrou',
        entities: [{ start: 6, end: 16, entity: 'equipamento', value: 'impressora' }],
      });
    });
  });

  it('reports every error with its place and writes nothing', async () => {
    const broken = assistantYaml
      .replace('phrases: [oi, olá, bom dia, boa tarde, boa noite]', 'phrases: [oi, ""]')
      .replace('    skill: registrar', '    skill: nao_existe');
    await writeFile(join(dir, 'broken.yaml'), broken);
    const before = await withPlatform(async (platform) => platform.store.content.load((await platform.defaultAssistant()).id));
    const result = await helper('import', join(dir, 'broken.yaml'), '--replace');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/nothing was written/);
    expect(result.err).toMatch(/broken\.yaml:12:\d+ intents\[0\]\.phrases\[1\]/);
    expect(result.err).toMatch(/broken\.yaml:\d+:\d+ dialogues\[1\]\.skill.*nao_existe/);
    const after = await withPlatform(async (platform) => platform.store.content.load((await platform.defaultAssistant()).id));
    expect(after).toEqual(before);
    // The Histórico de importações keeps the failure with the format the file was read as; null for one that could not be read.
    const latest = async () => withPlatform(async (platform) => (await platform.store.imports.list((await platform.defaultAssistant()).id))[0]);
    expect(await latest()).toMatchObject({ name: 'broken.yaml', source: 'cli', status: 'failed', format: 'helper' });
    await writeFile(join(dir, 'unreadable.yaml'), 'version: 1\nintents: [oi\n');
    expect((await helper('import', join(dir, 'unreadable.yaml'))).code).toBe(1);
    expect(await latest()).toMatchObject({ name: 'unreadable.yaml', status: 'failed', format: null });
  });

  it("names the line and column of an API's problem found only when the import is saved (a secret without its value), never a secret's value", async () => {
    const apis = `version: 1
contexts:
  - name: sessao
    type: text
apis:
  - name: login
    method: POST
    url: https://itsm.example/login
    headers:
      - name: X-Key
        secret: true
    body:
      - {name: password, type: text, secret: true}
    mappings: [{path: sessionID, context: sessao, type: text}]
  - name: chamados
    depends_on: login
    method: GET
    url: https://itsm.example/requests/{numero}
    headers: [{name: X-Token, secret: true, value: segredo-do-arquivo}]
`;
    await writeFile(join(dir, 'apis.yaml'), apis);
    const before = await withPlatform(async (platform) => platform.apis.list((await platform.defaultAssistant()).id));
    const result = await helper('import', join(dir, 'apis.yaml'));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/nothing was written/);
    // The file reader has nothing against these: the assistant has no such secrets to keep, which only the save knows.
    expect(result.err).toContain('apis.yaml:10:9 apis[0].headers[0].value: API "login": a secret header needs its value');
    expect(result.err).toContain('apis.yaml:13:9 apis[0].body[0].value: API "login": a secret field needs its value');
    expect(result.err).toContain('apis.yaml:18:10 apis[1].url: API "chamados": {numero} is not a context of this assistant');
    expect(result.err).not.toContain('segredo-do-arquivo');
    expect(await withPlatform(async (platform) => platform.apis.list((await platform.defaultAssistant()).id))).toEqual(before);
  });

  it("lets a merge's fallback skill take over from the assistant's (kept as an ordinary skill), warning at the file's line and column", async () => {
    await writeFile(join(dir, 'fallback.yaml'), 'version: 1\nskills:\n  - name: outro\n    fallback: true\n    text: Como?\n');
    const result = await helper('import', join(dir, 'fallback.yaml'));
    expect(result.code, result.err).toBe(0);
    expect(result.err).toContain(`warning: ${join(dir, 'fallback.yaml')}:4:15 skills[0].fallback: skill "outro" becomes the fallback in place of the assistant's "nao_entendi", which stays as an ordinary skill`);
    const fallbacks = async () => withPlatform(async (platform) => (await platform.store.content.load((await platform.defaultAssistant()).id)).skills.filter((skill) => skill.fallback).map((skill) => skill.name));
    expect(await fallbacks()).toEqual(['outro']);
    // And back: the assistant's former fallback, named in a file, takes the flag again.
    await writeFile(join(dir, 'fallback-back.yaml'), 'version: 1\nskills:\n  - name: nao_entendi\n    fallback: true\n    text: Não entendi. Digite menu.\n');
    const back = await helper('import', join(dir, 'fallback-back.yaml'));
    expect(back.code, back.err).toBe(0);
    expect(back.err).toContain('skill "nao_entendi" becomes the fallback in place of the assistant\'s "outro"');
    expect(await fallbacks()).toEqual(['nao_entendi']);
  });

  it('refuses an alias bomb and a file larger than 10 MB, naming the problem', async () => {
    const bomb = `version: 1\nintents:\n  - &m {name: x, phrases: &p [${Array(6000).fill('a').join(',')}]}\n${Array(3000).fill('  - *m').join('\n')}\n`;
    await writeFile(join(dir, 'bomb.yaml'), bomb);
    const refused = await helper('import', join(dir, 'bomb.yaml'));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/bomb\.yaml:4:5: aliases expand the file beyond \d+ nodes: they stand for 18015000 nodes, at most 10000 are allowed/);

    await writeFile(join(dir, 'huge.yaml'), `version: 1\n#${'x'.repeat(10 * 1024 * 1024)}\n`);
    const huge = await helper('import', join(dir, 'huge.yaml'));
    expect(huge.code).toBe(1);
    expect(huge.err).toMatch(/huge\.yaml has 11 MB; an assistant file may have at most 10 MB$/);
  });

  it('imports Rasa NLU training data into another assistant when asked', async () => {
    await writeFile(
      join(dir, 'nlu.yml'),
      `version: "3.1"
nlu:
  - intent: greet
    examples: |
      - hi
      - hello
      - good morning
  - intent: order
    examples: |
      - I want a [pizza](food)
      - one [burger](food) please
  - synonym: pizza
    examples: |
      - pizzas
  - lookup: city
    examples: |
      - Lisbon
      - Porto
  - regex: ticket
    examples: |
      - TK-\\d{4}
`,
    );
    expect((await helper('import', join(dir, 'nlu.yml'), '--assistant', 'demo/en')).code).toBe(1); // demo/en does not exist yet
    await withPlatform(async (platform) => {
      await platform.store.assistants.create({ serverName: 'demo', language: 'en' });
    });
    const result = await helper('import', join(dir, 'nlu.yml'), '--assistant', 'demo/en');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/rasa-nlu/);
    await withPlatform(async (platform) => {
      const assistant = await platform.store.assistants.get('demo', 'en');
      const content = await platform.store.content.load(assistant!.id);
      expect(content.intents.map((intent) => intent.name)).toEqual(['greet', 'order']);
      const food = content.contexts.find((context) => context.name === 'food');
      expect(food).toMatchObject({ type: 'text' });
      expect(content.contexts.find((context) => context.name === 'city')).toMatchObject({ type: 'text' });
      expect(content.regexes).toEqual([{ name: 'ticket', pattern: 'TK-\\d{4}' }]);
    });
  });

  it('refuses a malformed --assistant and a missing file', async () => {
    expect((await helper('import', join(dir, 'a.yaml'), '--assistant', 'Demo')).err).toMatch(/SERVER\/LANG/);
    const missing = await helper('import', join(dir, 'missing.yaml'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/cannot read/);
  });
});

describe('helper train', () => {
  it('trains the assistant so that it answers', async () => {
    const result = await helper('train');
    expect(result.out).toMatch(/trained demo\/pt: version 1/);
    // Training goes on, but the admin hears what the data could do better.
    expect(result.err).toMatch(/^warning: .*problema/m);
    expect(result.err).not.toMatch(/cumprimentar/);
    await withPlatform(async (platform) => {
      const assistant = await platform.defaultAssistant();
      const [answer] = await platform.engine.handle({ assistantId: assistant.id, sender: 'cli', text: 'minha printer quebrou', inputChannel: 'rest', metadata: {} });
      expect(answer?.text).toBe('Problema com impressora registrado.');
    });
  });

  it('fails with the reason and keeps the previous model', async () => {
    await writeFile(join(dir, 'empty.yaml'), 'version: 1\n');
    expect((await helper('import', join(dir, 'empty.yaml'), '--replace')).code).toBe(0);
    const result = await helper('train');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/no intents/);
    expect(result.err).toMatch(/previous model/);
    await withPlatform(async (platform) => {
      const assistant = await platform.defaultAssistant();
      expect((await platform.store.models.latestReady(assistant.id))?.version).toBe(1);
    });
  });
});

describe('helper export', () => {
  it('writes a file that imports back to the same content', async () => {
    await writeFile(join(dir, 'a.yaml'), assistantYaml);
    expect((await helper('import', join(dir, 'a.yaml'), '--replace')).code).toBe(0);
    const exported = join(dir, 'exported.yaml');
    const result = await helper('export', '-o', exported);
    expect(result.code).toBe(0);
    const text = await readFile(exported, 'utf8');
    expect(text).toMatch(/accuracy_threshold: 40/);
    const before = await withPlatform(async (platform) => platform.store.content.load((await platform.defaultAssistant()).id));
    expect((await helper('import', exported, '--replace')).code).toBe(0);
    const after = await withPlatform(async (platform) => platform.store.content.load((await platform.defaultAssistant()).id));
    expect(after).toEqual(before);
    const stdout = await helper('export');
    expect(stdout.out).toContain('name: cumprimentar');
  });
});

describe('helper server | assistant | integrations | api-token | api-allow', () => {
  it('adds, lists, renames, disables and enables servers and assistants', async () => {
    expect((await helper('server', 'add', 'acme', '--display-name', 'ACME Ltda.')).code).toBe(0);
    expect((await helper('server', 'add', 'acme')).err).toMatch(/already exists/);
    expect((await helper('server', 'add', 'Not Valid')).code).toBe(1);
    expect((await helper('assistant', 'add', 'acme', 'pt')).out).toMatch(/added assistant acme\/pt/);
    expect((await helper('assistant', 'add', 'acme', 'en', '--name', 'ACME bot')).code).toBe(0);
    expect((await helper('assistant', 'add', 'nobody', 'pt')).err).toMatch(/does not exist/);
    expect((await helper('server', 'rename', 'acme', 'ACME S.A.')).out).toMatch(/"ACME S\.A\."/);
    expect((await helper('assistant', 'rename', 'acme/en', 'ACME English')).code).toBe(0);
    expect((await helper('assistant', 'disable', 'acme/en')).code).toBe(0);
    expect((await helper('server', 'disable', 'acme')).code).toBe(0);
    expect((await helper('server', 'list')).out).toMatch(/acme\tACME S\.A\.\tdisabled/);
    expect((await helper('assistant', 'list')).out).toMatch(/acme\/en\tACME English\tdisabled\tnot trained/);
    expect((await helper('server', 'enable', 'acme')).code).toBe(0);
    expect((await helper('assistant', 'enable', 'acme/en')).code).toBe(0);
    expect((await helper('assistant', 'list')).out).toMatch(/acme\/en\tACME English\tenabled/);
  });

  it('refuses a server or an assistant whose host name would be another\'s, saying the rule', async () => {
    const taken = await helper('server', 'add', 'acmept');
    expect(taken.code).toBe(1);
    expect(taken.err).toMatch(/server name "acmept" is the host name of assistant acme\/pt \(no two host names may be equal, and a server name may not be another server's name followed by pt, en, es\)/);
    expect((await helper('server', 'add', 'acmees')).err).toMatch(/would take the host name of server acme's "es" assistant/);
    expect((await helper('server', 'add', 'acmefr')).code).toBe(0);
    expect((await helper('assistant', 'add', 'acme', 'fr')).err).toMatch(/would answer at acmefr, the host name of server acmefr's console/);
    expect((await helper('server', 'list')).out).not.toMatch(/acmept|acmees/);
  });

  it("prints the Integrações values, the 4biz parameters following the server, language and public URL", async () => {
    await writeFile(join(dir, 'a.yaml'), assistantYaml);
    expect((await helper('import', join(dir, 'a.yaml'), '--assistant', 'acme/pt', '--replace')).code).toBe(0);
    const previous = env.HELPER_PUBLIC_URL;
    env.HELPER_PUBLIC_URL = 'https://helperassistant.example';
    try {
      const result = await helper('integrations', '--assistant', 'acme/pt', '--json');
      expect(result.code).toBe(0);
      const values = JSON.parse(result.out) as {
        fourBiz: { parameters: Array<{ id: number; value: string }>; fallbackMessage: { value: string; mentionsMenu: boolean }; parametersApiAuthorisation: { token: string } };
        apiRest: { endpoint: string; method: string; mediaType: string; answers: Array<{ kind: string }> };
        facebookMessenger: { callbackUrl: string };
      };
      expect(values.fourBiz.parameters).toEqual([
        { id: 402, name: 'Helper Assistant - External URL', value: 'https://acme.helperassistant.example' },
        { id: 441, name: 'Helper Assistant - Conversation API', value: 'https://acmePT.helperassistant.example/webhooks/rest/webhook' },
        { id: 442, name: 'Helper Assistant - Parameters API', value: 'https://acmePT.helperassistant.example/conversations/' },
      ]);
      expect(values.fourBiz.fallbackMessage).toMatchObject({ value: 'Não entendi. Digite menu.', mentionsMenu: true });
      // No token until one is asked for: `helper api-token` creates it, and the values then show it.
      expect(values.fourBiz.parametersApiAuthorisation.token).toBeUndefined();
      expect((await helper('integrations', '--assistant', 'acme/pt')).out).toContain('Parameters API token: not set (create it with helper api-token)');
      const token = (await helper('api-token', '--assistant', 'acme/pt')).out;
      expect(token).toMatch(/^[\w-]{32}$/);
      const shown = JSON.parse((await helper('integrations', '--assistant', 'acme/pt', '--json')).out) as typeof values;
      expect(shown.fourBiz.parametersApiAuthorisation.token).toBe(token);
      expect(values.apiRest).toMatchObject({ endpoint: 'https://acmePT.helperassistant.example/webhooks/rest/webhook', method: 'POST', mediaType: 'application/json' });
      expect(values.apiRest.answers.map((answer) => answer.kind)).toEqual(['text', 'buttons', 'image', 'attachment']);
      expect(values.facebookMessenger.callbackUrl).toBe('https://acmePT.helperassistant.example/webhooks/facebook/webhook');
      const text = (await helper('integrations', '--assistant', 'acme/pt')).out;
      expect(text).toContain('441 Helper Assistant - Conversation API: https://acmePT.helperassistant.example/webhooks/rest/webhook');
    } finally {
      if (previous === undefined) delete env.HELPER_PUBLIC_URL;
      else env.HELPER_PUBLIC_URL = previous;
    }
  });

  it('sets the Facebook secrets (shown only as set/not set) and shows or rotates the verify token', async () => {
    const unset = JSON.parse((await helper('integrations', '--assistant', 'acme/pt', '--json')).out) as { facebookMessenger: Record<string, string> };
    expect(unset.facebookMessenger).toMatchObject({ appSecret: 'not set', pageAccessToken: 'not set', verifyTokenStatus: 'not set' });
    expect(unset.facebookMessenger['verifyToken']).toBeUndefined();
    const created = (await helper('integrations', 'facebook-verify-token', '--assistant', 'acme/pt')).out;
    const before = JSON.parse((await helper('integrations', '--assistant', 'acme/pt', '--json')).out) as { facebookMessenger: Record<string, string> };
    expect(before.facebookMessenger).toMatchObject({ verifyTokenStatus: 'set', verifyToken: created });
    expect(created).toMatch(/^[\w-]{20,}$/);
    const set = await helper('integrations', 'set', 'facebook', '--assistant', 'acme/pt', '--app-secret', 'the-app-secret', '--page-access-token', 'EAAG-page-token');
    expect(set.out).toBe('Facebook Messenger: app secret set, Page access token set, Get Started payload GET_STARTED (default)');
    const text = (await helper('integrations', '--assistant', 'acme/pt')).out;
    expect(text).toContain('Secret: set');
    expect(text).toContain('Page Access Token: set');
    expect(text).not.toContain('the-app-secret');
    expect(text).not.toContain('EAAG-page-token');
    const verify = (await helper('integrations', 'facebook-verify-token', '--assistant', 'acme/pt')).out;
    expect(verify).toBe(before.facebookMessenger['verifyToken']);
    const rotated = (await helper('integrations', 'facebook-verify-token', '--rotate', '--assistant', 'acme/pt')).out;
    expect(rotated).not.toBe(verify);
    expect(text).toContain(`Verify Token: ${verify}`);
    const after = JSON.parse((await helper('integrations', '--assistant', 'acme/pt', '--json')).out) as { facebookMessenger: Record<string, string> };
    expect(after.facebookMessenger).toMatchObject({ appSecret: 'set', pageAccessToken: 'set', verifyToken: rotated });
    expect((await helper('integrations', 'set', 'facebook', '--assistant', 'acme/pt', '--app-secret', '')).out).toMatch(/app secret not set, Page access token set/);
    // The payload of the Page's Get Started button: set, shown, and back to the default when empty.
    expect((await helper('integrations', 'set', 'facebook', '--assistant', 'acme/pt', '--get-started-payload', 'COMECAR')).out).toMatch(/Get Started payload COMECAR$/);
    expect((await helper('integrations', '--assistant', 'acme/pt')).out).toContain('Get Started payload: COMECAR\n');
    expect((await helper('integrations', 'set', 'facebook', '--assistant', 'acme/pt', '--get-started-payload', '/cumprimentar')).err).toMatch(/getStartedPayload/);
    expect((await helper('integrations', 'set', 'facebook', '--assistant', 'acme/pt', '--get-started-payload', '')).out).toMatch(/Get Started payload GET_STARTED \(default\)$/);
    // The answer to a photo or a sticker without text.
    await helper('integrations', 'set', 'facebook', '--assistant', 'acme/pt', '--unsupported-reply', 'Só leio texto.');
    expect((await helper('integrations', '--assistant', 'acme/pt')).out).toMatch(/Get Started payload: GET_STARTED \(default\)\n {2}Answer to messages that are not text: Só leio texto\.\n/);
    await helper('integrations', 'set', 'facebook', '--assistant', 'acme/pt', '--default-unsupported-reply');
    expect((await helper('integrations', '--assistant', 'acme/pt')).out).toMatch(/Get Started payload: GET_STARTED \(default\)\n {2}Answer to messages that are not text: \S.* \(default\)\n/);
    expect((await helper('integrations', 'set', 'telegram', '--assistant', 'acme/pt')).err).toMatch(/usage/);
    // Meta refused the token (error 190; the channel sets this flag, see test/facebook-channel.test.ts).
    expect(after.facebookMessenger).toMatchObject({ needsNewToken: false });
    await withPlatform(async (platform) => {
      const assistant = await platform.store.assistants.get('acme', 'pt');
      await platform.store.secrets.set(assistant!.id, FACEBOOK_NEEDS_NEW_TOKEN, platform.secrets.encrypt('{"reason":"190"}', { assistantId: assistant!.id, name: FACEBOOK_NEEDS_NEW_TOKEN }));
    });
    const flagged = JSON.parse((await helper('integrations', '--assistant', 'acme/pt', '--json')).out) as { facebookMessenger: Record<string, unknown> };
    expect(flagged.facebookMessenger).toMatchObject({ pageAccessToken: 'set', needsNewToken: true });
    expect((await helper('integrations', '--assistant', 'acme/pt')).out).toMatch(/Meta refused the Page access token \(error 190\)/);
    expect((await helper('integrations', 'set', 'facebook', '--assistant', 'acme/pt', '--page-access-token', 'EAAG-new-token')).code).toBe(0);
    const cleared = JSON.parse((await helper('integrations', '--assistant', 'acme/pt', '--json')).out) as { facebookMessenger: Record<string, unknown> };
    expect(cleared.facebookMessenger).toMatchObject({ pageAccessToken: 'set', needsNewToken: false });
  });

  it('sets WhatsApp up (its verify token made then, secrets shown only as set), and shows or rotates the verify token', async () => {
    const before = JSON.parse((await helper('integrations', '--assistant', 'acme/pt', '--json')).out) as { whatsapp: Record<string, unknown> };
    expect(before.whatsapp).toMatchObject({ verifyTokenState: 'not set', appSecret: 'not set', phoneNumberId: null });
    expect(before.whatsapp).not.toHaveProperty('verifyToken');
    expect((await helper('integrations', 'whatsapp-verify-token', '--assistant', 'acme/pt')).err).toMatch(/not set up yet/);
    expect((await helper('integrations', 'set', 'whatsapp', '--assistant', 'acme/pt')).err).toMatch(/usage: helper integrations set whatsapp --app-secret S --access-token T --phone-number-id ID/);
    expect((await helper('integrations', 'set', 'whatsapp', '--assistant', 'acme/pt', '--phone-number-id', '+55 11 9999')).err).toMatch(/phoneNumberId must be the digits/);
    const set = await helper('integrations', 'set', 'whatsapp', '--assistant', 'acme/pt', '--app-secret', 'wa-app-secret', '--access-token', 'EAAW-token', '--phone-number-id', '106540352242922');
    expect(set.code).toBe(0);
    expect(set.out).toMatch(/^WhatsApp: app secret set, access token set, phone number id 106540352242922\n {2}Callback URL: https:\/\/acmePT\.localhost:5005\/webhooks\/whatsapp\/webhook\n {2}Verify Token: [\w-]{32}$/);
    const verify = (await helper('integrations', 'whatsapp-verify-token', '--assistant', 'acme/pt')).out;
    expect(set.out).toContain(verify);
    const rotated = (await helper('integrations', 'whatsapp-verify-token', '--rotate', '--assistant', 'acme/pt')).out;
    expect(rotated).not.toBe(verify);
    const text = (await helper('integrations', '--assistant', 'acme/pt')).out;
    expect(text).toContain(`WhatsApp\n  Callback URL: https://acmePT.localhost:5005/webhooks/whatsapp/webhook\n  Verify Token: ${rotated}\n  Phone number id: 106540352242922\n  App Secret: set\n  Access Token: set`);
    expect(text).not.toContain('wa-app-secret');
    expect(text).not.toContain('EAAW-token');
    expect((await helper('integrations', 'set', 'whatsapp', '--assistant', 'acme/pt', '--unsupported-reply', '')).code).toBe(0);
    expect((await helper('integrations', '--assistant', 'acme/pt')).out).toContain('Answer to messages that are not text: (none: such messages are only recorded)');
    expect((await helper('integrations', 'set', 'whatsapp', '--assistant', 'acme/pt', '--default-unsupported-reply')).code).toBe(0);
    expect((await helper('integrations', '--assistant', 'acme/pt')).out).toContain('Answer to messages that are not text: Desculpe, por enquanto eu só consigo ler mensagens de texto. (default)');
    // One assistant per phone number id.
    expect((await helper('integrations', 'set', 'whatsapp', '--assistant', 'acme/en', '--phone-number-id', '106540352242922')).err).toMatch(/another assistant already has whatsapp address/);
    expect((await helper('integrations', 'telegram-webhook', '--assistant', 'acme/pt')).err).toMatch(/no bot token is set/);
  });

  it('rotates the API token and sets the allowed addresses', async () => {
    const before = (await helper('api-token', '--assistant', 'acme/pt')).out;
    const rotated = (await helper('api-token', '--assistant', 'acme/pt', '--rotate')).out;
    expect(rotated).not.toBe(before);
    expect((await helper('api-token', '--assistant', 'acme/pt')).out).toBe(rotated);
    expect((await helper('api-allow', '10.0.0.0/8', '::1', '--assistant', 'acme/pt')).out).toMatch(/10\.0\.0\.0\/8, ::1/);
    expect((await helper('api-allow', 'not-a-cidr', '--assistant', 'acme/pt')).err).toMatch(/not an address or CIDR/);
    expect((await helper('api-allow', '--assistant', 'acme/pt')).out).toMatch(/none/);
  });

  it('sets the callback URL only where the SSRF guard lets the platform POST, and removes it', async () => {
    const stored = () => withPlatform(async (platform) => platform.store.secrets.get((await platform.store.assistants.get('acme', 'pt'))!.id, CALLBACK_URL_SECRET));
    const metadata = await helper('callback-url', 'http://169.254.169.254/latest/meta-data?key=s3cret', '--assistant', 'acme/pt');
    expect(metadata.code).not.toBe(0);
    expect(metadata.err).toMatch(/the callback URL is refused: 169\.254\.169\.254 is not a public address .*HELPER_OUTBOUND_ALLOW/);
    expect((await helper('callback-url', 'https://user:s3cret@hooks.example/in', '--assistant', 'acme/pt')).err).toMatch(/must not hold credentials/);
    expect((await helper('callback-url', 'ftp://hooks.example/in', '--assistant', 'acme/pt')).err).toMatch(/https:\/\//);
    expect(await stored()).toBeUndefined();
    const saved = env;
    env = { ...env, HELPER_OUTBOUND_ALLOW: '127.0.0.1' };
    try {
      expect((await helper('callback-url', 'http://127.0.0.1:8080/in?key=s3cret', '--assistant', 'acme/pt')).out).toBe('callback URL set');
    } finally {
      env = saved;
    }
    expect(await stored()).toBeDefined();
    expect((await helper('callback-url', '--assistant', 'acme/pt')).out).toBe('callback URL removed');
    expect(await stored()).toBeUndefined();
  });

  it("prints under API Rest whether the callback URL is set, never the URL", async () => {
    const state = async () => {
      const text = (await helper('integrations', '--assistant', 'acme/pt')).out;
      const json = JSON.parse((await helper('integrations', '--assistant', 'acme/pt', '--json')).out) as { callback: { url: string } };
      expect(text).not.toMatch(/s3cret|hooks\.example/);
      return { line: /\nAPI Rest\n(?: {2}.*\n)* {2}(Callback URL \(callback channel\): .*)\n/.exec(text)?.[1], json: json.callback.url };
    };
    expect(await state()).toEqual({ line: 'Callback URL (callback channel): not set (set it with helper callback-url URL)', json: 'not set' });
    await withPlatform(async (platform) => {
      const assistant = (await platform.store.assistants.get('acme', 'pt'))!;
      await platform.store.secrets.set(assistant.id, CALLBACK_URL_SECRET, platform.secrets.encrypt('https://hooks.example/in?key=s3cret', { assistantId: assistant.id, name: CALLBACK_URL_SECRET }));
    });
    expect(await state()).toEqual({ line: 'Callback URL (callback channel): set', json: 'set' });
    expect((await helper('callback-url', '--assistant', 'acme/pt')).out).toBe('callback URL removed');
    expect(await state()).toEqual({ line: 'Callback URL (callback channel): not set (set it with helper callback-url URL)', json: 'not set' });
  });
});
