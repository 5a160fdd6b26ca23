import { describe, expect, it } from 'vitest';
import type { AssistantRecord } from '../../store/store.js';
import { renderForMessenger } from '../facebook/render-messenger.js';
import { renderForTelegram } from '../telegram/render-telegram.js';
import { renderForWhatsApp } from '../whatsapp/render-whatsapp.js';
import { buttonIds, payloadOfButtonId, renderWithButtonIds, shortIdOf } from './button-payloads.js';

function memoryRecords() {
  const kept = new Map<string, string>();
  return {
    kept,
    saveButtonPayloads: async (_assistantId: number, entries: Array<{ shortId: string; payload: string }>) => {
      for (const entry of entries) if (!kept.has(entry.shortId)) kept.set(entry.shortId, entry.payload);
    },
    buttonPayload: async (_assistantId: number, shortId: string) => kept.get(shortId),
  };
}

describe('button payloads under short ids', () => {
  const fits64Bytes = (payload: string) => Buffer.byteLength(payload) <= 64;

  it('keeps short payloads as they are, and long ones (in bytes) as a stable short id that comes back as the payload', async () => {
    const records = memoryRecords();
    const long = `/pedir_produto{"produto": "impressora multifuncional", "cor": "azul-marinho"}`;
    const accented = 'ã'.repeat(40); // 40 characters, 80 bytes
    const ids = await buttonIds(records, 1, ['sim', long, accented, long], fits64Bytes);
    expect(ids.get('sim')).toBe('sim');
    expect(ids.get(long)).toBe(shortIdOf(long));
    expect(ids.get(accented)).toMatch(/^~[A-Za-z0-9_-]{22}$/);
    expect(Buffer.byteLength(ids.get(long)!)).toBeLessThanOrEqual(64);
    expect(shortIdOf(long)).toBe(shortIdOf(long));
    expect(await payloadOfButtonId(records, 1, ids.get(long)!)).toBe(long);
    expect(await payloadOfButtonId(records, 1, ids.get(accented)!)).toBe(accented);
    expect(await payloadOfButtonId(records, 1, 'sim')).toBe('sim');
    expect(records.kept.size).toBe(2);
  });

  it('stores a payload that looks like a short id, so it is never mistaken for another', async () => {
    const records = memoryRecords();
    const lookalike = shortIdOf('something else');
    const ids = await buttonIds(records, 1, [lookalike], fits64Bytes);
    expect(ids.get(lookalike)).not.toBe(lookalike);
    expect(await payloadOfButtonId(records, 1, ids.get(lookalike)!)).toBe(lookalike);
    // An unknown short id is taken as typed.
    expect(await payloadOfButtonId(records, 1, lookalike)).toBe(lookalike);
  });
});

describe('button payloads the platforms would refuse as ids', () => {
  const assistant = { id: 1, language: 'pt' } as AssistantRecord;
  // An action server's buttons: an empty payload, one with spaces around it, and one payload twice.
  const message = {
    text: 'Confirma?',
    buttons: [
      { title: 'Sim', payload: ' sim ' },
      { title: 'Talvez', payload: '' },
      { title: 'Não', payload: '/negar' },
      { title: 'Nunca', payload: '/negar' },
    ],
  };
  const wellFormed = (id: string) => id !== '' && id === id.trim();

  it('sends them as short ids, unique within a message, that come back as the payloads (WhatsApp)', async () => {
    const records = memoryRecords();
    const [list] = await renderWithButtonIds(records, assistant, [message], (payload) => payload.length <= 200, (rendered, ids, phrases) => renderForWhatsApp(rendered, { ids, phrases }));
    const rows = (list as unknown as { interactive: { action: { sections: Array<{ rows: Array<{ id: string }> }> } } }).interactive.action.sections[0]!.rows.map((row) => row.id);
    expect(rows.every(wellFormed)).toBe(true);
    expect(new Set(rows).size).toBe(4);
    expect(await Promise.all(rows.map((id) => payloadOfButtonId(records, 1, id)))).toEqual([' sim ', '', '/negar', '/negar']);
    const [buttons] = await renderWithButtonIds(records, assistant, [{ ...message, buttons: message.buttons.slice(1) }], (payload) => payload.length <= 256, (rendered, ids, phrases) => renderForWhatsApp(rendered, { ids, phrases }));
    const replies = (buttons as unknown as { interactive: { action: { buttons: Array<{ reply: { id: string } }> } } }).interactive.action.buttons.map((button) => button.reply.id);
    expect(new Set(replies).size).toBe(3);
    expect(replies.every(wellFormed)).toBe(true);
  });

  it('never sends an empty or padded callback_data (Telegram) nor postback payload (Messenger)', async () => {
    const records = memoryRecords();
    const [call] = await renderWithButtonIds(records, assistant, [message], (payload) => Buffer.byteLength(payload) <= 64, (rendered, ids, phrases) => renderForTelegram(rendered, { chatId: '42', ids, phrases }));
    const data = ((call!.body['reply_markup'] as { inline_keyboard: Array<Array<{ callback_data: string }>> }).inline_keyboard).map(([button]) => button!.callback_data);
    expect(data.every((id) => wellFormed(id) && Buffer.byteLength(id) <= 64)).toBe(true);
    expect(await Promise.all(data.map((id) => payloadOfButtonId(records, 1, id)))).toEqual([' sim ', '', '/negar', '/negar']);
    const [template] = await renderWithButtonIds(records, assistant, [{ ...message, buttons: message.buttons.slice(0, 2) }], (payload) => payload.length <= 1000, (rendered, ids) => renderForMessenger(rendered, ids));
    const payloads = (template as { attachment: { payload: { buttons: Array<{ payload: string }> } } }).attachment.payload.buttons.map((button) => button.payload);
    expect(payloads.every(wellFormed)).toBe(true);
    expect(await Promise.all(payloads.map((id) => payloadOfButtonId(records, 1, id)))).toEqual([' sim ', '']);
  });
});
