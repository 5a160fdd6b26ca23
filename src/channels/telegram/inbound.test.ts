import { describe, expect, it } from 'vitest';
import { readUpdate } from './inbound.js';

describe('Telegram updates', () => {
  const message = (extra: Record<string, unknown>, chat: Record<string, unknown> = { id: 42, type: 'private' }) => ({ update_id: 7, message: { message_id: 3, date: 1715000000, from: { id: 42, is_bot: false, first_name: 'Ana' }, chat, ...extra } });

  it('reads text (a command without its bot name), captions, and the rest as unreadable', () => {
    expect(readUpdate(message({ text: '/start@acme_bot promo' }))).toMatchObject({ updateId: 7, chatId: '42', kind: 'text', text: '/start promo', date: 1715000000 });
    expect(readUpdate(message({ video: { file_id: 'v' }, caption: 'olha isso' }))).toMatchObject({ kind: 'text', text: 'olha isso', metadata: { telegram: { type: 'video' } } });
    expect(readUpdate(message({ voice: { file_id: 'v', duration: 3 } }))).toMatchObject({ kind: 'unreadable', text: '[voice]', metadata: { telegram: { voice: { file_id: 'v' } } } });
    expect(readUpdate(message({ text: 'oi' }, { id: -100123, type: 'supergroup' }))).toMatchObject({ chatId: '-100123' });
  });

  it('reads /start as the opening, with the deep link parameter', () => {
    expect(readUpdate(message({ text: '/start' }))).toMatchObject({ kind: 'text', text: '/start', start: { param: undefined } });
    expect(readUpdate(message({ text: '/start@acme_bot planos' }))).toMatchObject({ text: '/start planos', start: { param: 'planos' }, metadata: { telegram: { start_param: 'planos' } } });
    expect(readUpdate(message({ text: '/start quero ver planos' }))).not.toHaveProperty('start');
    expect(readUpdate(message({ text: '/starting' }))).not.toHaveProperty('start');
    expect(readUpdate(message({ text: 'oi' }))).not.toHaveProperty('start');
  });

  it('reads a pressed button, and ignores bots, channel posts, edits and malformed updates', () => {
    const query = { update_id: 8, callback_query: { id: 'q1', from: { id: 42 }, message: { message_id: 9, chat: { id: 42 } }, data: 'sim' } };
    expect(readUpdate(query)).toMatchObject({ kind: 'callback', text: 'sim', callbackQueryId: 'q1', chatId: '42' });
    expect(readUpdate({ update_id: 9, callback_query: { id: 'q2', from: { id: 43 }, data: 'x' } })).toMatchObject({ chatId: '43' });
    expect(readUpdate(message({ text: 'oi', from: { id: 1, is_bot: true } }))).toBeNull();
    expect(readUpdate(message({ text: 'oi' }, { id: -1, type: 'channel' }))).toBeNull();
    expect(readUpdate({ update_id: 10, edited_message: { text: 'x', chat: { id: 1 } } })).toBeNull();
    expect(readUpdate({ message: { text: 'no id' } })).toBeNull();
  });
});
