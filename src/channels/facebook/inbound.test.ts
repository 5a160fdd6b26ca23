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
