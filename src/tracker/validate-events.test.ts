import { describe, expect, it } from 'vitest';
import { validateEvents } from './validate-events.js';

describe('validateEvents', () => {
  it('accepts one event or a list, and stamps the ones without a timestamp', () => {
    expect(validateEvents({ event: 'slot', name: 'nome', value: 'Ana' }, 10)).toEqual({
      ok: true,
      events: [{ event: 'slot', name: 'nome', value: 'Ana', timestamp: 10 }],
    });
    const list = validateEvents([{ event: 'pause', timestamp: 1.5 }, { event: 'resume' }], 10);
    expect(list).toEqual({ ok: true, events: [{ event: 'pause', timestamp: 1.5 }, { event: 'resume', timestamp: 10 }] });
  });

  it("fills the fields Rasa's user, bot and action events always carry, keeping what was posted", () => {
    const result = validateEvents(
      [
        { event: 'action', name: 'action_listen' },
        { event: 'bot', text: 'oi', data: { buttons: [{ title: 'A', payload: '/a' }] } },
        { event: 'user', text: 'olá' },
        { event: 'user', text: 'x', message_id: 'm1', parse_data: { entities: [{ entity: 'nome', value: 'Ana' }] }, metadata: { a: 1 } },
        { event: 'action', name: 'utter_x', policy: 'P', confidence: 0.5, hide_rule_turn: true },
      ],
      7,
    );
    expect(result).toEqual({
      ok: true,
      events: [
        { event: 'action', timestamp: 7, name: 'action_listen', policy: null, confidence: null, action_text: null, hide_rule_turn: false },
        { event: 'bot', timestamp: 7, text: 'oi', data: { elements: null, quick_replies: null, buttons: [{ title: 'A', payload: '/a' }], attachment: null, image: null, custom: null } },
        { event: 'user', timestamp: 7, text: 'olá', parse_data: { intent: {}, entities: [], text: 'olá', message_id: null, metadata: {} }, input_channel: null, message_id: null },
        {
          event: 'user',
          timestamp: 7,
          text: 'x',
          message_id: 'm1',
          metadata: { a: 1 },
          parse_data: { intent: {}, entities: [{ entity: 'nome', value: 'Ana' }], text: 'x', message_id: 'm1', metadata: { a: 1 } },
          input_channel: null,
        },
        { event: 'action', timestamp: 7, name: 'utter_x', policy: 'P', confidence: 0.5, action_text: null, hide_rule_turn: true },
      ],
    });
  });

  it('keeps slot values of every JSON type, null included', () => {
    for (const value of [1, 'x', null, [1, 'a'], { a: 1 }, true]) {
      expect(validateEvents({ event: 'slot', name: 's', value }, 0)).toMatchObject({ ok: true, events: [{ value }] });
    }
  });

  it.each([
    [undefined, /no event/],
    [[], /no event/],
    ['pause', /not an object/],
    [{ name: 'x' }, /no "event" type/],
    [{ event: 'teleport' }, /unknown type "teleport"/],
    [{ event: 'slot', value: 1 }, /name must be a string/],
    [{ event: 'slot', name: 'x' }, /value must be present/],
    [{ event: 'entities', entities: { a: 1 } }, /entities must be a list/],
    [{ event: 'entities', entities: [{ value: 1 }] }, /entities must be a list/],
    [{ event: 'pause', timestamp: 'yesterday' }, /timestamp must be a number/],
    [[{ event: 'pause' }, { event: 'action' }], /event 1 \("action"\): name must be a string/],
  ])('refuses %j', (body, message) => {
    const result = validateEvents(body, 0);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
