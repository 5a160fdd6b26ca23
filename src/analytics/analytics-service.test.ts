// The analytics pages' answers over a real store (SQLite and PostgreSQL): that the transcript, the
// list, the rankings, the inbox and the exports agree on what a fallback and a skill are, that days
// are cut at local midnight whatever the interval's start, that keyset pages skip nothing while
// conversations go on, and the overview's median confidence.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AssistantRecord, Store } from '../store/store.js';
import { openWithAssistant, storeVariants } from '../store/test-stores.js';
import { ACTION_LISTEN, actionEvent, botEvent, emptyBotData, type TrackerEvent } from '../tracker/events.js';
import { AnalyticsService } from './analytics-service.js';
import { exportRows, sessionsMatching } from './export/export-rows.js';
import { PROJECTED_EVENT_TYPES, projectEvents } from './project-events.js';
import type { TranscriptEntry } from './transcript.js';
import { sessionStart, turnEvents } from './turn-events.js';

/** 2025-06-10T12:00:00-03:00 (America/Sao_Paulo, no daylight saving). */
const NOON = Date.parse('2025-06-10T12:00:00-03:00') / 1000;

async function projectAll(store: Store): Promise<void> {
  for (;;) {
    const result = await store.analytics.project({ limit: 500, types: PROJECTED_EVENT_TYPES, build: projectEvents });
    if (result === null || result.read < 500) return;
  }
}

/** A turn a dialogue takes: its loop action (named after the dialogue), then the question it asks. */
function dialogueTurn(turn: { text: string; intent: string; confidence: number; dialogue: string; question: string; timestamp: number }): TrackerEvent[] {
  const [user] = turnEvents({ text: turn.text, intent: turn.intent, confidence: turn.confidence, timestamp: turn.timestamp });
  const metadata = { assistant_id: '1', model_id: 'model-1' };
  return [
    user as TrackerEvent,
    actionEvent(turn.dialogue, turn.timestamp, { policy: 'DialoguePolicy', confidence: turn.confidence, metadata: { ...metadata, dialogue: turn.dialogue } }),
    botEvent(`question ${turn.question}`, emptyBotData(), turn.timestamp, { utter_action: turn.question, dialogue: turn.dialogue, ...metadata }),
    actionEvent(ACTION_LISTEN, turn.timestamp, { metadata }),
  ];
}

function userEntries(entries: TranscriptEntry[]) {
  return entries.flatMap((entry) => (entry.kind === 'user' ? [entry] : []));
}

describe.each(storeVariants())('$name store: the analytics service', (variant) => {
  let store: Store;
  let assistant: AssistantRecord;
  let service: AnalyticsService;
  beforeEach(async () => {
    ({ store, assistant } = await openWithAssistant(variant));
    service = new AnalyticsService(store);
  });
  afterAll(() => variant.cleanup());

  it('marks as a fallback in the transcript exactly what the list and the inbox count: a dialogue taking a free-text answer is not one', async () => {
    await store.conversations.append(assistant.id, 'ana', [
      ...sessionStart(NOON),
      ...dialogueTurn({ text: 'quero abrir um chamado', intent: 'abrir_chamado', confidence: 0.93, dialogue: 'chamado', question: 'perguntar_descricao', timestamp: NOON + 1 }),
      ...dialogueTurn({ text: 'xkcd qwerty blah zork', intent: 'nlu_fallback', confidence: 0, dialogue: 'chamado', question: 'confirmar_chamado', timestamp: NOON + 2 }),
      ...turnEvents({ text: 'blá', intent: 'nlu_fallback', confidence: 0, skill: 'nao_entendi', fallback: true, timestamp: NOON + 3 }),
    ]);
    // Before the projection (the live view), the transcript reads the same rule from the events.
    await store.conversations.append(assistant.id, 'bia', [
      ...sessionStart(NOON),
      ...dialogueTurn({ text: 'quero abrir um chamado', intent: 'abrir_chamado', confidence: 0.93, dialogue: 'chamado', question: 'perguntar_descricao', timestamp: NOON + 1 }),
    ]);
    await projectAll(store);
    await store.conversations.append(assistant.id, 'bia', dialogueTurn({ text: 'asdf qwer', intent: 'nlu_fallback', confidence: 0, dialogue: 'chamado', question: 'confirmar_chamado', timestamp: NOON + 2 }));

    const { items } = await service.listConversations(assistant.id, { from: '2025-06-10', to: '2025-06-10', sender: 'ana' });
    expect(items.map((item) => [item.userMessages, item.fallbacks])).toEqual([[3, 1]]);
    const ana = await service.transcript(assistant.id, items[0]!.id);
    expect(userEntries(ana.entries).map((entry) => [entry.text, entry.fallback])).toEqual([
      ['quero abrir um chamado', false],
      ['xkcd qwerty blah zork', false],
      ['blá', true],
    ]);
    // The inbox's fallbacks (a threshold of 0 leaves out the low confidences).
    expect((await store.analytics.inbox(assistant.id, 0, 10)).map((message) => message.text)).toEqual(['blá']);

    const [bia] = (await service.listConversations(assistant.id, { from: '2025-06-10', to: '2025-06-10', sender: 'bia' })).items;
    const live = await service.transcript(assistant.id, bia!.id);
    expect(userEntries(live.entries).map((entry) => [entry.text, entry.fallback])).toEqual([
      ['quero abrir um chamado', false],
      ['asdf qwer', false],
    ]);
  });

  it("gives the overview's median confidence exactly, not floored to a whole percent", async () => {
    const turns = [0.998, 0.9981, 0.999].map((confidence, index) => turnEvents({ text: `m${index}`, intent: 'saudacao', confidence, skill: 'ola', timestamp: NOON + 1 + index }));
    await store.conversations.append(assistant.id, 'ana', [...sessionStart(NOON), ...turns.flat()]);
    await projectAll(store);
    expect((await service.overview(assistant.id, '2025-06-10', '2025-06-10')).medianConfidence).toBe(0.9981);
    // An even count: the mean of the middle two.
    await store.conversations.append(assistant.id, 'ana', turnEvents({ text: 'm3', intent: 'saudacao', confidence: 0.2, skill: 'ola', timestamp: NOON + 5 }));
    await projectAll(store);
    expect((await service.overview(assistant.id, '2025-06-10', '2025-06-10')).medianConfidence).toBeCloseTo(0.99805, 12);
  });

  it.each([
    ['America/Sao_Paulo', '-03:00'],
    // A zone 45 minutes off the hour: its midnights are still on the quarter hours.
    ['Asia/Kathmandu', '+05:45'],
  ])('cuts days at local midnight (%s) whatever minute the interval starts at', async (timeZone, offset) => {
    await store.analytics.updateSettings(assistant.id, { timeZone });
    const at = (local: string) => Date.parse(`${local}${offset}`) / 1000;
    for (const [index, time] of ['2025-06-10T13:00', '2025-06-10T18:00', '2025-06-10T23:50', '2025-06-10T23:59', '2025-06-10T23:59:59', '2025-06-11T00:03'].entries()) {
      await store.conversations.append(assistant.id, `u${index}`, [...sessionStart(at(time)), ...turnEvents({ text: 'oi', intent: 'saudacao', confidence: 0.9, skill: 'ola', timestamp: at(time) })]);
    }
    await projectAll(store);
    for (const minute of ['00', '07', '13']) {
      const from = `2025-06-10T12:${minute}:00${offset}`;
      const to = `2025-06-11T12:${minute}:00${offset}`;
      const intents = await service.ranking(assistant.id, 'intents', from, to);
      expect([from, intents.days, intents.series.map((series) => series.perDay)]).toEqual([from, ['2025-06-10', '2025-06-11'], [[5, 1]]]);
      const overview = await service.overview(assistant.id, from, to);
      expect([from, overview.conversationsPerDay, overview.messagesPerHour[0], overview.messagesPerHour[23]]).toEqual([from, [5, 1], 1, 3]);
      expect((await service.listConversations(assistant.id, { from, to })).total).toBe(6);
    }
  });

  it.each(['user_messages', 'fallbacks'] as const)('pages by %s without skipping a conversation that goes on meanwhile', async (sort) => {
    const turn = (index: number, at: number) =>
      turnEvents({ text: `m${index}`, intent: 'nlu_fallback', confidence: 0, candidate: { name: 'saudacao', confidence: 0.1 }, skill: 'nao_entendi', fallback: true, timestamp: at });
    // ana 3 messages, bia 2, caio 1: each message a fallback.
    for (const [sender, count] of [['ana', 3], ['bia', 2], ['caio', 1]] as const) {
      await store.conversations.append(assistant.id, sender, [...sessionStart(NOON), ...Array.from({ length: count }, (_, index) => turn(index, NOON + 1 + index)).flat()]);
    }
    await projectAll(store);
    const interval = { from: '2025-06-10', to: '2025-06-10', sort, direction: 'desc' as const, limit: 1 };
    const first = await service.listConversations(assistant.id, interval);
    expect([first.items.map((item) => item.sender), first.total]).toEqual([['ana'], 3]);
    // While the list is paged, bia writes twice more and dani begins a conversation.
    await store.conversations.append(assistant.id, 'bia', [...turn(2, NOON + 10), ...turn(3, NOON + 11)]);
    await store.conversations.append(assistant.id, 'dani', [...sessionStart(NOON + 12), ...turn(0, NOON + 12)]);
    await projectAll(store);
    const seen = [...first.items];
    let cursor = first.nextCursor;
    while (cursor !== null) {
      const page = await service.listConversations(assistant.id, { ...interval, cursor });
      expect(page.total).toBe(3);
      seen.push(...page.items);
      cursor = page.nextCursor;
    }
    // In the snapshot's order; each shows its counts of now.
    expect(seen.map((item) => [item.sender, item.userMessages])).toEqual([
      ['ana', 3],
      ['bia', 4],
      ['caio', 1],
    ]);
    // A new list sees what happened since.
    expect((await service.listConversations(assistant.id, { ...interval, limit: 10 })).items.map((item) => item.sender)).toEqual(['bia', 'ana', 'dani', 'caio']);
  });

  it("exports each message with the version that talked, not the conversation's first", async () => {
    const trained = async () => {
      const model = await store.models.start(assistant.id);
      await store.models.succeed(model.id, '{}');
      return model.modelId;
    };
    const v1 = await trained();
    await store.conversations.append(assistant.id, 'ana', [...sessionStart(NOON, v1), ...turnEvents({ text: 'oi', intent: 'saudacao', confidence: 0.9, skill: 'ola', timestamp: NOON + 1, modelId: v1 })]);
    const v2 = await trained();
    await store.conversations.append(assistant.id, 'ana', turnEvents({ text: 'tchau', intent: 'despedida', confidence: 0.9, skill: 'adeus', timestamp: NOON + 2, modelId: v2 }));
    await projectAll(store);
    const sessions = sessionsMatching(store, await service.filters(assistant.id, { from: '2025-06-10', to: '2025-06-10' }));
    const rows = [];
    for await (const row of exportRows(store, sessions, 'America/Sao_Paulo')) rows.push([row.from, row.text, row.version]);
    expect(rows).toEqual([
      ['user', 'oi', 1],
      ['bot', 'answer of ola', 1],
      ['user', 'tchau', 2],
      ['bot', 'answer of adeus', 2],
    ]);
  });

  it('counts as a response the skill that spoke — a dialogue\'s question, not the dialogue — in the ranking, the filter, the transcript and the export', async () => {
    const customAction = (at: number): TrackerEvent[] => {
      const [user, action, bot, listen] = turnEvents({ text: 'onde está meu pedido?', intent: 'rastrear', confidence: 0.9, skill: 'action_check_order', timestamp: at });
      const { utter_action: _named, ...botMetadata } = bot!.metadata as Record<string, unknown>;
      return [user!, { ...action!, metadata: { ...action!.metadata, skill: 'rastrear_pedido' } }, { ...bot!, metadata: botMetadata }, listen!];
    };
    await store.conversations.append(assistant.id, 'ana', [
      ...sessionStart(NOON),
      ...dialogueTurn({ text: 'quero abrir um chamado', intent: 'abrir_chamado', confidence: 0.93, dialogue: 'chamado', question: 'perguntar_equipamento', timestamp: NOON + 1 }),
      ...dialogueTurn({ text: 'notebook', intent: 'nlu_fallback', confidence: 0, dialogue: 'chamado', question: 'perguntar_descricao', timestamp: NOON + 2 }),
      ...dialogueTurn({ text: 'não liga', intent: 'nlu_fallback', confidence: 0, dialogue: 'chamado', question: 'confirmar_chamado', timestamp: NOON + 3 }),
      ...customAction(NOON + 4),
    ]);
    await projectAll(store);
    const responses = await service.ranking(assistant.id, 'responses', '2025-06-10', '2025-06-10');
    expect(responses.series.map((series) => [series.name, series.total])).toEqual([
      ['confirmar_chamado', 1],
      ['perguntar_descricao', 1],
      ['perguntar_equipamento', 1],
      ['rastrear_pedido', 1],
    ]);
    for (const skill of ['confirmar_chamado', 'rastrear_pedido']) {
      expect((await service.listConversations(assistant.id, { from: '2025-06-10', to: '2025-06-10', skill })).total).toBe(1);
    }
    expect((await service.listConversations(assistant.id, { from: '2025-06-10', to: '2025-06-10', skill: 'chamado' })).total).toBe(0);
    const [conversation] = (await service.listConversations(assistant.id, { from: '2025-06-10', to: '2025-06-10' })).items;
    const { entries } = await service.transcript(assistant.id, conversation!.id);
    const spoken = entries.flatMap((entry) => (entry.kind === 'bot' ? [entry.skill] : []));
    expect(spoken).toEqual(['perguntar_equipamento', 'perguntar_descricao', 'confirmar_chamado', 'rastrear_pedido']);
    const session = await store.analytics.getSession(assistant.id, conversation!.id);
    const rows = [];
    for await (const row of exportRows(store, [session!], 'America/Sao_Paulo')) {
      if (row.from === 'bot') rows.push(row.skill);
    }
    expect(rows).toEqual(spoken);
  });
});
