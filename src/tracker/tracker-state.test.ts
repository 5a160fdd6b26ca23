import { describe, expect, it } from 'vitest';
import { actionEvent, sessionStartEvents, slotEvent, type TrackerEvent } from './events.js';
import { appliedEvents, buildTrackerState } from './tracker-state.js';

const user = (text: string, timestamp: number): TrackerEvent => ({
  event: 'user',
  timestamp,
  metadata: {},
  text,
  parse_data: { intent: { name: 'greet', confidence: 0.9 }, entities: [], text, message_id: 'm', metadata: {} },
  input_channel: 'rest',
  message_id: 'm',
});

describe('buildTrackerState', () => {
  it("has Rasa's eleven keys in Rasa's order, and an empty latest message for a new conversation", () => {
    const state = buildTrackerState('u1', [], ['nome']);
    expect(Object.keys(state)).toEqual([
      'sender_id',
      'slots',
      'latest_message',
      'latest_event_time',
      'followup_action',
      'paused',
      'events',
      'latest_input_channel',
      'active_loop',
      'latest_action',
      'latest_action_name',
    ]);
    expect(state).toEqual({
      sender_id: 'u1',
      slots: { nome: null, requested_slot: null, session_started_metadata: null },
      latest_message: { intent: {}, entities: [], text: null, message_id: null, metadata: {} },
      latest_event_time: null,
      followup_action: 'action_listen',
      paused: false,
      events: [],
      latest_input_channel: null,
      active_loop: {},
      latest_action: {},
      latest_action_name: null,
    });
  });

  it('reads slots, the latest message, action and channel, and the pause', () => {
    const events = [...sessionStartEvents(1, {}, {}), user('oi', 2), slotEvent('nome', 'Ana', 2), actionEvent('utter_greet', 3), { event: 'pause', timestamp: 4 }];
    const state = buildTrackerState('u1', events, ['nome']);
    expect(state).toMatchObject({
      slots: { nome: 'Ana' },
      latest_message: { text: 'oi', intent: { name: 'greet', confidence: 0.9 } },
      latest_event_time: 4,
      followup_action: null,
      paused: true,
      latest_input_channel: 'rest',
      latest_action: { action_name: 'utter_greet' },
      latest_action_name: 'utter_greet',
    });
    expect(state.events).toHaveLength(events.length);
  });

  it('lists events as include_events asks, and stops at until', () => {
    const events: TrackerEvent[] = [
      user('before restart', 1),
      { event: 'restart', timestamp: 2 },
      ...sessionStartEvents(3, {}, {}),
      user('first', 4),
      actionEvent('utter_a', 4),
      { event: 'rewind', timestamp: 5 },
      user('second', 6),
    ];
    expect(buildTrackerState('u', events, [], { includeEvents: 'ALL' }).events).toHaveLength(events.length);
    expect(buildTrackerState('u', events, [], {}).events).toHaveLength(events.length - 2);
    expect(buildTrackerState('u', events, [], { includeEvents: 'NONE' }).events).toBeNull();
    const applied = buildTrackerState('u', events, [], { includeEvents: 'APPLIED' }).events ?? [];
    // The rewind takes back "first", what followed it and the action_listen that waited for it.
    expect(applied.map((event) => event.text ?? event.name)).toEqual(['second']);
    const until = buildTrackerState('u', events, [], { includeEvents: 'ALL', until: 4 });
    expect(until.events).toHaveLength(events.length - 2);
    expect(until.latest_event_time).toBe(4);
  });

  it('asks for a session start after a restart, until a message, an action or a new session', () => {
    expect(buildTrackerState('u', [user('x', 1), { event: 'restart', timestamp: 2 }], []).followup_action).toBe('action_session_start');
    // A slot set after the restart leaves the request standing (Rasa's SlotSet does not clear it).
    expect(buildTrackerState('u', [{ event: 'restart', timestamp: 2 }, slotEvent('nome', 'x', 3)], ['nome']).followup_action).toBe('action_session_start');
    expect(buildTrackerState('u', [{ event: 'restart', timestamp: 2 }, user('y', 3)], []).followup_action).toBeNull();
    expect(buildTrackerState('u', [{ event: 'restart', timestamp: 2 }, ...sessionStartEvents(3, {}, {})], []).followup_action).toBeNull();
  });

  it("reads Rasa 1's form events as Rasa 3 does: form as active_loop, form_validation false as an interruption", () => {
    const events: TrackerEvent[] = [user('quero pedir', 1), { event: 'form', timestamp: 2, name: 'pedido_form' }, { event: 'form_validation', timestamp: 3, validate: false }];
    expect(buildTrackerState('u1', events, []).active_loop).toMatchObject({ name: 'pedido_form', is_interrupted: true, rejected: false });
    expect(buildTrackerState('u1', [...events, { event: 'form', timestamp: 4, name: null }], []).active_loop).toEqual({});
    // Rasa reads `not validate`: true goes on, null (or none) interrupts.
    const validated = (validate: unknown) => buildTrackerState('u1', [...events.slice(0, 2), { event: 'form_validation', timestamp: 3, validate }], []).active_loop;
    expect(validated(true)).toMatchObject({ is_interrupted: false });
    expect(validated(null)).toMatchObject({ is_interrupted: true });
  });

  it('shows every slot set, declared or not (what 4biz pushes is read back, as the engine keeps it)', () => {
    const state = buildTrackerState('u', [slotEvent('nome', 'Ana', 1), slotEvent('login', 'maria', 2)], ['nome']);
    expect(state.slots).toEqual({ nome: 'Ana', requested_slot: null, session_started_metadata: null, login: 'maria' });
  });

  it("reads the latest input channel over every session, as Rasa's get_latest_input_channel", () => {
    const state = buildTrackerState('u', [{ ...user('a', 1), input_channel: 'fourbiz' }, ...sessionStartEvents(2, {}, {})], []);
    expect(state.latest_input_channel).toBe('fourbiz');
  });
});

describe('appliedEvents', () => {
  it('undoes the last bot action, and a rewound user message with the action_listen that waited for it', () => {
    const events: TrackerEvent[] = [
      actionEvent('action_listen', 0),
      user('a', 1),
      actionEvent('utter_a', 2),
      { event: 'undo', timestamp: 3 },
      actionEvent('utter_b', 3.5),
      actionEvent('action_listen', 3.8),
      user('b', 4),
      { event: 'rewind', timestamp: 5 },
    ];
    expect(appliedEvents(events).map((event) => event.text ?? event.name)).toEqual(['action_listen', 'a', 'utter_b']);
  });
});
