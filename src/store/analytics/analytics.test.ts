import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { PROJECTED_EVENT_TYPES, projectEvents } from '../../analytics/project-events.js';
import { sessionStart, turnEvents } from '../../analytics/turn-events.js';
import type { AssistantRecord, Store } from '../store.js';
import { openWithAssistant, storeVariants } from '../test-stores.js';
import type { SessionQuery } from './analytics-store.js';

const DAY = 86_400;
const T0 = 1_750_000_000;

async function projectAll(store: Store, limit = 500): Promise<void> {
  for (;;) {
    const result = await store.analytics.project({ limit, types: PROJECTED_EVENT_TYPES, build: projectEvents });
    if (result === null || result.read < limit) return;
  }
}

function query(assistantId: number, changes: Partial<SessionQuery> = {}): SessionQuery {
  return { assistantId, from: T0 - 365 * DAY, to: T0 + 365 * DAY, sort: 'started_at', direction: 'desc', limit: 50, ...changes };
}

describe.each(storeVariants())('$name store: analytics', (variant) => {
  let store: Store;
  let assistant: AssistantRecord;
  let modelId: string;
  beforeEach(async () => {
    ({ store, assistant } = await openWithAssistant(variant));
    const model = await store.models.start(assistant.id);
    await store.models.succeed(model.id, '{}');
    modelId = model.modelId;
  });
  afterAll(() => variant.cleanup());

  /** ana: one session, a good turn then a fallback, handed to a human. bia: two sessions a day apart. */
  async function seed(): Promise<void> {
    await store.conversations.append(assistant.id, 'ana', [
      ...sessionStart(T0, modelId),
      ...turnEvents({ text: 'Quero abrir um chamado', intent: 'abrir_chamado', confidence: 0.91, skill: 'chamado', timestamp: T0 + 1, modelId }),
    ]);
    await store.conversations.append(assistant.id, 'ana', [
      ...turnEvents({ text: 'blá blá', intent: 'nlu_fallback', confidence: 0, candidate: { name: 'saudacao', confidence: 0.12 }, skill: 'nao_entendi', fallback: true, timestamp: T0 + 2, modelId }),
      { event: 'pause', timestamp: T0 + 3 },
    ]);
    await store.conversations.append(assistant.id, 'bia', [
      ...sessionStart(T0 + 10, modelId),
      ...turnEvents({ text: 'Olá', intent: 'saudacao', confidence: 0.97, skill: 'ola', channel: 'socketio', timestamp: T0 + 11, modelId }),
    ]);
    await store.conversations.append(assistant.id, 'bia', [
      ...sessionStart(T0 + DAY, modelId),
      // The FallbackPolicy answered although the NLU named an intent (no dialogue for it).
      ...turnEvents({ text: 'Não', intent: 'negar', confidence: 0.55, skill: 'nao_entendi', fallback: true, channel: 'socketio', timestamp: T0 + DAY + 1, modelId }),
    ]);
  }

  it('projects sessions and user messages: intent, confidence, skill, fallback, hand-off, channel and model version', async () => {
    await seed();
    await projectAll(store);
    expect(await store.analytics.cursor()).toBe(await store.analytics.latestEventId());
    const sessions = await store.analytics.listSessions(query(assistant.id));
    expect(sessions.map((session) => [session.senderId, session.userMessages, session.fallbacks, session.handedOff, session.channel, session.modelVersion])).toEqual([
      ['bia', 1, 1, false, 'socketio', 1],
      ['bia', 1, 0, false, 'socketio', 1],
      ['ana', 2, 1, true, 'rest', 1],
    ]);
    const ana = sessions[2]!;
    expect(ana.startedAt).toBe(T0);
    expect(ana.lastEventAt).toBe(T0 + 3);
    const events = await store.analytics.events(assistant.id, 'ana', ana.id, undefined, 100);
    const userIds = events.filter((entry) => entry.event.event === 'user').map((entry) => entry.id);
    const messages = await store.analytics.messages(assistant.id, userIds);
    expect(messages.sort((a, b) => a.id - b.id).map((message) => [message.text, message.intent, message.confidence, message.candidateIntent, message.skill, message.fallback, message.previousSkill])).toEqual([
      ['Quero abrir um chamado', 'abrir_chamado', 0.91, null, 'chamado', false, null],
      ['blá blá', 'nlu_fallback', 0.12, 'saudacao', 'nao_entendi', true, 'chamado'],
    ]);
    expect(messages[1]!.searchText).toBe('bla bla');
  });

  it('gives the same projection when a turn is split between batches', async () => {
    await seed();
    await projectAll(store, 2);
    const split = await store.analytics.listSessions(query(assistant.id));
    expect(split.map((session) => [session.id, session.userMessages, session.fallbacks, session.handedOff, session.startedAt, session.lastEventAt])).toEqual([
      [split[0]!.id, 1, 1, false, T0 + DAY, T0 + DAY + 1],
      [split[1]!.id, 1, 0, false, T0 + 10, T0 + 11],
      [split[2]!.id, 2, 1, true, T0, T0 + 3],
    ]);
    const rankings = await store.analytics.rankingCounts({ assistantId: assistant.id, from: T0, to: T0 + 2 * DAY, bucketSeconds: DAY, origin: T0 }, 'skill');
    expect(rankings.sort((a, b) => `${a.name}${a.bucket}`.localeCompare(`${b.name}${b.bucket}`))).toEqual([
      { name: 'chamado', bucket: 0, count: 1 },
      { name: 'nao_entendi', bucket: 0, count: 1 },
      { name: 'nao_entendi', bucket: 1, count: 1 },
      { name: 'ola', bucket: 0, count: 1 },
    ]);
  });

  it('continues many senders\' sessions across batches: counts, skills and the skill before each message', async () => {
    // Six senders take turns, as the chat's traffic arrives: every batch after the first holds
    // sessions begun in an earlier one (the priors the projector reads for many senders at once).
    const senders = ['s0', 's1', 's2', 's3', 's4', 's5'];
    for (const sender of senders) await store.conversations.append(assistant.id, sender, sessionStart(T0, modelId));
    const skills = ['chamado', 'senha', 'nao_entendi', 'vpn'];
    const expected = new Map<string, Array<[string, string, boolean, string | null]>>(senders.map((sender) => [sender, []]));
    for (let turn = 0; turn < 4; turn++) {
      for (const [index, sender] of senders.entries()) {
        const skill = skills[(turn + index) % skills.length] as string;
        const fallback = skill === 'nao_entendi';
        const text = `mensagem ${turn} de ${sender}`;
        await store.conversations.append(
          assistant.id,
          sender,
          turnEvents({ text, intent: fallback ? 'nlu_fallback' : `i_${skill}`, confidence: 0.8, skill, fallback, timestamp: T0 + 1 + turn, modelId }),
        );
        const mine = expected.get(sender)!;
        mine.push([text, skill, fallback, mine.at(-1)?.[1] ?? null]);
      }
    }
    await projectAll(store, 7);
    const sessions = await store.analytics.listSessions(query(assistant.id));
    expect(sessions).toHaveLength(senders.length);
    for (const session of sessions) {
      const mine = expected.get(session.senderId)!;
      expect([session.userMessages, session.fallbacks, session.lastEventAt]).toEqual([4, mine.filter(([, , fallback]) => fallback).length, T0 + 4]);
      const events = await store.analytics.events(assistant.id, session.senderId, session.id, undefined, 100);
      const userIds = events.filter((entry) => entry.event.event === 'user').map((entry) => entry.id);
      const messages = await store.analytics.messages(assistant.id, userIds);
      expect(messages.sort((a, b) => a.id - b.id).map((message) => [message.text, message.skill, message.fallback, message.previousSkill])).toEqual(mine);
      expect(new Set(messages.map((message) => message.sessionId))).toEqual(new Set([session.id]));
    }
  });

  it('counts no fallback for a message the NLU did not understand but a dialogue took (the value it asked for), in one batch or across two', async () => {
    for (const [sender, limit] of [['carla', 500], ['davi', 1]] as const) {
      await store.conversations.append(assistant.id, sender, [
        ...sessionStart(T0, modelId),
        ...turnEvents({ text: 'quero abrir um chamado', intent: 'abrir_chamado', confidence: 0.9, skill: 'pedir_nome', timestamp: T0 + 1, modelId }),
        // The name the dialogue asked for: below the threshold, taken by the dialogue (DialoguePolicy).
        ...turnEvents({ text: 'Joana Prado', intent: 'nlu_fallback', confidence: 0, candidate: { name: 'saudacao', confidence: 0.1 }, skill: 'pedir_nome', timestamp: T0 + 2, modelId }),
      ]);
      await projectAll(store, limit);
      const [session] = await store.analytics.listSessions(query(assistant.id, { senderId: sender }));
      expect([session?.userMessages, session?.fallbacks]).toEqual([2, 0]);
      // A message the dialogue could not take (it asks again: invalid_answer) stays a fallback.
      const [user, action, ...rest] = turnEvents({ text: 'xyz', intent: 'nlu_fallback', confidence: 0, candidate: { name: 'saudacao', confidence: 0.1 }, skill: 'pedir_nome', timestamp: T0 + 3, modelId });
      await store.conversations.append(assistant.id, sender, [user!, { ...action!, metadata: { ...action!.metadata, invalid_answer: true } }, ...rest]);
      await projectAll(store, limit);
      const [again] = await store.analytics.listSessions(query(assistant.id, { senderId: sender }));
      expect([again?.userMessages, again?.fallbacks]).toEqual([3, 1]);
      const events = await store.analytics.events(assistant.id, sender, session!.id, undefined, 100);
      const messages = await store.analytics.messages(assistant.id, events.filter((entry) => entry.event.event === 'user').map((entry) => entry.id));
      expect(messages.sort((a, b) => a.id - b.id).map((message) => [message.text, message.fallback])).toEqual([
        ['quero abrir um chamado', false],
        ['Joana Prado', false],
        ['xyz', true],
      ]);
    }
  });

  it('lists for an intent, skill or text only the sessions whose matching message is in the period, as the rankings count them', async () => {
    await seed();
    await projectAll(store);
    // ana's session starts at T0; its abrir_chamado message is at T0 + 1.
    const listed = async (to: number) => (await store.analytics.listSessions(query(assistant.id, { from: T0, to, intent: 'abrir_chamado' }))).map((session) => session.senderId);
    expect(await listed(T0 + 1)).toEqual([]);
    expect(await listed(T0 + 2)).toEqual(['ana']);
  });

  it("credits a custom action's answer to its skill, not to the action's name", async () => {
    const [user, action, bot, listen] = turnEvents({ text: 'onde está meu pedido?', intent: 'rastrear', confidence: 0.9, skill: 'action_check_order', timestamp: T0 + 1, modelId });
    // The action server's own text names no response (no utter_action).
    const { utter_action: _named, ...botMetadata } = bot!.metadata as Record<string, unknown>;
    await store.conversations.append(assistant.id, 'eva', [...sessionStart(T0, modelId), user!, { ...action!, metadata: { ...action!.metadata, skill: 'Rastrear pedido' } }, { ...bot!, metadata: botMetadata }, listen!]);
    await projectAll(store);
    const [session] = await store.analytics.listSessions(query(assistant.id, { senderId: 'eva' }));
    const events = await store.analytics.events(assistant.id, 'eva', session!.id, undefined, 100);
    const messages = await store.analytics.messages(assistant.id, events.filter((entry) => entry.event.event === 'user').map((entry) => entry.id));
    expect(messages.map((message) => message.skill)).toEqual(['Rastrear pedido']);
  });

  it('filters, sorts, counts and pages the conversation list', async () => {
    await seed();
    await projectAll(store);
    const names = async (changes: Partial<SessionQuery>) => (await store.analytics.listSessions(query(assistant.id, changes))).map((session) => `${session.senderId}@${session.startedAt - T0}`);
    expect(await names({ channel: 'socketio' })).toEqual([`bia@${DAY}`, 'bia@10']);
    expect(await names({ intent: 'abrir_chamado' })).toEqual(['ana@0']);
    expect(await names({ skill: 'nao_entendi' })).toEqual([`bia@${DAY}`, 'ana@0']);
    expect(await names({ text: 'bla' })).toEqual(['ana@0']);
    expect(await names({ text: '100%' })).toEqual([]);
    expect(await names({ fallbackOnly: true, direction: 'asc' })).toEqual(['ana@0', `bia@${DAY}`]);
    expect(await names({ handedOffOnly: true })).toEqual(['ana@0']);
    expect(await names({ senderId: 'ana' })).toEqual(['ana@0']);
    expect(await names({ from: T0 + 5, to: T0 + DAY })).toEqual(['bia@10']);
    expect(await names({ sort: 'user_messages', direction: 'desc' })).toEqual(['ana@0', `bia@${DAY}`, 'bia@10']);
    // Keyset pages: each page starts after the previous page's last row.
    const first = await store.analytics.listSessions(query(assistant.id, { limit: 2 }));
    const last = first[first.length - 1]!;
    const second = await store.analytics.listSessions(query(assistant.id, { limit: 2, after: { value: last.startedAt, id: last.id } }));
    expect([...first, ...second].map((session) => session.startedAt - T0)).toEqual([DAY, 10, 0]);
    expect(await store.analytics.countSessions({ assistantId: assistant.id, from: T0 - DAY, to: T0 + 2 * DAY, skill: 'nao_entendi' })).toBe(2);
    const firstPage = await store.analytics.firstPageWithTotal(query(assistant.id, { skill: 'nao_entendi', limit: 1 }));
    expect([firstPage.total, firstPage.sessions.map((session) => session.senderId)]).toEqual([2, ['bia']]);
    expect(await store.analytics.firstPageWithTotal(query(assistant.id, { intent: 'nada' }))).toEqual({ sessions: [], total: 0 });
    expect(await store.analytics.countSessions({ assistantId: assistant.id, from: T0 - DAY, to: T0 + 2 * DAY })).toBe(3);
  });

  it('counts messages, fallbacks, sessions, hand-offs, confidence and answers per bucket', async () => {
    await seed();
    await store.analytics.updateSettings(assistant.id, { satisfactionSkill: 'ola' });
    await projectAll(store);
    const range = { assistantId: assistant.id, from: T0, to: T0 + 2 * DAY, bucketSeconds: DAY, origin: T0 };
    expect((await store.analytics.messageBuckets(range)).sort((a, b) => a.bucket - b.bucket)).toEqual([
      { bucket: 0, messages: 3, fallbacks: 1 },
      { bucket: 1, messages: 1, fallbacks: 1 },
    ]);
    expect((await store.analytics.sessionBuckets(range)).sort((a, b) => a.bucket - b.bucket)).toEqual([
      { bucket: 0, sessions: 2, handedOff: 1 },
      { bucket: 1, sessions: 1, handedOff: 0 },
    ]);
    expect((await store.analytics.confidenceHistogram(range)).sort((a, b) => a.percent - b.percent)).toEqual([
      { percent: 12, count: 1 },
      { percent: 55, count: 1 },
      { percent: 91, count: 1 },
      { percent: 97, count: 1 },
    ]);
    // bia's "Não" followed nothing in its own session: the skill before it is in an earlier session.
    expect(await store.analytics.answersAfterSkill(range, 'chamado', 10)).toEqual([{ answer: 'bla bla', count: 1 }]);
    expect(await store.analytics.settings(assistant.id)).toEqual({ timeZone: 'America/Sao_Paulo', retentionDays: null, satisfactionSkill: 'ola' });
  });

  it('keeps the curation inbox: fallbacks and low confidence, newest first, until reviewed', async () => {
    await seed();
    await projectAll(store);
    const inbox = await store.analytics.inbox(assistant.id, 0.6, 10);
    expect(inbox.map((message) => message.text)).toEqual(['Não', 'blá blá']);
    expect(await store.analytics.inboxCount(assistant.id, 0.6)).toBe(2);
    expect(await store.analytics.inboxCount(assistant.id, 0.95)).toBe(3);
    const reviewed = await store.analytics.setReview(assistant.id, inbox[1]!.id, { status: 'phrase_added', intent: 'saudacao', by: 'ana', at: T0 + 100 });
    expect(reviewed?.review).toEqual({ status: 'phrase_added', intent: 'saudacao', by: 'ana', at: T0 + 100 });
    expect((await store.analytics.inbox(assistant.id, 0.6, 10)).map((message) => message.text)).toEqual(['Não']);
    expect(await store.analytics.inboxCount(assistant.id, 0.6)).toBe(1);
    expect(await store.analytics.phrasesAddedSince(assistant.id, T0)).toEqual([{ intent: 'saudacao', phrases: 1 }]);
    expect(await store.analytics.phrasesAddedSince(assistant.id, T0 + 100)).toEqual([]);
    await store.analytics.setReview(assistant.id, inbox[1]!.id, null);
    expect(await store.analytics.inboxCount(assistant.id, 0.6)).toBe(2);
  });

  it('deletes sessions past the retention period in batches, with their events, and conversations left empty', async () => {
    await seed();
    await store.analytics.updateSettings(assistant.id, { retentionDays: 30 });
    expect(await store.analytics.retentionPolicies()).toEqual([{ assistantId: assistant.id, retentionDays: 30 }]);
    await projectAll(store);
    // An agent's reply kept for each one's web chat session: ana's goes with her conversation.
    await store.outbox.add(['ana', 'bia'].map((recipient) => ({ assistantId: assistant.id, channel: 'socketio', recipient, payload: [{ text: 'volto já' }] })));
    // Before T0 + 12: ana's session and bia's first session; bia's second session stays.
    const first = await store.analytics.deleteExpired(assistant.id, T0 + 12, 1);
    expect(first.sessions).toBe(1);
    const second = await store.analytics.deleteExpired(assistant.id, T0 + 12, 10);
    expect(second.sessions).toBe(1);
    // ana: a session start (3), two turns (4 each), the pause; bia's first session: 3 + 4.
    expect(first.events + second.events).toBe(3 + 4 + 4 + 1 + 3 + 4);
    expect(first.conversations + second.conversations).toBe(1);
    expect(await store.analytics.deleteExpired(assistant.id, T0 + 12, 10)).toEqual({ sessions: 0, events: 0, conversations: 0 });
    expect(await store.conversations.get(assistant.id, 'ana')).toBeUndefined();
    expect(await store.conversations.events(assistant.id, 'ana')).toEqual([]);
    expect((await store.outbox.pending('socketio', assistant.id, 'ana')).length).toBe(0);
    expect((await store.outbox.pending('socketio', assistant.id, 'bia')).length).toBe(1);
    const bia = await store.conversations.events(assistant.id, 'bia');
    expect(bia.map((entry) => entry.event.timestamp)).toEqual(Array(7).fill(T0 + DAY).map((time, index) => (index < 3 ? time : time + 1)));
    expect((await store.conversations.sessionEvents(assistant.id, 'bia')).length).toBe(7);
    expect((await store.analytics.listSessions(query(assistant.id))).map((session) => session.senderId)).toEqual(['bia']);
  });

  it('erases one user: events, conversation, analytics rows and pending sends; others stay', async () => {
    await seed();
    await projectAll(store);
    await store.outbox.add([
      { assistantId: assistant.id, channel: 'facebook', recipient: 'ana', payload: { text: 'oi' } },
      { assistantId: assistant.id, channel: 'facebook', recipient: 'bia', payload: { text: 'oi' } },
    ]);
    await store.inbound.add(
      ['ana', 'ana', 'bia'].map((sender) => ({ assistantId: assistant.id, channel: 'whatsapp', sender, turn: { sender, text: 'ainda não respondida' } })),
      'a-process',
      Date.now() / 1000 + 60,
    );
    expect(await store.analytics.pendingMessages(assistant.id, 'ana')).toEqual([
      { channel: 'whatsapp', message: { sender: 'ana', text: 'ainda não respondida' }, createdAt: expect.any(Number) as number },
      { channel: 'whatsapp', message: { sender: 'ana', text: 'ainda não respondida' }, createdAt: expect.any(Number) as number },
    ]);
    // What people and the channels kept of her: a hand-off with an agent's note, her contact, a delivery.
    const { handoff } = await store.handoffs.open({ assistantId: assistant.id, senderId: 'ana', channel: 'whatsapp', reason: 'skill', now: T0 + 3 });
    await store.handoffs.addNote({ handoffId: handoff.id, author: 'bruno', text: 'cliente VIP, CPF 123', now: T0 + 4 });
    await store.handoffs.open({ assistantId: assistant.id, senderId: 'bia', channel: 'whatsapp', reason: 'skill', now: T0 + 3 });
    for (const recipient of ['ana', 'bia']) {
      await store.channels.touchContact(assistant.id, 'whatsapp', recipient, T0 + 1);
      await store.channels.recordDelivery({ assistantId: assistant.id, channel: 'whatsapp', recipient, messageId: `wamid.${recipient}`, status: 'sent', detail: null, occurredAt: T0 + 1 });
    }
    // The access export reads every kind of row the erasure deletes (resolved hand-offs too).
    await store.handoffs.resolve(handoff.id, 'bruno', T0 + 5);
    await store.handoffs.open({ assistantId: assistant.id, senderId: 'ana', channel: 'telegram', reason: 'fallbacks', now: T0 + 6 });
    await store.channels.markUnreachable(assistant.id, 'telegram', 'ana', T0 + 7, 'blocked');
    const handoffs = await store.handoffs.ofSender(assistant.id, 'ana');
    expect(handoffs.map((entry) => [entry.status, entry.channel, entry.notes.map((note) => [note.author, note.text])])).toEqual([
      ['resolved', 'whatsapp', [['bruno', 'cliente VIP, CPF 123']]],
      ['waiting', 'telegram', []],
    ]);
    expect(await store.channels.recordsOf(assistant.id, 'ana')).toEqual({
      contacts: [
        { channel: 'telegram', lastInboundAt: null, unreachableSince: T0 + 7, unreachableReason: 'blocked' },
        { channel: 'whatsapp', lastInboundAt: T0 + 1, unreachableSince: null, unreachableReason: null },
      ],
      deliveries: [expect.objectContaining({ channel: 'whatsapp', recipient: 'ana', messageId: 'wamid.ana', status: 'sent', detail: null, occurredAt: T0 + 1 })],
    });
    expect(await store.analytics.eraseSender(assistant.id, 'ana')).toEqual({ conversations: 1, events: 12, messages: 2, outbound: 1, inbound: 2, handoffs: 2, contacts: 2, deliveries: 1 });
    expect(await store.handoffs.ofSender(assistant.id, 'ana')).toEqual([]);
    expect(await store.channels.recordsOf(assistant.id, 'ana')).toEqual({ contacts: [], deliveries: [] });
    expect(await store.handoffs.ofSender(assistant.id, 'bia')).toHaveLength(1);
    expect(await store.handoffs.current(assistant.id, 'ana')).toBeUndefined();
    expect(await store.handoffs.current(assistant.id, 'bia')).toBeDefined();
    expect(await store.channels.contact(assistant.id, 'whatsapp', 'ana')).toBeUndefined();
    expect(await store.channels.deliveries(assistant.id, 'whatsapp', { recipient: 'ana' })).toEqual([]);
    expect(await store.channels.deliveries(assistant.id, 'whatsapp', { recipient: 'bia' })).toHaveLength(1);
    expect(await store.analytics.pendingMessages(assistant.id, 'ana')).toEqual([]);
    expect(await store.analytics.pendingMessages(assistant.id, 'bia')).toHaveLength(1);
    expect(await store.conversations.get(assistant.id, 'ana')).toBeUndefined();
    expect((await store.analytics.listSessions(query(assistant.id))).map((session) => session.senderId)).toEqual(['bia', 'bia']);
    expect(await store.analytics.inboxCount(assistant.id, 1)).toBe(2);
    expect(await store.outbox.recipients('facebook')).toEqual([{ assistantId: assistant.id, recipient: 'bia' }]);
    expect(await store.analytics.eraseSender(assistant.id, 'ana')).toEqual({ conversations: 0, events: 0, messages: 0, outbound: 0, inbound: 0, handoffs: 0, contacts: 0, deliveries: 0 });
    // A new message from the same id starts afresh.
    await store.conversations.append(assistant.id, 'ana', [...sessionStart(T0 + 2 * DAY, modelId), ...turnEvents({ text: 'oi de novo', intent: 'saudacao', confidence: 0.9, skill: 'ola', timestamp: T0 + 2 * DAY })]);
    await projectAll(store);
    expect((await store.analytics.listSessions(query(assistant.id, { senderId: 'ana' }))).map((session) => session.userMessages)).toEqual([1]);
  });

  it('drops the projection of a history that is replaced, and projects the new one', async () => {
    await seed();
    await projectAll(store);
    await store.conversations.replace(assistant.id, 'ana', [...sessionStart(T0 + 5, modelId), ...turnEvents({ text: 'outra', intent: 'saudacao', confidence: 0.8, skill: 'ola', timestamp: T0 + 6 })]);
    expect(await store.analytics.listSessions(query(assistant.id, { senderId: 'ana' }))).toEqual([]);
    await projectAll(store);
    expect((await store.analytics.listSessions(query(assistant.id, { senderId: 'ana' }))).map((session) => [session.startedAt, session.userMessages, session.handedOff])).toEqual([[T0 + 5, 1, false]]);
  });

  it('records and lists the audit log per server, newest first', async () => {
    const server = (await store.servers.get('acme'))!;
    await store.audit.record({ serverId: server.id, assistantId: assistant.id, actor: 'ana', action: 'erase_user', subject: 'joao', details: { events: 3 }, createdAt: T0 });
    await store.audit.record({ serverId: server.id, assistantId: null, actor: 'retention', action: 'retention', subject: null, details: {}, createdAt: T0 + 1 });
    const entries = await store.audit.list(server.id, { limit: 10 });
    expect(entries.map((entry) => [entry.actor, entry.action, entry.subject, entry.details])).toEqual([
      ['retention', 'retention', null, {}],
      ['ana', 'erase_user', 'joao', { events: 3 }],
    ]);
    expect((await store.audit.list(server.id, { limit: 10, beforeId: entries[0]!.id })).map((entry) => entry.actor)).toEqual(['ana']);
  });
});
