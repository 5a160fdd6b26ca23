import { describe, expect, it } from 'vitest';
import { toTurn, turnsOf } from './inbound.js';

describe('Messenger referrals and opt-ins', () => {
  it("turns a referral's ref into the text, keeping the referral in the metadata", () => {
    const turn = toTurn({ sender: { id: 'psid-1' }, timestamp: 1700, referral: { ref: '/avaliar_atendimento', source: 'SHORTLINK', type: 'OPEN_THREAD' } }, 'page', false);
    expect(turn).toMatchObject({
      sender: 'psid-1',
      text: '/avaliar_atendimento',
      messageId: 'referral:psid-1:1700',
      standby: false,
      metadata: { facebook: { referral: { ref: '/avaliar_atendimento', source: 'SHORTLINK', type: 'OPEN_THREAD' } } },
    });
  });

  it('maps an opt-in with a sender, and records (without answering) one with only a user_ref', () => {
    expect(toTurn({ sender: { id: 'psid-2' }, timestamp: 5, optin: { ref: 'oi' } }, 'page', false)).toMatchObject({ sender: 'psid-2', text: 'oi', standby: false });
    expect(toTurn({ timestamp: 6, optin: { ref: 'oi', user_ref: 'ur-9' } }, 'page', false)).toMatchObject({ sender: 'user_ref:ur-9', text: 'oi', standby: true });
  });

  it('ignores a referral without a ref, and events with no sender at all', () => {
    expect(toTurn({ sender: { id: 'psid-3' }, referral: { source: 'ADS', type: 'OPEN_THREAD' } }, 'page', false)).toBeNull();
    expect(toTurn({ timestamp: 1, optin: { ref: 'x' } }, 'page', false)).toBeNull();
  });

  it('keeps referrals among the other events of a batched body', () => {
    const body = {
      object: 'page',
      entry: [{ id: 'page', messaging: [{ sender: { id: 'a' }, message: { mid: 'm1', text: 'oi' } }, { sender: { id: 'b' }, timestamp: 2, referral: { ref: 'tchau' } }] }],
    };
    expect(turnsOf(body).map((turn) => [turn.sender, turn.text])).toEqual([
      ['a', 'oi'],
      ['b', 'tchau'],
    ]);
  });
});

describe('Messenger attachments', () => {
  const message = (body: Record<string, unknown>) => toTurn({ sender: { id: 'psid' }, timestamp: 1, message: { mid: 'm_1', ...body } }, 'page', false);

  it('reads the text beside attachments, and an attachment-only message as unreadable, the URLs in the metadata', () => {
    const photo = { type: 'image', payload: { url: 'https://cdn.example/p.jpg' } };
    expect(message({ text: 'veja', attachments: [photo] })).toMatchObject({ text: 'veja', metadata: { facebook: { attachments: [{ type: 'image', url: 'https://cdn.example/p.jpg' }] } } });
    expect(message({ text: 'veja', attachments: [photo] })?.unreadable).toBeUndefined();
    expect(message({ attachments: [photo] })).toMatchObject({ text: '[image]', unreadable: true });
    expect(message({ attachments: [{ type: 'sticker', payload: { url: 'https://cdn.example/s.png', sticker_id: 369239263222822 } }] })).toMatchObject({ text: '[sticker]', unreadable: true });
    expect(message({ attachments: [{ type: 'image', payload: { url: 'https://cdn.example/s.png', sticker_id: 369239263222822 } }] })).toMatchObject({ text: '[sticker]', unreadable: true });
    expect(message({ attachments: [{ type: 'fallback' }] })).toMatchObject({ text: '[fallback]', metadata: { facebook: { attachments: [{ type: 'fallback', url: null }] } } });
    expect(message({ text: 'Sim', quick_reply: { payload: 'SIM' }, attachments: [photo] })).toMatchObject({ text: 'SIM', button: true });
  });
});
