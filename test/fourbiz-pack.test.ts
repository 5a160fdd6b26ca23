// Issue 14, item 6 end to end: `helper pack add 4biz-tickets` on an assistant, `helper train`, then
// through the REST channel against a local 4biz simulator (test/helpers/fake-4biz.ts, allowed by
// HELPER_OUTBOUND_ALLOW): a user opens a ticket, lists their tickets as buttons and asks a ticket's
// status; an expired session logs in again once (412 and 401 both count as unauthorised); 4biz down
// gives the failure message; an unknown ticket the not-found message; without `user_id` the
// assistant asks for it. The password is sealed: it is nowhere in the store in clear.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { DEFAULT_HANDOFF_SETTINGS } from '../src/handoff/handoff-settings.js';
import { loadConfig } from '../src/config/config.js';
import { openPlatform } from '../src/platform.js';
import type { AssistantRecord } from '../src/store/store.js';
import { FAKE_4BIZ_CREDENTIALS, startFake4biz, type Fake4biz } from './helpers/fake-4biz.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let dir: string;
let fake: Fake4biz;
let test: TestPlatform;
let assistant: AssistantRecord;
const env = () => ({ HELPER_DATA_DIR: dir, HELPER_LOG_LEVEL: 'silent', HELPER_OUTBOUND_ALLOW: '127.0.0.1', HELPER_DEFAULT_ASSISTANT: 'acme/pt' });

async function helper(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, env());
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'helper-4biz-'));
  fake = await startFake4biz();
  const platform = await openPlatform(loadConfig(env()), pino({ level: 'silent' }));
  await platform.store.servers.create({ name: 'acme' });
  await platform.store.assistants.create({ serverName: 'acme', language: 'pt' });
  await platform.close();
  const missing = await helper('pack', 'add', '4biz-tickets', '--assistant', 'acme/pt', '--url', fake.base);
  expect(missing.code).not.toBe(0);
  const added = await helper('pack', 'add', '4biz-tickets', '--assistant', 'acme/pt', '--url', `${fake.base}/`, '--login', FAKE_4BIZ_CREDENTIALS.login, '--password', FAKE_4BIZ_CREDENTIALS.password);
  expect(added, added.err).toMatchObject({ code: 0 });
  expect(added.out).toContain('fourbiz_login');
  const trained = await helper('train', '--assistant', 'acme/pt');
  expect(trained, trained.err).toMatchObject({ code: 0 });
  test = await startTestPlatform({ dataDir: dir, demo: false, env: env() });
  assistant = (await test.platform.store.assistants.get('acme', 'pt')) as AssistantRecord;
}, 120_000);

afterAll(async () => {
  await test?.close();
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

async function say(sender: string, message: string): Promise<Array<{ text?: string; buttons?: Array<{ title: string; payload: string }> }>> {
  const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender, message } });
  expect(response.statusCode).toBe(200);
  return response.json();
}

/** What 4biz does through the Parameters API before the conversation starts. */
async function setUser(sender: string, userId: string, name: string): Promise<void> {
  const now = Date.now() / 1000;
  await test.platform.store.conversations.append(assistant.id, sender, [
    { event: 'slot', timestamp: now, name: 'user_id', value: userId },
    { event: 'slot', timestamp: now, name: 'user_name', value: name },
  ]);
}

describe('the 4biz tickets pack against a 4biz simulator', () => {
  it('keeps the login and the password sealed', async () => {
    const stored = JSON.stringify(await test.platform.store.thirdPartyApis.list(assistant.id));
    expect(stored).not.toContain(FAKE_4BIZ_CREDENTIALS.password);
    expect(stored).not.toContain(FAKE_4BIZ_CREDENTIALS.login);
  });

  it('is one content version: the pack\'s content and its APIs, by the CLI, the password never in the history', async () => {
    const versions = await test.platform.store.versions.list(assistant.id, { limit: 10 });
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ actor: 'cli', action: 'import', details: { importName: '4biz-tickets' } });
    const version = await test.platform.store.versions.get(assistant.id, versions[0]!.id);
    const lists = new Set(version?.items.map((item) => item.list));
    expect([...lists].sort()).toEqual(expect.arrayContaining(['apis', 'dialogues', 'intents', 'skills']));
    expect(version?.items.filter((item) => item.list === 'apis').map((item) => item.name).sort()).toEqual([...(await test.platform.store.thirdPartyApis.list(assistant.id)).map((api) => api.name)].sort());
    expect(JSON.stringify(version)).not.toContain(FAKE_4BIZ_CREDENTIALS.password);
  });

  it('opens a ticket, lists the tickets as buttons and answers a ticket status', async () => {
    await setUser('joao', 'joao.silva', 'João Silva');
    expect((await say('joao', 'quero abrir um chamado'))[0]?.text).toBe('Descreva o problema ou o que você precisa.');
    const opened = await say('joao', 'a impressora do terceiro andar não imprime');
    expect(opened[0]?.text).toBe('Pronto! Abri o chamado 1001. Guarde esse número para acompanhar.');
    const created = fake.received.find((entry) => entry.path === 'request/create')?.body as { sourceRequest: Record<string, unknown> };
    expect(created.sourceRequest).toMatchObject({ type: 'I', description: 'a impressora do terceiro andar não imprime', userID: 'joao.silva', contact: { name: 'João Silva' } });
    expect(fake.logins).toBe(1);
    // The login and the password (braces in both, one naming the context user_id) reach 4biz as typed.
    expect(fake.received.find((entry) => entry.path === 'login')?.body).toEqual({ userName: FAKE_4BIZ_CREDENTIALS.login, password: FAKE_4BIZ_CREDENTIALS.password, platform: 'helper' });

    const listed = await say('joao', 'meus chamados');
    expect(listed[0]).toMatchObject({ text: 'Estes são os seus chamados. Escolha um para ver o status:', buttons: [{ title: 'Chamado 1001 – Em andamento', payload: 'status do chamado 1001' }] });
    expect((await say('joao', 'status do chamado 1001'))[0]?.text).toBe('O chamado 1001 está: Em andamento.');
    expect(fake.logins).toBe(1);
  });

  it('logs in again once when the session expired (412, then 401)', async () => {
    for (const status of [412, 401] as const) {
      fake.unauthorisedStatus = status;
      fake.expireSessions();
      const before = fake.logins;
      expect((await say('joao', 'status do chamado 1001'))[0]?.text).toBe('O chamado 1001 está: Em andamento.');
      expect(fake.logins).toBe(before + 1);
    }
  });

  it('keeps the session out of every tracker: its context holds it sealed, and the conversations API shows no sessionID', async () => {
    expect(fake.issued.length).toBeGreaterThan(1);
    const events = await test.platform.store.conversations.events(assistant.id, 'joao');
    const stored = JSON.stringify(events);
    for (const session of fake.issued) expect(stored).not.toContain(session);
    const sessionSlots = events.filter(({ event }) => event.event === 'slot' && event['name'] === 'fourbiz_session').map(({ event }) => event['value']);
    expect(sessionSlots.length).toBeGreaterThan(1);
    for (const value of sessionSlots) expect(value).toMatch(/^sealed:v2:/);
    const token = await test.platform.apiAccess.rotate(assistant);
    const tracker = await test.app.inject({ method: 'GET', url: `/conversations/joao/tracker?token=${encodeURIComponent(token)}` });
    expect(tracker.statusCode).toBe(200);
    expect((tracker.json() as { slots: Record<string, unknown> }).slots['fourbiz_session']).toMatch(/^sealed:v2:/);
    for (const session of fake.issued) expect(tracker.body).not.toContain(session);
    // A sealed value does not open in another conversation: copied there, it counts as unset and the login runs.
    const before = fake.logins;
    await setUser('copia', 'joao', 'João');
    await test.platform.store.conversations.append(assistant.id, 'copia', [{ event: 'slot', name: 'fourbiz_session', value: sessionSlots.at(-1), timestamp: Date.now() / 1000 }]);
    expect((await say('copia', 'status do chamado 1001'))[0]?.text).toBe('O chamado 1001 está: Em andamento.');
    expect(fake.logins).toBe(before + 1);
  });

  it('answers the not-found message for an unknown ticket and the failure message when 4biz is down', async () => {
    expect((await say('joao', 'status do chamado 999'))[0]?.text).toBe('Não encontrei o chamado 999. Confira o número, por favor.');
    fake.down = true;
    try {
      expect((await say('joao', 'status do chamado 1001'))[0]?.text).toBe('Não consegui falar com o 4biz agora. Tente de novo em instantes.');
    } finally {
      fake.down = false;
    }
    const failures = (await test.platform.store.conversations.events(assistant.id, 'joao')).filter(({ event }) => (event.metadata as Record<string, unknown> | undefined)?.['api_failure'] !== undefined);
    expect(failures).toHaveLength(2);
  });

  it("lists only tickets with a number, without a dangling dash when one has no status; a 'requests' that is not a list is a failure", async () => {
    await setUser('lia', 'lia.melo', 'Lia Melo');
    try {
      fake.byUserAnswer = { requests: [{ number: '11' }, { status: { name: 'Aberto' } }, { number: 12, status: { name: 'Fechado' } }, { number: '13', status: {} }] };
      expect((await say('lia', 'meus chamados'))[0]?.buttons).toEqual([
        { title: 'Chamado 11', payload: 'status do chamado 11' },
        { title: 'Chamado 12 – Fechado', payload: 'status do chamado 12' },
        { title: 'Chamado 13', payload: 'status do chamado 13' },
      ]);
      for (const answer of [{ requests: 'erro' }, { requests: { number: '11' } }, { requests: [{ status: { name: 'Aberto' } }] }]) {
        fake.byUserAnswer = answer;
        expect(await say('lia', 'meus chamados'), JSON.stringify(answer)).toEqual([expect.objectContaining({ text: 'Não consegui falar com o 4biz agora. Tente de novo em instantes.' })]);
      }
      fake.byUserAnswer = { requests: [] };
      expect((await say('lia', 'meus chamados'))[0]?.text).toBe('Você não tem chamados no 4biz.');
    } finally {
      fake.byUserAnswer = undefined;
    }
  });

  it('asks for the 4biz user when 4biz did not set it', async () => {
    expect((await say('maria', 'meus chamados'))[0]?.text).toBe('Qual é o seu usuário no 4biz?');
    expect((await say('maria', 'maria.souza'))[0]?.text).toBe('Você não tem chamados no 4biz.');
  });
  it('hands "talk to a human" off, and outside office hours opens a ticket with the conversation and tells its number', async () => {
    await test.platform.store.assistants.updateSettings(assistant.id, { handoff: { ...DEFAULT_HANDOFF_SETTINGS, officeHours: { timeZone: 'America/Sao_Paulo', week: {}, holidays: [] }, ticketOutsideHours: true } });
    await setUser('bia', 'bia.costa', 'Bia Costa');
    const before = fake.tickets.length;
    const answer = await say('bia', 'quero falar com um atendente');
    expect(answer.map((message) => message.text)).toEqual(['Certo, vou chamar um atendente. Aguarde um instante, por favor.', expect.stringMatching(/./)]);
    // The ticket is opened after the turn, with the conversation as its description, for the user 4biz set.
    await expect.poll(() => fake.tickets.length, { timeout: 10_000 }).toBe(before + 1);
    const ticket = fake.tickets.at(-1);
    expect(ticket).toMatchObject({ userID: 'bia.costa', description: expect.stringContaining('Usuário: quero falar com um atendente') });
    // The user is told its number (a REST user with the next answer; it is in the tracker at once).
    const told = async () =>
      (await test.platform.store.conversations.events(assistant.id, 'bia'))
        .map(({ event }) => event)
        .filter((event) => event.event === 'bot' && (event.metadata as Record<string, unknown> | undefined)?.['handoff_agent'] === 'ticket')
        .map((event) => event['text']);
    await expect.poll(told, { timeout: 10_000 }).toEqual([`Pronto! Abri o chamado ${ticket?.number}. Guarde esse número para acompanhar.`]);
    expect((await test.platform.store.handoffs.list([assistant.id], { status: 'waiting' })).map((handoff) => handoff.senderId)).toContain('bia');
  });

  it('never creates a ticket twice when request/create answers 412 (4biz answers every error so, not only an expired session)', async () => {
    const failure = 'Não consegui falar com o 4biz agora. Tente de novo em instantes.';
    const creates = () => fake.received.filter((entry) => entry.path === 'request/create').map((entry) => (entry.body['sourceRequest'] as { numberOrigin: string }).numberOrigin);
    const open = async (sender: string) => {
      await say(sender, 'quero abrir um chamado');
      return (await say(sender, 'o monitor não liga'))[0]?.text;
    };
    try {
      // A session just given by the login is not stale: a 412 on it is the create's own answer, sent once.
      await setUser('carla', 'carla.dias', 'Carla Dias');
      fake.createFails = 'refused';
      let [logins, sent, tickets] = [fake.logins, creates().length, fake.tickets.length];
      expect(await open('carla')).toBe(failure);
      expect([fake.logins - logins, creates().length - sent, fake.tickets.length - tickets]).toEqual([1, 1, 0]);

      // A session held from an earlier turn may have expired: the login runs again and the create is
      // retried once — with the same numberOrigin, so a ticket 4biz did create is not created again.
      fake.createFails = undefined;
      expect(await open('carla')).toMatch(/^Pronto! Abri o chamado \d+/);
      for (const mode of ['refused', 'after'] as const) {
        fake.createFails = mode;
        [logins, sent, tickets] = [fake.logins, creates().length, fake.tickets.length];
        expect(await open('carla')).toBe(failure);
        expect([fake.logins - logins, creates().length - sent, fake.tickets.length - tickets]).toEqual([1, 2, mode === 'after' ? 1 : 0]);
        const [first, retried] = creates().slice(-2);
        expect(retried).toBe(first);
      }
    } finally {
      fake.createFails = undefined;
    }
  });
});
