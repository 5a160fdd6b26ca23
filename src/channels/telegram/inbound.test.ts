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
    // A game's button has no data: only its query is answered.
    expect(readUpdate({ update_id: 11, callback_query: { id: 'q3', from: { id: 42 }, message: { message_id: 9, chat: { id: 42 } }, game_short_name: 'quiz' } })).toMatchObject({ kind: 'query', callbackQueryId: 'q3', chatId: '42' });
    expect(readUpdate(message({ text: 'oi', from: { id: 1, is_bot: true } }))).toBeNull();
    expect(readUpdate(message({ text: 'oi' }, { id: -1, type: 'channel' }))).toBeNull();
    expect(readUpdate({ update_id: 10, edited_message: { text: 'x', chat: { id: 1 } } })).toBeNull();
    expect(readUpdate({ message: { text: 'no id' } })).toBeNull();
  });

  it('ignores service messages: members, titles, photos, pins, migrations, topics, video chats', () => {
    const service: Array<Record<string, unknown>> = [
      { new_chat_members: [{ id: 50, is_bot: false, first_name: 'Bia' }] },
      { left_chat_member: { id: 50, is_bot: false, first_name: 'Bia' } },
      { new_chat_title: 'Suporte' },
      { new_chat_photo: [{ file_id: 'p' }] },
      { delete_chat_photo: true },
      { group_chat_created: true },
      { supergroup_chat_created: true },
      { channel_chat_created: true },
      { pinned_message: { message_id: 2, date: 1715000000, chat: { id: -5, type: 'group' }, text: 'fixada' } },
      { message_auto_delete_timer_changed: { message_auto_delete_time: 86400 } },
      { migrate_to_chat_id: -1001234567890 },
      { migrate_from_chat_id: -5 },
      { forum_topic_created: { name: 'Dúvidas', icon_color: 7322096 } },
      { forum_topic_closed: {} },
      { video_chat_started: {} },
      { video_chat_ended: { duration: 60 } },
      { write_access_allowed: { from_request: true } },
      { boost_added: { boost_count: 1 } },
    ];
    for (const extra of service) expect(readUpdate(message(extra, { id: -5, type: 'group' })), JSON.stringify(extra)).toBeNull();
    // What users send and the channel cannot read is still answered.
    for (const kind of ['sticker', 'document', 'location', 'story', 'paid_media', 'web_app_data', 'users_shared', 'successful_payment']) {
      expect(readUpdate(message({ [kind]: { file_id: 'f' } })), kind).toMatchObject({ kind: 'unreadable', text: `[${kind}]` });
    }
  });
});
