import { describe, expect, it } from 'vitest';
import { readActionReply, type ReplyContext } from './read-action-reply.js';

const context: ReplyContext = {
  now: 1_700_000_000.5,
  metadata: { assistant_id: '1', model_id: 'm1', action: 'action_x' },
  renderResponse: (name, values) => (name === 'utter_oi' ? { text: `Oi, ${String(values['nome'] ?? 'você')}!`, buttons: [{ title: 'Menu', payload: '/menu' }] } : undefined),
};

describe("reading an action server's answer as Rasa 3.6 does", () => {
  it('turns responses into bot events before the returned events, re-stamped, with the ids in their metadata', () => {
    const outcome = readActionReply(
      {
        status: 200,
        body: {
          events: [{ event: 'slot', name: 'pedido', value: 'A17', timestamp: null }, { event: 'bot', text: 'Depois', data: { buttons: [{ title: 'Ok', payload: 'ok' }] } }],
          responses: [
            { text: null, buttons: [], elements: [], custom: {}, template: null, response: 'utter_oi', image: null, attachment: null, nome: 'Ana' },
            { response: 'utter_oi', buttons: [{ title: 'Sair', payload: '/sair' }], text: 'Trocado' },
            { response: 'utter_nada' },
            { image: 'https://cdn.example/a.png', custom: { x: 1 } },
          ],
        },
      },
      context,
    );
    expect(outcome.kind).toBe('done');
    if (outcome.kind !== 'done') return;
    expect(outcome.messages).toEqual([
      { text: 'Oi, Ana!', buttons: [{ title: 'Menu', payload: '/menu' }] },
      // `buttons` are appended to the response's; other non-empty keys override it.
      { text: 'Trocado', buttons: [{ title: 'Menu', payload: '/menu' }, { title: 'Sair', payload: '/sair' }] },
      { image: 'https://cdn.example/a.png', custom: { x: 1 } },
      { text: 'Depois', buttons: [{ title: 'Ok', payload: 'ok' }] },
    ]);
    expect(outcome.events.map((event) => [event.event, event.timestamp])).toEqual([
      ['bot', context.now],
      ['bot', context.now],
      ['bot', context.now],
      ['slot', context.now],
      ['bot', context.now],
    ]);
    expect(outcome.events[0]?.metadata).toEqual({ ...context.metadata, utter_action: 'utter_oi' });
    expect(outcome.events[3]?.metadata).toEqual(context.metadata);
  });

  it("reads quick_replies as buttons, and a button without payload sends its title (Rasa's socket.io channel)", () => {
    const outcome = readActionReply(
      {
        status: 200,
        body: {
          events: [{ event: 'bot', text: 'Evento', data: { quick_replies: [{ title: 'Q', payload: '/q' }], buttons: [{ title: 'ignored' }] } }],
          responses: [
            { text: 'Escolha', quick_replies: [{ title: 'Sim', payload: 'sim' }, { title: 'Talvez' }] },
            { text: 'Botões', buttons: [{ title: 'Sem payload' }, { payload: 'sem título' }] },
          ],
        },
      },
      context,
    );
    expect(outcome.kind).toBe('done');
    if (outcome.kind !== 'done') return;
    expect(outcome.messages).toEqual([
      { text: 'Escolha', buttons: [{ title: 'Sim', payload: 'sim' }, { title: 'Talvez', payload: 'Talvez' }] },
      { text: 'Botões', buttons: [{ title: 'Sem payload', payload: 'Sem payload' }] },
      { text: 'Evento', buttons: [{ title: 'Q', payload: '/q' }] },
    ]);
  });

  it("sends a named response's quick replies instead of its template's buttons, as Rasa's send_response", () => {
    const outcome = readActionReply({ status: 200, body: { events: [], responses: [{ response: 'utter_oi', quick_replies: [{ title: 'Já', payload: '/ja' }] }] } }, context);
    expect(outcome.kind).toBe('done');
    if (outcome.kind !== 'done') return;
    expect(outcome.messages).toEqual([{ text: 'Oi, você!', buttons: [{ title: 'Já', payload: '/ja' }] }]);
  });

  it('keeps the elements of responses and bot events, and stores them in the bot event', () => {
    const card = { title: 'Pedido A17', subtitle: 'Entregue', buttons: [{ title: 'Detalhes', payload: '/detalhes' }] };
    const outcome = readActionReply({ status: 200, body: { events: [{ event: 'bot', data: { elements: [card] } }], responses: [{ elements: [card, 'not a card'] }] } }, context);
    expect(outcome.kind).toBe('done');
    if (outcome.kind !== 'done') return;
    expect(outcome.messages).toEqual([{ elements: [card] }, { elements: [card] }]);
    expect(outcome.events.filter((event) => event.event === 'bot').map((event) => (event.data as { elements: unknown }).elements)).toEqual([[card], [card]]);
  });

  it("takes rasa-sdk's reminder events as it sends them (entities null, a {name: value} object), export and Rasa 1's form events", () => {
    const events = [
      { event: 'reminder', intent: 'lembrar', date_time: '2023-11-15T21:00:00', entities: null, name: 'r1', kill_on_user_msg: true, timestamp: null },
      { event: 'reminder', intent: 'lembrar', date_time: '2023-11-15T21:00:00', entities: { pedido: 'A17' }, name: 'r2', kill_on_user_msg: false, timestamp: null },
      { event: 'cancel_reminder', name: null, intent: null, entities: null, timestamp: null },
      { event: 'export', timestamp: null },
      { event: 'form', name: 'pedido_form', timestamp: null },
      { event: 'form_validation', validate: false, timestamp: null },
    ];
    const outcome = readActionReply({ status: 200, body: { events, responses: [{ text: 'hi' }] } }, context);
    expect(outcome).toMatchObject({ kind: 'done', messages: [{ text: 'hi' }] });
    expect(outcome.kind === 'done' ? outcome.events.map((event) => event.event) : []).toEqual(['bot', ...events.map((event) => event.event)]);
  });

  it('takes an empty answer or an empty object as an action that did nothing', () => {
    expect(readActionReply({ status: 200, body: {} }, context)).toEqual({ kind: 'done', events: [], messages: [] });
    expect(readActionReply({ status: 200, body: { events: [], responses: [] } }, context)).toEqual({ kind: 'done', events: [], messages: [] });
  });

  it("reads rasa-sdk's rejection (400 naming the action) apart from other errors", () => {
    expect(readActionReply({ status: 400, body: { error: 'não agora', action_name: 'action_x' } }, context)).toEqual({ kind: 'rejected', error: 'não agora' });
    expect(readActionReply({ status: 400, body: { error: 'Invalid body request' } }, context)).toEqual({ kind: 'failed', status: 400, error: 'Invalid body request' });
    expect(readActionReply({ status: 404, body: { error: "No registered action found for name 'action_x'.", action_name: 'action_x' } }, context)).toMatchObject({ kind: 'failed', status: 404 });
    expect(readActionReply({ status: 500, body: { error: 'x'.repeat(1000), request_body: {} } }, context)).toMatchObject({ kind: 'failed', status: 500, error: 'x'.repeat(300) });
    expect(readActionReply({ status: 302, body: undefined }, context)).toEqual({ kind: 'failed', status: 302, error: 'the action server answered HTTP 302' });
  });

  it('fails an answer that does not fit: not an object, events or responses not lists, an event Rasa would not take', () => {
    for (const body of [null, [], 'ok', { events: {} }, { responses: 'x' }, { responses: ['x'] }, { events: [{ event: 'slot', value: 1 }] }, { events: [{ event: 'teleport' }] }, { events: [{ name: 'sem tipo' }] }]) {
      expect(readActionReply({ status: 200, body }, context).kind, JSON.stringify(body)).toBe('failed');
    }
  });
});
