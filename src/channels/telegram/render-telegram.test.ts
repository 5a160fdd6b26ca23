import { describe, expect, it } from 'vitest';
import { channelPhrases } from '../core/channel-phrases.js';
import { renderForTelegram, telegramChatId } from './render-telegram.js';

const options = { chatId: '42', ids: (payload: string) => (payload.length > 10 ? '~short' : payload), phrases: channelPhrases('en') };

describe('Telegram rendering', () => {
  it("sends chat ids as Telegram's integers (groups' negative ones too), a channel's @username as it is", () => {
    expect([telegramChatId('42'), telegramChatId('-1001234567890'), telegramChatId('@canal'), telegramChatId('0042'), telegramChatId('99999999999999999999')]).toEqual([
      42,
      -1001234567890,
      '@canal',
      '0042',
      '99999999999999999999',
    ]);
  });

  it('puts the keyboard on the last part of a long text, with the buttons’ ids', () => {
    const text = 'Sentence number one. '.repeat(300).trim();
    const out = renderForTelegram({ text, buttons: [{ title: 'Yes', payload: 'yes' }, { title: 'A long one', payload: '/choose{"x": "long"}' }] }, options);
    expect(out.length).toBeGreaterThan(1);
    expect(out.every((call) => call.method === 'sendMessage' && (call.body['text'] as string).length <= 4096)).toBe(true);
    expect(out.at(-1)?.body['reply_markup']).toEqual({ inline_keyboard: [[{ text: 'Yes', callback_data: 'yes' }], [{ text: 'A long one', callback_data: '~short' }]] });
    expect(out.slice(0, -1).every((call) => call.body['reply_markup'] === undefined)).toBe(true);
    expect(renderForTelegram({ buttons: [{ title: 'Yes', payload: 'yes' }] }, options)[0]?.body['text']).toBe('Choose an option:');
  });

  it('renders a link button (web_url) as a url button, the others as callback buttons', () => {
    const buttons = [
      { title: 'Abrir o portal', payload: 'Abrir o portal', type: 'web_url', url: 'https://portal.example.com/chamados' },
      { title: 'Sim', payload: 'sim' },
      { title: 'Not a web link', payload: 'x', type: 'web_url', url: 'javascript:alert(1)' },
    ];
    expect(renderForTelegram({ text: 'Veja', buttons }, options)[0]?.body['reply_markup']).toEqual({
      inline_keyboard: [[{ text: 'Abrir o portal', url: 'https://portal.example.com/chamados' }], [{ text: 'Sim', callback_data: 'sim' }], [{ text: 'Not a web link', callback_data: 'x' }]],
    });
  });

  it('sends images with short text as caption, attachments as documents, and custom payloads by their keys', () => {
    expect(renderForTelegram({ text: 'Look', image: 'https://example.com/a.png' }, options)).toEqual([{ method: 'sendPhoto', body: { chat_id: 42, photo: 'https://example.com/a.png', caption: 'Look' } }]);
    expect(renderForTelegram({ attachment: 'https://example.com/a.pdf' }, options)).toEqual([{ method: 'sendDocument', body: { chat_id: 42, document: 'https://example.com/a.pdf' } }]);
    expect(renderForTelegram({ custom: { latitude: 1.5, longitude: 2.5, chat_id: 'other' } }, options)).toEqual([{ method: 'sendLocation', body: { latitude: 1.5, longitude: 2.5, chat_id: 42 } }]);
    expect(renderForTelegram({ custom: { unknown: true } }, options)).toEqual([]);
  });

  it('splits a long attachment that is not a link like a long text (4096 characters a part), and sends an empty one not at all', () => {
    const long = 'Uma frase de anexo sem link. '.repeat(400).trim();
    const parts = renderForTelegram({ attachment: long }, options).map((part) => part.body['text'] as string);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every((part) => part.length <= 4096)).toBe(true);
    expect(parts.join(' ')).toBe(long);
    expect(renderForTelegram({ attachment: '' }, options)).toEqual([]);
  });
});
