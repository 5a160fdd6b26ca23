// Rasa's user_featurization is not stored; withUserFeaturization puts it back after each answered
// message and nowhere else (not in a history a client posted).
import { describe, expect, it } from 'vitest';
import { EventClock, stampedInOrder } from './event-clock.js';
import { ACTION_LISTEN, actionEvent, botEvent, emptyBotData, sessionStartEvents, slotEvent, userEvent, userFeaturizationEvent, withUserFeaturization, type TrackerEvent } from './events.js';

const metadata = { assistant_id: '7', model_id: 'm-3' };
const user = (text: string, at: number): TrackerEvent => userEvent({ text, parseData: { text, intent: { name: 'oi', confidence: 0.9 }, entities: [], intent_ranking: [] }, inputChannel: 'rest', metadata: {} }, at);
const answered = (text: string, at: number): TrackerEvent[] => [
  user(text, at),
  slotEvent('nome', 'Ana', at, metadata),
  actionEvent('saudar', at, { metadata }),
  botEvent('Olá', emptyBotData(), at, metadata),
  actionEvent(ACTION_LISTEN, at, { metadata }),
];
/** As the store reads them back: engine-written (or `posted`, as a client posted them). */
const stored = (events: readonly TrackerEvent[], posted = false) => events.map((event) => (posted ? { event, posted } : { event }));
const shown = (events: readonly TrackerEvent[]) => events.map((event) => (event.event === 'action' ? String(event['name']) : event.event));

describe('withUserFeaturization', () => {
  it("adds one after an answered message, with the message's time and the turn's metadata", () => {
    const events = [...sessionStartEvents(10, {}, metadata), ...answered('oi', 11), ...answered('tudo bem?', 12)];
    const out = withUserFeaturization(stored(events));
    expect(shown(out)).toEqual(['action_session_start', 'session_started', 'action_listen', 'user', 'user_featurization', 'slot', 'saudar', 'bot', 'action_listen', 'user', 'user_featurization', 'slot', 'saudar', 'bot', 'action_listen']);
    expect(out[4]).toEqual(userFeaturizationEvent(11, metadata));
    expect(out[10]).toEqual(userFeaturizationEvent(12, metadata));
  });

  it('adds none after a message not answered: paused or logged, a channel answer, or one cut by a new session', () => {
    const paused = [user('alguém aí?', 20), slotEvent('nome', 'Ana', 20)];
    const channelAnswer = [user('oi', 21), botEvent('Olá do canal', emptyBotData(), 21, { ...metadata, channel_answer: 'callback' }), actionEvent(ACTION_LISTEN, 21, { metadata })];
    const nextSession = [user('voltei', 22), ...sessionStartEvents(30, {}, metadata)];
    // A message while paused, then actions run later from outside (/execute): not its answer.
    const executedLater = [user('alguém aí?', 50), actionEvent('saudar', 60, { metadata }), ...sessionStartEvents(70, {}, metadata)];
    for (const events of [paused, channelAnswer, nextSession, executedLater, [user('a última', 40)]]) {
      expect(withUserFeaturization(stored(events))).toEqual(events);
    }
  });

  it("adds one to a message whose answer starts a new session (a restart), after the session's action_listen", () => {
    const restarted = [user('/restart', 80), actionEvent('action_restart', 80, { metadata }), { event: 'restart', timestamp: 80 }, ...sessionStartEvents(80, {}, metadata)];
    expect(shown(withUserFeaturization(stored(restarted)))).toEqual(['user', 'user_featurization', 'action_restart', 'restart', 'action_session_start', 'session_started', 'action_listen']);
  });

  it("reads the engine's per-event stamps: the featurization in the microsecond after the message, a restart's session still the turn's, a later /execute's not", () => {
    const clock = new EventClock();
    // As the engine stamps a turn: a microsecond apart, one left free after the message.
    const turn = clock.stamp(answered('oi', 0), clock.begin(100), 0);
    expect(turn.map((event) => event.timestamp)).toEqual([100, 100.000002, 100.000003, 100.000004, 100.000005]);
    const out = withUserFeaturization(stored(turn));
    expect(out[1]).toEqual(userFeaturizationEvent(100.000001, metadata));
    expect(out.map((event) => event.timestamp)).toEqual([100, 100.000001, 100.000002, 100.000003, 100.000004, 100.000005]);
    const restart = clock.stamp([user('/restart', 0), actionEvent('action_restart', 0, { metadata }), { event: 'restart', timestamp: 0 }, ...sessionStartEvents(0, {}, metadata)], clock.begin(100), 0);
    expect(shown(withUserFeaturization(stored(restart)))).toEqual(['user', 'user_featurization', 'action_restart', 'restart', 'action_session_start', 'session_started', 'action_listen']);
    // A logged message, then /execute action_restart in the same microsecond (the clock never repeats), then the next message's session.
    const logged = clock.stamp([user('alguém aí?', 0)], clock.begin(100), 0);
    const executed = clock.stamp([actionEvent('action_restart', 0, { metadata }), { event: 'restart', timestamp: 0 }], clock.begin(100));
    const next = clock.stamp(sessionStartEvents(0, {}, metadata), clock.begin(100));
    const history = [...logged, ...executed, ...next];
    expect(withUserFeaturization(stored(history))).toEqual(history);
    // Strictly increasing across batches begun at the same time.
    const times = [...turn, ...restart, ...history].map((event) => event.timestamp);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);
    expect(stampedInOrder([user('x', 5)], 1_700_000_000_123_456)[0]?.timestamp).toBe(1_700_000_000.123456);
  });

  it('keeps one already stored (older histories, a PUT of the events) without adding another', () => {
    const [first, ...rest] = answered('oi', 11);
    const events = [first as TrackerEvent, userFeaturizationEvent(11, metadata), ...rest];
    expect(withUserFeaturization(stored(events))).toEqual(events);
  });

  it('adds none to what a client posted (Rasa keeps a PUT history exactly), and still to the turns after it', () => {
    const posted = [...sessionStartEvents(10, {}, metadata), ...answered('oi', 11)];
    const later = answered('tudo bem?', 12);
    const out = withUserFeaturization([...stored(posted, true), ...stored(later)]);
    expect(out.slice(0, posted.length)).toEqual(posted);
    expect(shown(out.slice(posted.length))).toEqual(['user', 'user_featurization', 'slot', 'saudar', 'bot', 'action_listen']);
  });
});
