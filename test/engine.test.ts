// The engine's rules that a channel test cannot see: sessions, pause, slots, and training that
// fails without taking the previous model away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyContent, type AssistantContent } from '../src/assistant/content.js';
import { Engine } from '../src/engine/engine.js';
import { TrainingError } from '../src/engine/trainer.js';
import type { AssistantRecord } from '../src/store/store.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let test: TestPlatform;
let assistant: AssistantRecord;
let clock = 1_700_000_000;
let engine: Engine;

const content: AssistantContent = {
  ...emptyContent(),
  contexts: [{ name: 'equipamento', type: 'text', values: [{ value: 'impressora', synonyms: ['printer', 'imp'] }, { value: 'notebook', synonyms: ['laptop'] }] }],
  intents: [
    { name: 'cumprimentar', phrases: ['oi', 'olá', 'bom dia', 'boa tarde', 'e aí', 'oi tudo bem'].map((text) => ({ text })) },
    {
      name: 'problema',
      phrases: ['minha impressora quebrou', 'meu notebook não liga', 'a impressora não imprime', 'o notebook está lento', 'problema na impressora', 'problema no notebook'].map((text) => ({ text })),
    },
  ],
  skills: [
    { name: 'ola', fallback: false, kind: 'text', texts: ['Olá!'] },
    { name: 'registrar', fallback: false, kind: 'text', texts: ['Vou registrar o problema com: {equipamento}.'] },
    { name: 'nao_entendi', fallback: true, kind: 'text', texts: ['Não entendi. Digite menu.'] },
    // Said by /restart, as Rasa's action_restart says a domain's utter_restart.
    { name: 'utter_restart', fallback: false, kind: 'text', texts: ['Tudo bem, vamos recomeçar.'] },
  ],
  dialogues: [
    { name: 'ola', intents: ['cumprimentar'], skill: 'ola' },
    { name: 'problema', intents: ['problema'], skill: 'registrar' },
  ],
};

beforeAll(async () => {
  test = await startTestPlatform({ demo: false });
  assistant = await test.platform.defaultAssistant();
  await test.platform.store.content.save(assistant.id, content, 'replace');
  await test.platform.trainer.train(assistant);
  engine = new Engine({
    store: test.platform.store,
    registry: test.platform.registry,
    lock: test.platform.lock,
    sessionExpirationSeconds: 60 * 60,
    now: () => clock,
  });
});
afterAll(async () => {
  await test?.close();
});

const turn = (sender: string, text: string) => ({ assistantId: assistant.id, sender, text, inputChannel: 'rest', metadata: {} });
const eventsOf = async (sender: string) => (await test.platform.store.conversations.events(assistant.id, sender)).map((entry) => entry.event);

describe('Engine: a hand-off across a session expiry', () => {
  it("keeps the conversation with the person when the user writes back after the session expired, and gives the agent's reply", async () => {
    const withHandoff = new Engine({
      store: test.platform.store,
      registry: test.platform.registry,
      lock: test.platform.lock,
      sessionExpirationSeconds: 60 * 60,
      now: () => clock,
      handoff: test.platform.handoffs,
    });
    const sender = 'fora-do-horario';
    expect(await withHandoff.handle(turn(sender, 'oi'))).toEqual([{ text: 'Olá!' }]);
    // A person is asked for, the conversation paused; an agent answers later.
    await test.platform.store.handoffs.open({ assistantId: assistant.id, senderId: sender, channel: 'rest', reason: 'skill', now: clock });
    await test.platform.conversations.setPaused(assistant, sender, true);
    await test.platform.handoffs.reply(assistant, sender, 'Bom dia, sou a Ana.', 'ana');
    // The user writes back the next morning, past the session expiration.
    clock += 12 * 60 * 60;
    expect(await withHandoff.handle({ ...turn(sender, 'minha impressora parou'), withAgentReplies: true })).toEqual([{ text: 'Bom dia, sou a Ana.' }]);
    expect((await test.platform.conversations.tracker(assistant, sender)).paused).toBe(true);
    // Given back, the assistant answers again.
    await test.platform.handoffs.resolve(assistant, sender, 'ana', true);
    expect(await withHandoff.handle(turn(sender, 'oi'))).toEqual([{ text: 'Olá!' }]);
  });
});

describe("Engine: Rasa's default intents", () => {
  const shape = (events: Array<Record<string, unknown>>) => events.map((event) => (event.event === 'action' ? `action:${String(event['name'])}` : event.event === 'slot' ? `slot:${String(event['name'])}` : String(event.event)));

  it('restarts on /restart: action_restart (saying utter_restart), restart, a new session with nothing carried over', async () => {
    await engine.handle(turn('restart', 'meu laptop não liga'));
    expect(await engine.handle(turn('restart', '/restart'))).toEqual([{ text: 'Tudo bem, vamos recomeçar.' }]);
    const events = await eventsOf('restart');
    const at = events.findLastIndex((event) => event.event === 'user');
    expect(events[at]).toMatchObject({ text: '/restart', parse_data: { intent: { name: 'restart', confidence: 1 } } });
    expect(shape(events.slice(at + 1))).toEqual(['action:action_restart', 'bot', 'restart', 'action:action_session_start', 'session_started', 'action:action_listen']);
    expect(events[at + 1]).toMatchObject({ policy: 'RulePolicy', confidence: 1 });
    const tracker = await test.platform.conversations.tracker(assistant, 'restart');
    expect(tracker.slots['equipamento']).toBeNull();
    // The tracker shows what came after the restart (include_events AFTER_RESTART).
    expect(shape(tracker.events as Array<Record<string, unknown>>)).toEqual(['action:action_session_start', 'session_started', 'action:action_listen']);
    expect(await engine.handle(turn('restart', 'oi'))).toEqual([{ text: 'Olá!' }]);
  });

  it('starts a new session on /session_start, carrying the slots over', async () => {
    await engine.handle(turn('session-start', 'meu laptop não liga'));
    expect(await engine.handle(turn('session-start', '/session_start'))).toEqual([]);
    const events = await eventsOf('session-start');
    const at = events.findLastIndex((event) => event.event === 'user');
    expect(shape(events.slice(at + 1))).toEqual(['action:action_session_start', 'session_started', 'slot:equipamento', 'action:action_listen']);
    expect((await test.platform.conversations.tracker(assistant, 'session-start')).slots['equipamento']).toBe('notebook');
  });

  it('restarts a conversation a person holds, and its handoff ends (resolved by the restart); /session_start does not unpause', async () => {
    const withHandoff = new Engine({ store: test.platform.store, registry: test.platform.registry, lock: test.platform.lock, sessionExpirationSeconds: 60 * 60, now: () => clock, handoff: test.platform.handoffs });
    const sender = 'restart-handoff';
    await withHandoff.handle(turn(sender, 'oi'));
    await test.platform.store.handoffs.open({ assistantId: assistant.id, senderId: sender, channel: 'rest', reason: 'skill', now: clock });
    await test.platform.conversations.setPaused(assistant, sender, true);
    expect(await withHandoff.handle(turn(sender, '/session_start'))).toEqual([]);
    expect((await test.platform.conversations.tracker(assistant, sender)).paused).toBe(true);
    expect(await withHandoff.handle(turn(sender, '/restart'))).toEqual([{ text: 'Tudo bem, vamos recomeçar.' }]);
    expect((await test.platform.conversations.tracker(assistant, sender)).paused).toBe(false);
    expect(await test.platform.store.handoffs.current(assistant.id, sender)).toBeUndefined();
    const [resolved] = await test.platform.handoffs.list([assistant.id], { status: 'resolved' });
    expect(resolved).toMatchObject({ senderId: sender, resolvedBy: 'user:restart' });
    expect(await withHandoff.handle(turn(sender, 'oi'))).toEqual([{ text: 'Olá!' }]);
  });
});

describe('Engine', () => {
  it('fills a slot from a synonym and uses it in the answer', async () => {
    const [answer] = await engine.handle(turn('slots', 'minha printer quebrou'));
    expect(answer?.text).toBe('Vou registrar o problema com: impressora.');
    expect(await eventsOf('slots')).toContainEqual(expect.objectContaining({ event: 'slot', name: 'equipamento', value: 'impressora' }));
  });

  it('starts a new session after the idle time, carrying the slots over', async () => {
    await engine.handle(turn('idle', 'meu laptop não liga'));
    clock += 30 * 60;
    await engine.handle(turn('idle', 'oi'));
    expect((await eventsOf('idle')).filter((event) => event.event === 'session_started')).toHaveLength(1);
    clock += 61 * 60;
    const [answer] = await engine.handle(turn('idle', 'o notebook está lento'));
    expect(answer?.text).toMatch(/notebook/);
    const events = await eventsOf('idle');
    expect(events.filter((event) => event.event === 'session_started')).toHaveLength(2);
    const secondStart = events.findLastIndex((event) => event.event === 'session_started');
    expect(events[secondStart + 1]).toMatchObject({ event: 'slot', name: 'equipamento', value: 'notebook' });
    const session = await test.platform.store.conversations.sessionEvents(assistant.id, 'idle');
    expect(session[0]?.event).toMatchObject({ event: 'action', name: 'action_session_start' });
  });

  it('records but does not answer while the conversation is paused', async () => {
    await engine.handle(turn('human', 'oi'));
    await test.platform.store.conversations.append(assistant.id, 'human', [{ event: 'pause', timestamp: clock }]);
    expect(await engine.handle(turn('human', 'alguém aí?'))).toEqual([]);
    const events = await eventsOf('human');
    expect(events.at(-1)).toMatchObject({ event: 'user', text: 'alguém aí?' });
    await test.platform.store.conversations.append(assistant.id, 'human', [{ event: 'resume', timestamp: clock }]);
    expect(await engine.handle(turn('human', 'oi'))).toEqual([{ text: 'Olá!' }]);
  });

  it("records a channel's own answer (an image it cannot read) as the bot's, unless paused", async () => {
    const parseData = { text: '[image]', intent: { name: 'nlu_fallback', confidence: 0 }, entities: [], intent_ranking: [] };
    const image = { ...turn('photo', '[image]'), inputChannel: 'whatsapp', parseData, answer: { text: 'Só leio texto.' } };
    expect(await engine.handle(image)).toEqual([{ text: 'Só leio texto.' }]);
    const events = await eventsOf('photo');
    expect(events.slice(-3)).toMatchObject([
      { event: 'user', text: '[image]', parse_data: { intent: { name: 'nlu_fallback' } } },
      { event: 'bot', text: 'Só leio texto.', metadata: { channel_answer: 'whatsapp' } },
      { event: 'action', name: 'action_listen' },
    ]);
    expect(events.some((event) => event.event === 'action' && event.name !== 'action_listen' && event.name !== 'action_session_start')).toBe(false);
    await test.platform.store.conversations.append(assistant.id, 'photo', [{ event: 'pause', timestamp: clock }]);
    expect(await engine.handle(image)).toEqual([]);
    expect((await eventsOf('photo')).at(-1)).toMatchObject({ event: 'user', text: '[image]' });
  });

  it('understands a message as a channel says it means (understoodAs), recording what the user sent', async () => {
    expect(await engine.handle({ ...turn('start', '/start'), inputChannel: 'telegram', understoodAs: 'oi' })).toEqual([{ text: 'Olá!' }]);
    const user = (await eventsOf('start')).find((event) => event.event === 'user');
    expect(user).toMatchObject({ text: '/start', parse_data: { text: '/start', intent: { name: 'cumprimentar' } }, metadata: { understood_as: 'oi' } });
    // A payload works as typed; parse data given by the caller wins over it.
    await engine.handle({ ...turn('start', '/start x'), understoodAs: '/problema' });
    const parseData = { text: '/start', intent: { name: 'cumprimentar', confidence: 1 }, entities: [], intent_ranking: [] };
    await engine.handle({ ...turn('start', '/start'), understoodAs: '/problema', parseData });
    const users = (await eventsOf('start')).filter((event) => event.event === 'user');
    expect(users.slice(1).map((event) => [event['text'], (event['parse_data'] as { intent: { name: string } }).intent.name, (event['metadata'] as Record<string, unknown>)['understood_as']])).toEqual([
      ['/start x', 'problema', '/problema'],
      ['/start', 'cumprimentar', undefined],
    ]);
    expect(await engine.intentNames(assistant.id)).toEqual(new Set(['cumprimentar', 'problema']));
  });

  it('keeps the previous model serving when a training fails', async () => {
    const before = await test.platform.store.models.latestReady(assistant.id);
    await test.platform.store.content.save(assistant.id, { ...content, intents: [] }, 'replace');
    await expect(test.platform.trainer.train(assistant)).rejects.toBeInstanceOf(TrainingError);
    const models = await test.platform.store.models.list(assistant.id);
    expect(models.map((model) => model.status)).toContain('failed');
    expect(models.find((model) => model.status === 'failed')?.error).toMatch(/no intents/);
    expect((await test.platform.store.models.latestReady(assistant.id))?.id).toBe(before?.id);
    expect((await test.platform.registry.get(assistant.id))?.model?.record.id).toBe(before?.id);
    expect(await engine.handle(turn('after-failure', 'oi'))).toEqual([{ text: 'Olá!' }]);
    await test.platform.store.content.save(assistant.id, content, 'replace');
  });
});

describe('ModelRegistry', () => {
  it('serves a model trained by another process within its refresh time, without a restart', async () => {
    // A second platform on the same store stands for the CLI or another app process.
    const { ModelRegistry } = await import('../src/engine/model-registry.js');
    let now = 0;
    const registry = new ModelRegistry(test.platform.store, { refreshMs: 2_000, now: () => now });
    const before = (await registry.get(assistant.id))?.model?.record.id;
    const trained = await test.platform.trainer.train(assistant);
    expect((await registry.get(assistant.id))?.model?.record.id).toBe(before);
    now += 2_001;
    expect((await registry.get(assistant.id))?.model?.record.id).toBe(trained.id);
  });

  it('holds loaded models to its byte budget, the least recently used going first and coming back from the store', async () => {
    const { ModelRegistry } = await import('../src/engine/model-registry.js');
    const second = await test.platform.store.assistants.create({ serverName: assistant.serverName, language: 'en' });
    await test.platform.store.content.save(second.id, content, 'replace');
    await test.platform.trainer.train(second);
    const size = (await new ModelRegistry(test.platform.store).get(assistant.id))?.model?.bytes ?? 0;
    expect(size).toBeGreaterThan(1000);
    // Room for one model (and the entries' overhead), not two.
    const registry = new ModelRegistry(test.platform.store, { budgetBytes: Math.floor(size * 1.5) });
    const first = (await registry.get(assistant.id))?.model;
    expect(first).toBeTruthy();
    expect((await registry.get(assistant.id))?.model).toBe(first);
    expect(registry.usage.assistants).toBe(1);
    expect((await registry.get(second.id))?.model).toBeTruthy();
    expect(registry.usage).toEqual({ bytes: expect.any(Number), assistants: 1 });
    expect(registry.usage.bytes).toBeLessThanOrEqual(Math.floor(size * 1.5));
    // Evicted: loaded again from the store, a new object for the same version.
    const again = (await registry.get(assistant.id))?.model;
    expect(again).not.toBe(first);
    expect(again?.record.id).toBe(first?.record.id);
    // A budget larger than both keeps both.
    const roomy = new ModelRegistry(test.platform.store, { budgetBytes: size * 4 });
    const kept = (await roomy.get(assistant.id))?.model;
    await roomy.get(second.id);
    expect((await roomy.get(assistant.id))?.model).toBe(kept);
    expect(roomy.usage.assistants).toBe(2);
  });

  it('keeps serving the current model when a newer one cannot be loaded', async () => {
    const { ModelRegistry } = await import('../src/engine/model-registry.js');
    let now = 0;
    const errors: unknown[] = [];
    const registry = new ModelRegistry(test.platform.store, { refreshMs: 1, now: () => now, onLoadError: (error) => errors.push(error) });
    const current = (await registry.get(assistant.id))?.model?.record.id;
    const broken = await test.platform.store.models.start(assistant.id);
    await test.platform.store.models.succeed(broken.id, '{"format": 99}');
    now += 10;
    expect((await registry.get(assistant.id))?.model?.record.id).toBe(current);
    now += 10;
    expect((await registry.get(assistant.id))?.model?.record.id).toBe(current);
    expect(errors).toHaveLength(1);
  });
});
