// Rasa's reminders end to end, on SQLite and PostgreSQL: an action server stand-in on 127.0.0.1
// returns `reminder` and `cancel_reminder` events; the job (polling every 50 ms here) triggers the
// intent once when due, under the conversation's lock, and answers on the conversation's latest
// channel (Telegram's stand-in through its outbox; REST records only). kill_on_user_msg, a name
// replacing the pending reminder, cancellation, posted reminders (execute_side_effects) and a
// restart of the process are covered. Reminders are due about a second ahead.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setUpTelegram } from '../src/channels/telegram/telegram-settings.js';
import type { AssistantRecord } from '../src/store/store.js';
import type { TrackerEvent } from '../src/tracker/events.js';
import { startFakeActionServer, utterMessage, type FakeActionServer } from './helpers/fake-action-server.js';
import { startFakeTelegramApi, type FakeTelegramApi } from './helpers/fake-telegram-api.js';
import { replaceDefaultAssistantContent, startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const BOT_TOKEN = '7000002:AAE-reminders-test-bot-token-0123456789';
const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const REMINDER_TEXT = 'Hora do seu lembrete, {item}!';

const ASSISTANT = `
version: 1
contexts:
  - name: item
    type: text
intents:
  - name: lembrar
    phrases: [me lembre depois, crie um lembrete, lembrete por favor, me avise mais tarde, agende um aviso]
  - name: lembrete_chegou
    phrases: [o lembrete chegou, hora do aviso, aviso disparado, lembrete disparado, chegou a hora]
  - name: cancelar
    phrases: [cancele o lembrete, não precisa mais avisar, desmarque o aviso, cancelar aviso, esqueça o lembrete]
  - name: cumprimentar
    phrases: [oi, olá, bom dia, boa tarde, e aí]
skills:
  - name: agendar
    action: action_schedule
  - name: desmarcar
    action: action_cancel
  - name: aviso
    text: ${REMINDER_TEXT}
  - name: saudacao
    text: Olá!
  - name: nao_entendi
    fallback: true
    text: Não entendi.
dialogues:
  - {name: lembrar, intent: lembrar, skill: agendar}
  - {name: lembrete, intent: lembrete_chegou, skill: aviso}
  - {name: cancelar, intent: cancelar, skill: desmarcar}
  - {name: oi, intent: cumprimentar, skill: saudacao}
`;

/** What the next `action_schedule` returns: the reminder's name, kill_on_user_msg and delay. */
let next: { name?: string; kill?: boolean; seconds: number } = { seconds: 1 };

function registerActions(server: FakeActionServer): void {
  server.actions.set('action_schedule', () => ({
    events: [
      {
        event: 'reminder',
        intent: 'lembrete_chegou',
        entities: { item: 'remédio' },
        date_time: new Date(Date.now() + next.seconds * 1000).toISOString(),
        name: next.name ?? null,
        kill_on_user_msg: next.kill ?? true,
        timestamp: null,
      },
    ],
    responses: [utterMessage({ text: 'Combinado, eu aviso.' })],
  }));
  server.actions.set('action_cancel', () => ({ events: [{ event: 'cancel_reminder', name: 'agua', intent: null, entities: null, timestamp: null }], responses: [utterMessage({ text: 'Cancelado.' })] }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const FIRED = 'Hora do seu lembrete, remédio!';

describe.each([
  { name: 'sqlite', postgres: false },
  { name: 'postgres', postgres: true },
])('reminders on $name', ({ postgres }) => {
  let test: TestPlatform;
  let server: FakeActionServer;
  let telegram: FakeTelegramApi;
  let assistant: AssistantRecord;
  let apiToken: string;
  let conversation = 0;

  beforeAll(async () => {
    server = await startFakeActionServer();
    registerActions(server);
    telegram = await startFakeTelegramApi({ [BOT_TOKEN]: { id: 7000002, username: 'helper_reminders_bot', first_name: 'Helper' } });
    test = await startTestPlatform({
      demo: false,
      postgres,
      env: {
        HELPER_ADMIN_TOKEN: ADMIN_TOKEN,
        HELPER_OUTBOUND_ALLOW: '127.0.0.1',
        HELPER_TELEGRAM_API_URL: telegram.url,
        HELPER_CHANNEL_RETRY_DELAY_MS: '5',
        HELPER_PUBLIC_URL: 'http://helper.example',
      },
      platform: { reminderPollMs: 50 },
    });
    assistant = await replaceDefaultAssistantContent(test, ASSISTANT);
    const set = await test.app.inject({
      method: 'PATCH',
      url: '/api/admin/servers/demo/assistants/pt/settings',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { actionEndpointUrl: server.url },
    });
    expect(set.statusCode).toBe(200);
    assistant = (await test.platform.store.assistants.getById(assistant.id)) ?? assistant;
    await test.platform.trainer.train(assistant);
    await setUpTelegram(test.platform, assistant, { botToken: BOT_TOKEN });
    apiToken = await test.platform.apiAccess.ensure(assistant);
  });
  afterAll(async () => {
    await test?.close();
    await server?.close();
    await telegram?.close();
  });

  function chat(sender = `${postgres ? 'pg' : 'sq'}-${++conversation}`) {
    const say = async (message: string) => {
      const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender, message } });
      expect(response.statusCode).toBe(200);
      return (response.json() as Array<{ text?: string }>).map((item) => item.text);
    };
    const events = async (): Promise<TrackerEvent[]> => (await test.platform.store.conversations.events(assistant.id, sender)).map((entry) => entry.event);
    const fired = async () => (await events()).filter((event) => event.event === 'bot' && event['text'] === FIRED).length;
    const pending = () => test.platform.store.reminders.list(assistant.id, sender);
    return { sender, say, events, fired, pending };
  }

  it("fires the action server's reminder once when due: the intent's answer recorded, its entities filling contexts", async () => {
    next = { seconds: 1 };
    const { say, events, fired, pending } = chat();
    expect(await say('me lembre depois')).toEqual(['Combinado, eu aviso.']);
    const [waiting] = await pending();
    expect(waiting).toMatchObject({ intent: 'lembrete_chegou', entities: { item: 'remédio' }, killOnUserMessage: true, outputChannel: null });
    expect(await fired()).toBe(0);
    await expect.poll(fired, { timeout: 5_000, interval: 50 }).toBe(1);
    await sleep(400);
    expect(await fired()).toBe(1);
    expect(await pending()).toEqual([]);
    const external = (await events()).filter((event) => event.event === 'user' && event['text'] === 'EXTERNAL: lembrete_chegou');
    expect(external).toHaveLength(1);
    expect(external[0]).toMatchObject({ input_channel: 'rest', metadata: { is_external: true, reminder_id: waiting?.id } });
  });

  it('is dropped when the user writes first (kill_on_user_msg), and fires anyway without it', async () => {
    next = { seconds: 1, kill: true };
    const killed = chat();
    await killed.say('me lembre depois');
    next = { seconds: 1, kill: false };
    const kept = chat();
    await kept.say('me lembre depois');
    expect(await killed.say('oi')).toEqual(['Olá!']);
    expect(await kept.say('oi')).toEqual(['Olá!']);
    await expect.poll(kept.fired, { timeout: 5_000, interval: 50 }).toBe(1);
    await expect.poll(async () => (await killed.pending()).length, { timeout: 5_000, interval: 50 }).toBe(0);
    expect(await killed.fired()).toBe(0);
  });

  it('replaces the pending reminder of the same name, and cancels by name', async () => {
    next = { seconds: 1, kill: false, name: 'remedio' };
    const replaced = chat();
    await replaced.say('me lembre depois');
    const [first] = await replaced.pending();
    next = { seconds: 1.2, kill: false, name: 'remedio' };
    await replaced.say('me lembre depois');
    const [second, ...others] = await replaced.pending();
    expect(others).toEqual([]);
    expect(second?.id).not.toBe(first?.id);
    expect(second?.dueAt).toBeGreaterThan(first?.dueAt ?? Infinity);
    next = { seconds: 1, kill: false, name: 'agua' };
    const cancelled = chat();
    await cancelled.say('me lembre depois');
    expect(await cancelled.pending()).toHaveLength(1);
    expect(await cancelled.say('cancele o lembrete')).toEqual(['Cancelado.']);
    expect(await cancelled.pending()).toEqual([]);
    await expect.poll(replaced.fired, { timeout: 5_000, interval: 50 }).toBe(1);
    await sleep(400);
    expect(await replaced.fired()).toBe(1);
    expect(await cancelled.fired()).toBe(0);
  });

  it('schedules a reminder posted with execute_side_effects and answers on Telegram, the latest channel, through its outbox', async () => {
    const sender = postgres ? '7102' : '7101';
    const { fired, pending } = chat(sender);
    const post = (query: string, payload: unknown) => test.app.inject({ method: 'POST', url: `/conversations/${sender}/tracker/events?token=${apiToken}${query}`, payload: payload as Record<string, unknown> });
    // The conversation's latest input channel is Telegram (the user wrote there).
    expect((await post('', { event: 'user', text: 'oi', input_channel: 'telegram', parse_data: { intent: { name: 'cumprimentar', confidence: 1 }, entities: [] } })).statusCode).toBe(200);
    const reminder = { event: 'reminder', intent: 'lembrete_chegou', entities: [{ entity: 'item', value: 'remédio' }], date_time: new Date(Date.now() + 1_000).toISOString(), name: 'posted' };
    // Without execute_side_effects the event is only recorded, as in Rasa.
    expect((await post('', { ...reminder, name: 'only-recorded' })).statusCode).toBe(200);
    expect(await pending()).toEqual([]);
    // Bad values are refused, naming the problem; nothing is recorded.
    const far = await post('&execute_side_effects=true', { ...reminder, date_time: new Date(Date.now() + 400 * 86_400_000).toISOString() });
    expect(far.statusCode).toBe(400);
    expect(far.json()).toMatchObject({ message: expect.stringContaining('date_time must be at most a year ahead') });
    const garbled = await post('&execute_side_effects=true', { ...reminder, date_time: 'amanhã' });
    expect(garbled.statusCode).toBe(400);
    expect(garbled.json()).toMatchObject({ message: expect.stringContaining('date_time must be an ISO-8601 date-time') });
    expect((await post('&execute_side_effects=true&output_channel=latest', reminder)).statusCode).toBe(200);
    // `latest` is read when the reminder is posted, as Rasa reads it.
    expect(await pending()).toMatchObject([{ name: 'posted', outputChannel: 'telegram' }]);
    await expect.poll(fired, { timeout: 5_000, interval: 50 }).toBe(1);
    await expect.poll(() => telegram.accepted.filter((call) => call.method === 'sendMessage' && call.body['text'] === FIRED).map((call) => call.body['chat_id']), { timeout: 5_000 }).toEqual([Number(sender)]);
    await sleep(300);
    expect(telegram.accepted.filter((call) => call.body['text'] === FIRED)).toHaveLength(1);
  });

  it('answers a reminder set by an intent triggered with output_channel=telegram on Telegram, where that answer went', async () => {
    next = { seconds: 1 };
    const sender = postgres ? '7104' : '7103';
    const { fired, pending } = chat(sender);
    const triggered = await test.app.inject({ method: 'POST', url: `/conversations/${sender}/trigger_intent?token=${apiToken}&output_channel=telegram`, payload: { name: 'lembrar' } });
    expect(triggered.statusCode).toBe(200);
    // As in Rasa, the conversation has no input channel yet: the reminder keeps the trigger's output channel.
    expect(await pending()).toMatchObject([{ outputChannel: 'telegram' }]);
    await expect.poll(fired, { timeout: 5_000, interval: 50 }).toBe(1);
    await expect.poll(() => telegram.accepted.filter((call) => call.method === 'sendMessage' && call.body['text'] === FIRED && call.body['chat_id'] === Number(sender)).length, { timeout: 5_000 }).toBe(1);
  });

  it("stores a fired reminder's Telegram answer in the outbox with its turn: a separate insert failing (or a crash after the turn) loses nothing, and it is sent once", async () => {
    next = { seconds: 1 };
    const sender = postgres ? '7106' : '7105';
    const { fired, pending } = chat(sender);
    const sent = (text: string) => telegram.accepted.filter((call) => call.method === 'sendMessage' && call.body['text'] === text && call.body['chat_id'] === Number(sender)).length;
    expect((await test.app.inject({ method: 'POST', url: `/conversations/${sender}/trigger_intent?token=${apiToken}&output_channel=telegram`, payload: { name: 'lembrar' } })).statusCode).toBe(200);
    await expect.poll(() => sent('Combinado, eu aviso.'), { timeout: 5_000 }).toBe(1);
    expect(await pending()).toHaveLength(1);
    // From now on every outbox insert of its own fails: only rows stored with a turn's events get in.
    const add = vi.spyOn(test.platform.store.outbox, 'add').mockRejectedValue(new Error('outbox insert failed (test)'));
    try {
      await expect.poll(fired, { timeout: 5_000, interval: 50 }).toBe(1);
      expect(await pending()).toEqual([]);
      await expect.poll(() => sent(FIRED), { timeout: 5_000 }).toBe(1);
      await sleep(300);
      expect(sent(FIRED)).toBe(1);
      expect(await test.platform.store.outbox.pending('telegram', assistant.id, sender)).toEqual([]);
    } finally {
      add.mockRestore();
    }
  });

  it('stores the answer of trigger_intent with output_channel=telegram in the outbox with its turn: a separate insert failing loses nothing', async () => {
    const sender = postgres ? '7108' : '7107';
    const sent = () => telegram.accepted.filter((call) => call.method === 'sendMessage' && call.body['text'] === 'Olá!' && call.body['chat_id'] === Number(sender)).length;
    const add = vi.spyOn(test.platform.store.outbox, 'add').mockRejectedValue(new Error('outbox insert failed (test)'));
    try {
      const triggered = await test.app.inject({ method: 'POST', url: `/conversations/${sender}/trigger_intent?token=${apiToken}&output_channel=telegram`, payload: { name: 'cumprimentar' } });
      expect(triggered.statusCode).toBe(200);
      await expect.poll(sent, { timeout: 5_000 }).toBe(1);
      await sleep(300);
      expect(sent()).toBe(1);
    } finally {
      add.mockRestore();
    }
  });

  it('stores the answer of execute with output_channel=telegram in the outbox with its events: a separate insert failing loses nothing', async () => {
    const sender = postgres ? '7110' : '7109';
    const sent = () => telegram.accepted.filter((call) => call.method === 'sendMessage' && call.body['text'] === 'Olá!' && call.body['chat_id'] === Number(sender)).length;
    const opened = await test.app.inject({ method: 'POST', url: `/conversations/${sender}/trigger_intent?token=${apiToken}&output_channel=telegram`, payload: { name: 'cumprimentar' } });
    expect(opened.statusCode).toBe(200);
    await expect.poll(sent, { timeout: 5_000 }).toBe(1);
    const add = vi.spyOn(test.platform.store.outbox, 'add').mockRejectedValue(new Error('outbox insert failed (test)'));
    try {
      const executed = await test.app.inject({ method: 'POST', url: `/conversations/${sender}/execute?token=${apiToken}&output_channel=telegram`, payload: { name: 'saudacao' } });
      expect(executed.statusCode).toBe(200);
      await expect.poll(sent, { timeout: 5_000 }).toBe(2);
      await sleep(300);
      expect(sent()).toBe(2);
    } finally {
      add.mockRestore();
    }
  });

  it('stores posted bot events sent with execute_side_effects to output_channel=telegram in the outbox with them: a separate insert failing loses nothing', async () => {
    const sender = postgres ? '7112' : '7111';
    const text = 'Seu chamado 4521 foi atualizado.';
    const sent = () => telegram.accepted.filter((call) => call.method === 'sendMessage' && call.body['text'] === text && call.body['chat_id'] === Number(sender)).length;
    const add = vi.spyOn(test.platform.store.outbox, 'add').mockRejectedValue(new Error('outbox insert failed (test)'));
    try {
      const posted = await test.app.inject({ method: 'POST', url: `/conversations/${sender}/tracker/events?token=${apiToken}&execute_side_effects=true&output_channel=telegram`, payload: { event: 'bot', text } });
      expect(posted.statusCode).toBe(200);
      await expect.poll(sent, { timeout: 5_000 }).toBe(1);
      await sleep(300);
      expect(sent()).toBe(1);
    } finally {
      add.mockRestore();
    }
  });

  it('keeps a pending reminder when another reminder change comes while a person holds the conversation, and fires it after', async () => {
    next = { seconds: 2, name: 'depois-do-atendente' };
    const { sender, say, fired, pending } = chat();
    await say('me lembre depois');
    const post = (query: string, payload: unknown) => test.app.inject({ method: 'POST', url: `/conversations/${sender}/tracker/events?token=${apiToken}${query}`, payload: payload as Record<string, unknown> });
    expect((await post('', { event: 'pause' })).statusCode).toBe(200);
    expect((await post('&execute_side_effects=true', { event: 'cancel_reminder', name: 'outro', intent: null, entities: null })).statusCode).toBe(200);
    expect((await pending()).map((reminder) => reminder.name)).toEqual(['depois-do-atendente']);
    expect((await post('', { event: 'resume' })).statusCode).toBe(200);
    await expect.poll(fired, { timeout: 6_000, interval: 50 }).toBe(1);
  });

  it('refuses more than 20 pending reminders in a conversation, recording nothing', async () => {
    const sender = `${postgres ? 'pg' : 'sq'}-many`;
    const { pending, events } = chat(sender);
    const many = Array.from({ length: 21 }, (_, index) => ({ event: 'reminder', intent: 'lembrete_chegou', date_time: new Date(Date.now() + 3_600_000).toISOString(), name: `r${index}` }));
    const refused = await test.app.inject({ method: 'POST', url: `/conversations/${sender}/tracker/events?token=${apiToken}&execute_side_effects=true`, payload: many });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ message: expect.stringContaining('at most 20') });
    expect(await pending()).toEqual([]);
    expect((await events()).filter((event) => event.event === 'reminder')).toEqual([]);
  });
});

describe('reminders across a restart', () => {
  it('fire after the process that scheduled them stopped (SQLite, same data folder)', async () => {
    const server = await startFakeActionServer();
    registerActions(server);
    next = { seconds: 1.5, kill: true };
    const env = { HELPER_ADMIN_TOKEN: ADMIN_TOKEN, HELPER_OUTBOUND_ALLOW: '127.0.0.1' };
    const first = await startTestPlatform({ demo: false, env, platform: { reminderPollMs: 50 } });
    const { dataDir } = first;
    try {
      let assistant = await replaceDefaultAssistantContent(first, ASSISTANT);
      await first.app.inject({ method: 'PATCH', url: '/api/admin/servers/demo/assistants/pt/settings', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { actionEndpointUrl: server.url } });
      assistant = (await first.platform.store.assistants.getById(assistant.id)) ?? assistant;
      await first.platform.trainer.train(assistant);
      const said = await first.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'restart-1', message: 'me lembre depois' } });
      expect(said.json()).toEqual([expect.objectContaining({ text: 'Combinado, eu aviso.' })]);
      expect(await first.platform.store.reminders.list(assistant.id, 'restart-1')).toHaveLength(1);
      await first.app.close();
      await first.platform.close();

      const second = await startTestPlatform({ demo: false, env, dataDir, platform: { reminderPollMs: 50 } });
      try {
        const fired = async () => (await second.platform.store.conversations.events(assistant.id, 'restart-1')).filter((entry) => entry.event.event === 'bot' && entry.event['text'] === FIRED).length;
        await expect.poll(fired, { timeout: 5_000, interval: 50 }).toBe(1);
      } finally {
        await second.close();
      }
    } finally {
      await first.close().catch(() => undefined);
      const { rm } = await import('node:fs/promises');
      await rm(dataDir, { recursive: true, force: true });
      await server.close();
    }
  });
});
